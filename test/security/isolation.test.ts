// Issue #6, isolation and auth (CONTRACT §2): every route the app serves (read from the Hono app,
// so a new route without a case fails here) and both WebSockets answer 401 without or with a
// wrong token and 403 with a token of the wrong kind; no read, download or live push with
// brand A's token shows anything of brand B.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ChildServer } from '../helpers/child-server.js';
import { TestKolpulse, type Listening } from '../helpers/kolpulse.js';
import { IngestClient, upgradeStatus } from '../helpers/ws-client.js';
import { MIDDLEWARE, ROUTE_CASES, shopifyCall, webhookSecret, type Call, type RouteCase } from './route-cases.js';
import { leaks, makeBrand, T0, type Brand } from './two-workspaces.js';

let t: TestKolpulse;
let net: Listening;
let a: Brand;
let b: Brand;
/** `METHOD path` of every route the app serves. */
let served: string[];

beforeAll(async () => {
  t = await TestKolpulse.start();
  net = await t.listen();
  a = await makeBrand(t, 'A', 1);
  b = await makeBrand(t, 'B', 2);
  served = [...new Set(t.app.routes.map((r) => `${r.method} ${r.path}`))];
  if (served.includes('PUT /api/workspaces/:id/webhooks/shopify')) {
    for (const brand of [a, b]) expect((await send(ROUTE_CASES['PUT /api/workspaces/:id/webhooks/shopify']!.calls(brand)[0]!, t.adminToken)).status).toBe(200);
  }
});
afterAll(async () => t?.close());

function send(c: Call, token: string | null, how: 'header' | 'query' = 'header'): Promise<Response> {
  const url = how === 'query' && token !== null ? `${c.url}${c.url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}` : c.url;
  const headers = { ...c.headers, ...(how === 'header' && token !== null ? { authorization: `Bearer ${token}` } : {}) };
  return t.request(url, { method: c.method, headers, body: c.body });
}

/** The served routes with a case of one of `kinds`, as [key, case]. */
function routes(...kinds: RouteCase['auth'][]): Array<[string, RouteCase]> {
  return served.filter((k) => ROUTE_CASES[k] && kinds.includes(ROUTE_CASES[k].auth)).map((k) => [k, ROUTE_CASES[k]!]);
}

const tokenOf = (kind: 'read' | 'ingest' | 'admin', brand: Brand) => (kind === 'admin' ? t.adminToken : kind === 'read' ? brand.readToken : brand.ingestToken);
/** The same token with its last character changed: a lookup by hash must not take it. */
const oneOff = (token: string) => token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
const KINDS = ['read', 'ingest', 'admin'] as const;

describe('the route table', () => {
  test('every route the app serves has a case here (a new route must get one)', () => {
    expect(served.length).toBeGreaterThan(10);
    expect(served.filter((k) => !ROUTE_CASES[k] && !MIDDLEWARE.includes(k))).toEqual([]);
  });
});

