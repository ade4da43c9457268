// CONTRACT §1–2: /healthz, the `default` workspace, POST /api/workspaces, token kinds (401 vs 403,
// nothing else revealed) and the isolation of workspaces from each other.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { comment, minimal, nextId, purchase, refund, TS } from '../helpers/events.js';
import { TestKolpulse, type WorkspaceTokens } from '../helpers/kolpulse.js';

let t: TestKolpulse;
beforeAll(async () => {
  t = await TestKolpulse.start();
});
afterAll(async () => {
  await t.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function createWorkspace(headers: Record<string, string>, body: unknown = { name: 'Acme Beauty' }, query = '') {
  return t.request(`/api/workspaces${query}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('GET /healthz', () => {
  test('answers 200 {"ok":true}', async () => {
    const res = await t.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"ok":true}');
  });

  test('needs no token', async () => {
    expect((await t.request('/healthz', { headers: bearer('nonsense') })).status).toBe(200);
  });
});

describe('the default workspace', () => {
  test('exists on first start, named `default`', async () => {
    const d = t.defaultWorkspace;
    const all = await t.kp.workspaces.list();
    const named = all.filter((w) => w.name === 'default');
    expect(named).toHaveLength(1);
    expect(named[0]!.id).toBe(d.id);
  });

  test('its ingest token writes and its read token reads', async () => {
    const d = t.defaultWorkspace;
    expect((await t.postEvents([comment()], d.ingestToken)).status).toBe(200);
    expect((await t.request('/api/rejected', { headers: bearer(d.readToken) })).status).toBe(200);
  });

  test('its tokens are of distinct kinds', async () => {
    const d = t.defaultWorkspace;
    expect(d.ingestToken).not.toBe(d.readToken);
    expect((await t.postEvents([comment()], d.readToken)).status).toBe(403);
    expect((await t.request('/api/rejected', { headers: bearer(d.ingestToken) })).status).toBe(403);
  });
});

describe('POST /api/workspaces', () => {
  test('admin token → 201 with id, name, ingestToken, readToken', async () => {
    const res = await createWorkspace(bearer(t.adminToken), { name: 'Acme Beauty' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['id', 'ingestToken', 'name', 'readToken']);
    expect(body.name).toBe('Acme Beauty');
    for (const k of ['id', 'ingestToken', 'readToken']) {
      expect(typeof body[k]).toBe('string');
      expect((body[k] as string).length).toBeGreaterThan(0);
    }
    expect(body.ingestToken).not.toBe(body.readToken);
    expect(body.id).not.toBe(t.defaultWorkspace.id);
  });

  test('two workspaces get different ids and tokens, even with the same name', async () => {
    const a = await t.createWorkspace('Twin');
    const b = await t.createWorkspace('Twin');
    expect(new Set([a.id, b.id]).size).toBe(2);
    expect(new Set([a.ingestToken, a.readToken, b.ingestToken, b.readToken]).size).toBe(4);
  });

  test('the admin token may come as ?token=', async () => {
    expect((await createWorkspace({}, { name: 'Via query' }, `?token=${t.adminToken}`)).status).toBe(201);
  });

  test('an ingest or read token → 403', async () => {
    const d = t.defaultWorkspace;
    expect((await createWorkspace(bearer(d.ingestToken))).status).toBe(403);
    expect((await createWorkspace(bearer(d.readToken))).status).toBe(403);
  });

  test('no token, an unknown token, or a malformed header → 401', async () => {
    expect((await createWorkspace({})).status).toBe(401);
    expect((await createWorkspace(bearer('kp_admin_wrong'))).status).toBe(401);
    expect((await createWorkspace(bearer(`${t.adminToken}x`))).status).toBe(401);
    expect((await createWorkspace({ authorization: t.adminToken })).status).toBe(401);
    expect((await createWorkspace({ authorization: `Basic ${Buffer.from(`admin:${t.adminToken}`).toString('base64')}` })).status).toBe(401);
  });

  test('a body without a usable name → 400', async () => {
    expect((await createWorkspace(bearer(t.adminToken), {})).status).toBe(400);
    expect((await createWorkspace(bearer(t.adminToken), { name: '' })).status).toBe(400);
  });
});

describe('401 and 403 reveal nothing else', () => {
  test('a missing and an unknown token get the same answer', async () => {
    const none = await t.request('/api/rejected');
    const wrong = await t.request('/api/rejected', { headers: bearer('kp_read_guess') });
    expect(none.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toBe(await none.text());
  });

  test('a wrong-kind token gets the same 403 whichever workspace it belongs to', async () => {
    const other = await t.createWorkspace('Other');
    const a = await t.request('/api/rejected', { headers: bearer(t.defaultWorkspace.ingestToken) });
    const b = await t.request('/api/rejected', { headers: bearer(other.ingestToken) });
    expect(a.status).toBe(403);
    expect(b.status).toBe(403);
    const text = await a.text();
    expect(await b.text()).toBe(text);
    expect(text).not.toContain(t.defaultWorkspace.id);
  });
});

describe('workspaces are isolated', () => {
  let a: WorkspaceTokens;
  let b: WorkspaceTokens;
  beforeAll(async () => {
    a = await t.createWorkspace('Brand A');
    b = await t.createWorkspace('Brand B');
  });

  test('new workspace tokens work at once, each for its own kind', async () => {
    expect((await t.postEvents([comment()], a.ingestToken)).status).toBe(200);
    expect((await t.request('/api/rejected', { headers: bearer(a.readToken) })).status).toBe(200);
    expect((await t.postEvents([comment()], a.readToken)).status).toBe(403);
    expect((await t.request('/api/rejected', { headers: bearer(a.ingestToken) })).status).toBe(403);
  });

  test('the same event id in two workspaces is two events, not a duplicate', async () => {
    const e = comment();
    expect(await t.ingest([e], a.ingestToken)).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await t.ingest([e], b.ingestToken)).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await t.ingest([e], a.ingestToken)).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await t.storedEvents(a.id)).filter((r) => r.id === e.id)).toHaveLength(1);
    expect((await t.storedEvents(b.id)).filter((r) => r.id === e.id)).toHaveLength(1);
  });

  test("events go to the token's workspace only", async () => {
    const e = comment();
    await t.ingest([e], a.ingestToken);
    expect((await t.storedEvents(a.id)).some((r) => r.id === e.id)).toBe(true);
    expect((await t.storedEvents(b.id)).some((r) => r.id === e.id)).toBe(false);
    expect((await t.storedEvents(t.defaultWorkspace.id)).some((r) => r.id === e.id)).toBe(false);
  });

  test("one workspace's streams are invisible to another's read token", async () => {
    const room = nextId('room-a');
    await t.ingest([minimal('stream_start', { streamId: room }), minimal('comment', { streamId: room })], a.ingestToken);
    const list = async (token: string) => {
      const res = await t.request('/api/streams', { headers: bearer(token) });
      expect(res.status).toBe(200);
      return ((await res.json()) as Array<{ streamId: string }>).map((s) => s.streamId);
    };
    expect(await list(a.readToken)).toContain(room);
    expect(await list(b.readToken)).not.toContain(room);
    expect(await list(t.defaultWorkspace.readToken)).not.toContain(room);
    expect((await t.request(`/api/streams/${room}/summary`, { headers: bearer(a.readToken) })).status).toBe(200);
    expect((await t.request(`/api/streams/${room}/summary`, { headers: bearer(b.readToken) })).status).toBe(404);
  });

  test("one workspace's rejected log is invisible to another's read token", async () => {
    const badA = { id: nextId('only-a'), type: 'comment', ts: TS, streamId: 'room-1', userId: 'u1' };
    const badB = { id: nextId('only-b'), type: 'comment', ts: TS, streamId: 'room-1', userId: 'u1' };
    await t.ingest([badA], a.ingestToken);
    await t.ingest([badB], b.ingestToken);
    const logA = await t.rejected(a.readToken, '?limit=1000');
    const logB = await t.rejected(b.readToken, '?limit=1000');
    const logDefault = await t.rejected(t.defaultWorkspace.readToken, '?limit=1000');
    expect(logA.map((r) => r.id)).toContain(badA.id);
    expect(logA.map((r) => r.id)).not.toContain(badB.id);
    expect(logB.map((r) => r.id)).toContain(badB.id);
    expect(logB.map((r) => r.id)).not.toContain(badA.id);
    expect(logDefault.map((r) => r.id)).not.toContain(badA.id);
    expect(logDefault.map((r) => r.id)).not.toContain(badB.id);
  });

  test("orders are per workspace: a refund in B is not checked against A's order", async () => {
    const order = nextId('shared-order');
    await t.ingest([purchase(order, '10.00')], a.ingestToken);
    // In B the order has no purchase yet, so a refund of 15.00 is a refund before its purchase.
    expect((await t.ingest([refund(order, '15.00')], b.ingestToken)).accepted).toBe(1);
    expect((await t.ingest([refund(order, '10.00')], a.ingestToken)).accepted).toBe(1);
  });
});
