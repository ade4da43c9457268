// CONTRACT §3.1, POST /api/events: the same bodies as a WebSocket frame (array or {seq, events})
// or NDJSON (one event a line, index = position), the same answer with 200, and the frame limits.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { comment, comments, nextId, TS } from '../helpers/events.js';
import { TestKolpulse } from '../helpers/kolpulse.js';

let t: TestKolpulse;
beforeAll(async () => {
  t = await TestKolpulse.start();
});
afterAll(async () => {
  await t.close();
});

async function post(body: string, contentType = 'application/json') {
  const res = await t.request('/api/events', {
    method: 'POST',
    headers: { authorization: `Bearer ${t.defaultWorkspace.ingestToken}`, 'content-type': contentType },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function storedIds(): Promise<Set<string>> {
  return new Set((await t.storedEvents()).map((r) => r.id));
}

describe('JSON bodies', () => {
  test('an array of events → 200 with the answer', async () => {
    const r = await post(JSON.stringify([comment(), comment()]));
    expect(r).toEqual({ status: 200, body: { seq: null, accepted: 2, duplicates: 0, rejected: [] } });
  });

  test('{seq, events} → seq echoed', async () => {
    const r = await post(JSON.stringify({ seq: 41, events: [comment()] }));
    expect(r).toEqual({ status: 200, body: { seq: 41, accepted: 1, duplicates: 0, rejected: [] } });
  });

  test('seq 0 is echoed as 0', async () => {
    expect((await post(JSON.stringify({ seq: 0, events: [] }))).body.seq).toBe(0);
  });

  test('{events} without seq → seq null', async () => {
    expect((await post(JSON.stringify({ events: [comment()] }))).body).toEqual({ seq: null, accepted: 1, duplicates: 0, rejected: [] });
  });

  test.each([
    ['not JSON', '{"seq": 1, "events": [ '],
    ['a number', '42'],
    ['a string', '"events"'],
    ['null', 'null'],
    ['an object without events', '{"seq": 1}'],
    ['events not an array', '{"seq": 1, "events": {"id": "x"}}'],
    ['seq not an integer', '{"seq": 1.5, "events": []}'],
    ['seq a string', '{"seq": "7", "events": []}'],
  ])('%s → an error answer with seq null, nothing stored', async (_name, body) => {
    const before = (await storedIds()).size;
    const r = await post(body);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.body.seq).toBeNull();
    expect(typeof r.body.error).toBe('string');
    expect((await storedIds()).size).toBe(before);
  });
});

describe('NDJSON bodies', () => {
  test('one event a line; index is the line position; a bad line is rejected and logged', async () => {
    const good0 = comment();
    const missing = { id: nextId('nd'), type: 'comment', ts: TS, streamId: 'room-1', text: 'no user' };
    const good3 = comment();
    const lines = [JSON.stringify(good0), '{"id": "broken", "type": ', JSON.stringify(missing), JSON.stringify(good3)];
    const r = await post(`${lines.join('\n')}\n`, 'application/x-ndjson');
    expect(r.status).toBe(200);
    expect(r.body.seq).toBeNull();
    expect(r.body.accepted).toBe(2);
    expect(r.body.duplicates).toBe(0);
    const rejected = r.body.rejected as Array<{ index: number; id: string | null; error: string }>;
    expect(rejected.map((x) => x.index)).toEqual([1, 2]);
    expect(rejected[1]!.id).toBe(missing.id);
    expect(rejected[1]!.error).toContain('userId');
    const ids = await storedIds();
    expect(ids.has(good0.id as string) && ids.has(good3.id as string)).toBe(true);
    // The unparseable line is kept with its text.
    const log = await t.rejected();
    const line1 = log.find((e) => e.index === 1 && typeof e.event === 'string' && e.event.startsWith('{"id": "broken", "type":'));
    expect(line1).toBeDefined();
    expect(line1!.error.length).toBeGreaterThan(0);
  });

  test('Content-Type with parameters and CRLF line ends', async () => {
    const a = comment();
    const b = comment();
    const r = await post(`${JSON.stringify(a)}\r\n${JSON.stringify(b)}\r\n`, 'application/x-ndjson; charset=utf-8');
    expect(r).toEqual({ status: 200, body: { seq: null, accepted: 2, duplicates: 0, rejected: [] } });
  });

  test('duplicates are reported as for JSON bodies', async () => {
    const a = comment();
    const body = `${JSON.stringify(a)}\n${JSON.stringify(a)}`;
    expect((await post(body, 'application/x-ndjson')).body).toEqual({ seq: null, accepted: 1, duplicates: 1, rejected: [] });
    expect((await post(body, 'application/x-ndjson')).body).toEqual({ seq: null, accepted: 0, duplicates: 2, rejected: [] });
  });

  test('more than 5,000 lines → an error answer, nothing stored', async () => {
    const before = (await storedIds()).size;
    const body = comments(nextId('ndbig'), 5001).map((e) => JSON.stringify(e)).join('\n');
    const r = await post(body, 'application/x-ndjson');
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(typeof r.body.error).toBe('string');
    expect((await storedIds()).size).toBe(before);
  });
});

describe('frame limits', () => {
  test('5,000 events in one body are accepted', async () => {
    const r = await post(JSON.stringify({ seq: 5000, events: comments(nextId('max'), 5000) }));
    expect(r).toEqual({ status: 200, body: { seq: 5000, accepted: 5000, duplicates: 0, rejected: [] } });
  });

  test('5,001 events → an error answer, nothing stored', async () => {
    const before = (await storedIds()).size;
    const r = await post(JSON.stringify({ seq: 5001, events: comments(nextId('over'), 5001) }));
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.body.seq).toBeNull();
    expect(r.body.error).toMatch(/5000|5,000|too many/i);
    expect((await storedIds()).size).toBe(before);
  });

  test('a body of exactly 4 MiB is accepted', async () => {
    const ev = comment({ pad: '' });
    const frame = (pad: string) => JSON.stringify({ seq: 4, events: [{ ...ev, pad }] });
    const padLen = 4 * 1024 * 1024 - frame('').length;
    const body = frame('p'.repeat(padLen));
    expect(Buffer.byteLength(body)).toBe(4 * 1024 * 1024);
    const r = await post(body);
    expect(r).toEqual({ status: 200, body: { seq: 4, accepted: 1, duplicates: 0, rejected: [] } });
  });

  test('a body over 4 MiB is refused, nothing stored', async () => {
    const before = (await storedIds()).size;
    const ev = comment();
    const body = JSON.stringify({ seq: 5, events: [{ ...ev, pad: 'p'.repeat(4 * 1024 * 1024) }] });
    const r = await post(body);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect((await storedIds()).has(ev.id as string)).toBe(false);
    expect((await storedIds()).size).toBe(before);
  });
});

describe('tokens', () => {
  test('ingest token in the header or ?token= writes; read token → 403; none or wrong → 401', async () => {
    const ws = t.defaultWorkspace;
    const body = JSON.stringify([comment()]);
    const send = (headers: Record<string, string>, query = '') =>
      t.request(`/api/events${query}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    expect((await send({}, `?token=${ws.ingestToken}`)).status).toBe(200);
    expect((await send({ authorization: `Bearer ${ws.readToken}` })).status).toBe(403);
    expect((await send({ authorization: `Bearer ${t.adminToken}` })).status).toBe(403);
    expect((await send({}, `?token=${ws.readToken}`)).status).toBe(403);
    expect((await send({})).status).toBe(401);
    expect((await send({ authorization: 'Bearer kp_ingest_not-a-real-token' })).status).toBe(401);
  });
});