describe('tokens on every HTTP route', () => {
  test('401 {"error":"unauthorized"} without a token, with an unknown one, and with a real one a character off', async () => {
    for (const [key, rc] of routes('read', 'ingest', 'admin')) {
      const right = tokenOf(rc.auth as 'read', a);
      for (const c of rc.calls(a)) {
        for (const [what, token] of [['none', null], ['unknown', `kp_${rc.auth}_${crypto.randomBytes(24).toString('base64url')}`], ['one off', oneOff(right)],
          ['truncated', right.slice(0, -1)], ['extended', `${right}x`]] as const) {
          for (const how of ['header', 'query'] as const) {
            const res = await send(c, token, how);
            expect(res.status, `${key} ${c.url} token ${what} in ${how}`).toBe(401);
            expect(await res.text()).toBe('{"error":"unauthorized"}');
          }
        }
      }
    }
  });

  test('403 {"error":"forbidden"} with a token of the wrong kind; the right kind is let in', async () => {
    for (const [key, rc] of routes('read', 'ingest', 'admin')) {
      for (const c of rc.calls(a)) {
        for (const kind of KINDS) {
          for (const how of ['header', 'query'] as const) {
            const res = await send(c, tokenOf(kind, a), how);
            const where = `${key} ${c.url} with the ${kind} token in ${how}`;
            if (kind !== rc.auth) {
              expect(res.status, where).toBe(403);
              expect(await res.text()).toBe('{"error":"forbidden"}');
            } else expect([200, 201], where).toContain(res.status);
          }
        }
      }
    }
  });

  test('public routes need no token and show no brand data', async () => {
    for (const [key, rc] of routes('public')) {
      for (const c of rc.calls(a)) {
        const res = await send(c, null);
        expect([401, 403], key).not.toContain(res.status);
        const text = await res.text();
        expect([...leaks(text, a), ...leaks(text, b)], key).toEqual([]);
      }
    }
    expect((await send({ method: 'GET', url: '/healthz' }, null)).status).toBe(200);
  });

  test("a signed webhook is taken only with its own workspace's secret", async () => {
    for (const [key] of routes('signed')) {
      expect((await send(shopifyCall(b.id, null), null)).status, `${key} unsigned`).toBe(401);
      expect((await send(shopifyCall(b.id, webhookSecret(a)), null)).status, `${key} signed with A's secret for B`).toBe(401);
      expect((await send(shopifyCall(b.id, webhookSecret(b)), b.readToken)).status, `${key} signed with B's own secret`).toBe(200);
      const text = await (await send(shopifyCall(b.id, webhookSecret(a)), null)).text();
      expect(leaks(text, b)).toEqual([]);
    }
  });
});

describe('tokens on the WebSockets', () => {
  const url = (p: string, token?: string) => `${net.wsUrl}${p}${token === undefined ? '' : `${p.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`}`;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  test.each([['/ingest', 'ingest'], ['/live', 'read'], ['/live?streamId=x', 'read']] as const)('%s: 401, 403, 101', async (p, kind) => {
    const right = tokenOf(kind, a);
    expect(await upgradeStatus(url(p))).toBe(401);
    expect(await upgradeStatus(url(p, `kp_${kind}_guess`))).toBe(401);
    expect(await upgradeStatus(url(p, oneOff(right)))).toBe(401);
    expect(await upgradeStatus(url(p), bearer(oneOff(right)))).toBe(401);
    for (const other of KINDS.filter((k) => k !== kind)) {
      expect(await upgradeStatus(url(p, tokenOf(other, a))), `${other} token`).toBe(403);
      expect(await upgradeStatus(url(p), bearer(tokenOf(other, a))), `${other} token`).toBe(403);
    }
    expect(await upgradeStatus(url(p, right))).toBe(101);
    expect(await upgradeStatus(url(p), bearer(right))).toBe(101);
  });
});

describe("brand A's read token sees nothing of brand B", () => {
  test("every read answers A's own data and nothing of B's", async () => {
    for (const [key, rc] of routes('read')) {
      for (const c of rc.calls(a)) {
        const res = await send(c, a.readToken);
        const text = await res.text();
        expect(res.status, `${key} ${c.url}`).toBe(200);
        expect(leaks(text, b), `${key} ${c.url}`).toEqual([]);
        if (rc.showsOwn) expect(text, `${key} ${c.url} shows A's data`).toContain(a.mark);
      }
    }
  });

  test("B's streams asked for with A's token are 404 and reveal nothing", async () => {
    for (const [key, rc] of routes('read').filter(([, r]) => r.perStream)) {
      for (const c of rc.calls(b)) {
        const res = await send(c, a.readToken);
        expect(res.status, `${key} ${c.url}`).toBe(404);
        expect(leaks(await res.text(), b)).toEqual([]);
      }
      // and B's own token does see them: the 404 above is about the workspace, not the id.
      expect((await send(rc.calls(b)[0]!, b.readToken)).status, key).toBe(200);
    }
  });

  test("figures count A's events only", async () => {
    const json = async (u: string) => (await send({ method: 'GET', url: u }, a.readToken)).json() as Promise<Record<string, unknown>>;
    expect(((await json('/api/compare?by=tier')).KOL as { streams: number }).streams).toBe(1); // B has 2 KOL streams
    const attribution = (await json('/api/attribution?model=direct')) as { creators: Array<{ creatorId: string; orders: number }> };
    expect(attribution.creators.map((c) => [c.creatorId, c.orders])).toEqual([[a.creator, 5]]);
    expect(((await json('/api/streams')) as unknown as unknown[]).length).toBe(1);
    expect(((await json('/api/rejected?limit=1000')).rejected as Array<{ id: string }>).map((r) => r.id)).toEqual([`rejected-${a.mark}`]);
  });

  test("the live push with A's token never carries B's events", async () => {
    const watch = (q: string) => new Promise<{ ws: WebSocket; got: string[] }>((resolve, reject) => {
      const ws = new WebSocket(`${net.wsUrl}/live?token=${encodeURIComponent(a.readToken)}${q}`);
      const got: string[] = [];
      ws.on('message', (d) => {
        got.push(d.toString());
        if (got.length === 1) resolve({ ws, got });
      });
      ws.once('error', reject);
    });
    const all = await watch('');
    const own = await watch(`&streamId=${encodeURIComponent(a.stream)}`);
    const theirs = await watch(`&streamId=${encodeURIComponent(b.stream)}`);
    const chat = (brand: Brand, room: string, n: number) => Array.from({ length: n }, (_, i) =>
      ({ id: `live-${room}-${i}`, type: 'comment', ts: T0 + 5 * 60_000, streamId: room, userId: `live-viewer-${brand.mark}`, text: `live ${brand.mark}` }));
    await t.ingest([...chat(b, b.stream, 3), ...chat(b, `new-room-${b.mark}`, 2)], b.ingestToken);
    await t.ingest(chat(a, a.stream, 1), a.ingestToken);
    t.kp.live.tick();
    for (let i = 0; i < 60 && !own.got.some((m) => m.includes('"update"')); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1200)); // one more tick of the push's own timer
    for (const w of [all, own]) expect(w.got.filter((m) => leaks(m, b).length > 0)).toEqual([]);
    for (const w of [all, own, theirs]) w.ws.close();
    const update = own.got.map((m) => JSON.parse(m) as { type: string; summary: { comments: number } }).find((m) => m.type === 'update');
    expect(update?.summary.comments).toBe(2); // A's own stream did change: the push works
    expect(all.got.some((m) => m.includes(a.mark))).toBe(true);
    // Asked for B's stream, A's socket gets its own question back (the id it sent) and no data, ever.
    expect(theirs.got.map((m) => JSON.parse(m) as unknown)).toEqual([{ type: 'snapshot', streamId: b.stream, summary: null, series: null }]);
  });
});

describe('tokens at rest and in logs', () => {
  const sha256 = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest('hex');

  test('the database keeps tokens only as SHA-256 hashes; the operator file is 0600', () => {
    const tokens = [t.adminToken, t.defaultWorkspace.ingestToken, t.defaultWorkspace.readToken, a.ingestToken, a.readToken, b.ingestToken, b.readToken];
    const db = new Database(path.join(t.dataDir, 'kolpulse.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const tables = db.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[];
      const dump = tables.map((name) => JSON.stringify(db.prepare(`select * from "${name}"`).all())).join('\n');
      expect(tokens.filter((tok) => dump.includes(tok))).toEqual([]);
      const hashes = db.prepare('select hash from tokens').pluck().all();
      for (const tok of tokens) expect(hashes).toContain(sha256(tok));
    } finally {
      db.close();
    }
    // Nor in the bytes of any file (WAL and free pages included) but the operator's own token files.
    for (const f of fs.readdirSync(t.dataDir).filter((n) => n !== 'default-workspace.json' && n !== 'admin-token')) {
      const bytes = fs.readFileSync(path.join(t.dataDir, f));
      expect(tokens.filter((tok) => bytes.includes(tok)), f).toEqual([]);
    }
    expect(fs.statSync(path.join(t.dataDir, 'default-workspace.json')).mode & 0o777).toBe(0o600);
  });

  test('the server prints no token but in its first-start banner, whatever the requests carry', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kolpulse-logs-'));
    const child = await ChildServer.start(dir, { KOLPULSE_ADMIN_TOKEN: undefined });
    try {
      const admin = fs.readFileSync(path.join(dir, 'admin-token'), 'utf8').trim();
      const dflt = child.defaultWorkspace();
      const at = (p: string, token: string | null, init: RequestInit = {}) => fetch(`${child.baseUrl}${p}`, {
        ...init, headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...init.headers as Record<string, string> },
      });
      const made = (await (await at('/api/workspaces', admin, { method: 'POST', body: '{"name":"logged"}' })).json()) as { ingestToken: string; readToken: string };
      const bad = [`kp_read_${crypto.randomBytes(24).toString('base64url')}`, oneOff(made.readToken), `${made.ingestToken}x`, made.readToken.slice(0, -1)];
      const good = [admin, dflt.ingestToken, dflt.readToken, made.ingestToken, made.readToken];
      const q = (tok: string) => `token=${encodeURIComponent(tok)}`;
      const events = JSON.stringify([{ id: 'l1', type: 'like', ts: T0, streamId: 'S', userId: 'u' }, { id: 'l2', type: 'like', ts: -1 }]);
      const statuses = [
        (await at(`/api/events?${q(made.ingestToken)}`, null, { method: 'POST', body: events })).status,
        (await at('/api/events', made.ingestToken, { method: 'POST', body: '{"id":1}\nnot json', headers: { 'content-type': 'application/x-ndjson' } })).status,
        (await at('/api/events', made.ingestToken, { method: 'POST', body: '[' })).status,
        (await at(`/api/streams?${q(made.readToken)}`, null)).status,
        (await at('/api/rejected', made.readToken)).status,
        (await at('/api/rejected', made.ingestToken)).status,
        (await at(`/api/streams/${made.readToken}/summary`, made.readToken)).status,
        (await at(`/api/nothing-here?${q(admin)}`, null)).status,
        (await at('/api/workspaces', null, { method: 'POST', body: '{}', headers: { authorization: `Basic ${Buffer.from(`admin:${admin}`).toString('base64')}` } })).status,
        ...await Promise.all(bad.map(async (tok) => (await at(`/api/rejected?${q(tok)}`, tok)).status)),
        await upgradeStatus(`${child.wsUrl}/ingest?${q(bad[0]!)}`),
        await upgradeStatus(`${child.wsUrl}/live?${q(made.ingestToken)}`),
        await upgradeStatus(`${child.wsUrl}/live?${q(dflt.readToken)}&streamId=S`),
      ];
      expect(statuses).toEqual([200, 200, 400, 200, 200, 403, 404, 404, 401, 401, 401, 401, 401, 401, 403, 101]);
      const ws = await IngestClient.open(child.wsUrl, dflt.ingestToken, 'query');
      expect((await ws.roundTrip('not json')).error).toBeDefined();
      expect((await ws.roundTrip({ seq: 1, events: [{ id: 'w1', type: 'like', ts: T0, streamId: 'S', userId: 'u' }] })).accepted).toBe(1);
      await ws.close();
      expect((await child.stop('SIGTERM')).code).toBe(0);

      const out = `${child.stdout}\n${child.stderr}`;
      // The banner of a first start prints the admin and default-workspace tokens, once (CONTRACT §1).
      const banner = /^kolpulse listening on .*\n(?:.*\n)*?dashboard: .*$/m.exec(child.stdout)?.[0] ?? '';
      expect([admin, dflt.ingestToken, dflt.readToken].filter((tok) => !banner.includes(tok))).toEqual([]);
      const rest = out.replace(banner, '');
      expect([...good, ...bad].filter((tok) => rest.includes(tok))).toEqual([]);
      expect([...good, ...bad].filter((tok) => out.includes(sha256(tok)))).toEqual([]);
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
