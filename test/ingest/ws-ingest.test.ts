// CONTRACT §3.1, the WebSocket ingest over a real socket: frame shapes, seq echo, answers in
// order, frame errors that keep the connection, the 5,000-event and 4 MiB limits, and the
// tokens checked before the upgrade.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { comment, comments, nextId, TS } from '../helpers/events.js';
import { TestKolpulse, type Listening } from '../helpers/kolpulse.js';
import { IngestClient, upgradeStatus } from '../helpers/ws-client.js';

const MiB4 = 4 * 1024 * 1024;

let t: TestKolpulse;
let net: Listening;
beforeAll(async () => {
  t = await TestKolpulse.start();
  net = await t.listen();
});
afterAll(async () => {
  await t.close();
});

const open = (how: 'header' | 'query' = 'header') => IngestClient.open(net.wsUrl, t.defaultWorkspace.ingestToken, how);

async function storedIds(): Promise<Set<string>> {
  return new Set((await t.storedEvents()).map((r) => r.id));
}

/** A frame of exactly `bytes` bytes holding one comment, padded by an extra field. */
function frameOfSize(bytes: number, seq: number): { text: string; id: string } {
  const ev = comment();
  const frame = (pad: string) => JSON.stringify({ seq, events: [{ ...ev, pad }] });
  const text = frame('p'.repeat(bytes - frame('').length));
  expect(Buffer.byteLength(text)).toBe(bytes);
  return { text, id: ev.id as string };
}

describe('frames', () => {
  test('a JSON array of events is acknowledged with seq null', async () => {
    const c = await open();
    expect(await c.roundTrip([comment(), comment()])).toEqual({ seq: null, accepted: 2, duplicates: 0, rejected: [] });
    await c.close();
  });

  test('{seq, events}: seq is echoed', async () => {
    const c = await open();
    expect(await c.roundTrip({ seq: 17, events: [comment()] })).toEqual({ seq: 17, accepted: 1, duplicates: 0, rejected: [] });
    expect(await c.roundTrip({ seq: 0, events: [] })).toEqual({ seq: 0, accepted: 0, duplicates: 0, rejected: [] });
    expect(await c.roundTrip({ seq: 9_007_199_254_740_991, events: [] })).toMatchObject({ seq: 9_007_199_254_740_991 });
    await c.close();
  });

  test('the token may come as ?token=', async () => {
    const c = await open('query');
    expect(await c.roundTrip({ seq: 1, events: [comment()] })).toEqual({ seq: 1, accepted: 1, duplicates: 0, rejected: [] });
    await c.close();
  });

  test('rejected events are listed with index, id and error', async () => {
    const c = await open();
    const bad = { id: nextId('bad'), type: 'viewer_count', ts: TS, streamId: 'room-1' }; // no current
    const ack = await c.roundTrip({ seq: 3, events: [comment(), bad, comment()] });
    expect(ack.seq).toBe(3);
    expect(ack.accepted).toBe(2);
    expect(ack.rejected).toHaveLength(1);
    expect(ack.rejected![0]).toMatchObject({ index: 1, id: bad.id });
    expect(ack.rejected![0]!.error).toContain('current');
    await c.close();
  });

  test('duplicates across frames and across connections', async () => {
    const events = comments(nextId('wsdup'), 5);
    const a = await open();
    const b = await open();
    expect(await a.roundTrip({ seq: 1, events })).toMatchObject({ accepted: 5, duplicates: 0 });
    expect(await a.roundTrip({ seq: 2, events })).toMatchObject({ accepted: 0, duplicates: 5 });
    expect(await b.roundTrip({ seq: 1, events })).toMatchObject({ accepted: 0, duplicates: 5 });
    await a.close();
    await b.close();
  });

  test("events go to the workspace of the connection's token", async () => {
    const other = await t.createWorkspace('WS brand');
    const c = await IngestClient.open(net.wsUrl, other.ingestToken);
    const e = comment();
    expect(await c.roundTrip({ seq: 1, events: [e] })).toMatchObject({ accepted: 1 });
    expect((await t.storedEvents(other.id)).map((r) => r.id)).toEqual([e.id]);
    expect((await storedIds()).has(e.id as string)).toBe(false);
    await c.close();
  });

  test('the same events from two connections at once are stored once', async () => {
    const events = comments(nextId('wsrace'), 50);
    const a = await open();
    const b = await open();
    const [ra, rb] = await Promise.all([a.roundTrip({ seq: 1, events }), b.roundTrip({ seq: 1, events })]);
    expect(ra.accepted! + rb.accepted!).toBe(50);
    expect(ra.duplicates! + rb.duplicates!).toBe(50);
    await a.close();
    await b.close();
  });
});

describe('frame errors keep the connection', () => {
  test('bad JSON → {"seq": null, "error"}, and the next good frame is acknowledged', async () => {
    const c = await open();
    const answer = await c.roundTrip('{"seq": 5, "events": [');
    expect(answer.seq).toBeNull();
    expect(typeof answer.error).toBe('string');
    expect(Object.keys(answer).sort()).toEqual(['error', 'seq']);
    expect(await c.roundTrip({ seq: 6, events: [comment()] })).toEqual({ seq: 6, accepted: 1, duplicates: 0, rejected: [] });
    await c.close();
  });

  test.each([
    ['a number', '42'],
    ['a string', '"hello"'],
    ['null', 'null'],
    ['true', 'true'],
    ['an object without events', '{"seq": 8}'],
    ['events not an array', '{"seq": 8, "events": "many"}'],
    ['seq not an integer', '{"seq": "8", "events": []}'],
  ])('%s → {"seq": null, "error"}, connection stays open', async (_name, text) => {
    const c = await open();
    const answer = await c.roundTrip(text);
    expect(answer.seq).toBeNull();
    expect(typeof answer.error).toBe('string');
    expect(await c.roundTrip({ seq: 9, events: [] })).toEqual({ seq: 9, accepted: 0, duplicates: 0, rejected: [] });
    await c.close();
  });

  test('more than 5,000 events → an error answer, nothing stored, connection open', async () => {
    const c = await open();
    const prefix = nextId('ws5001');
    const answer = await c.roundTrip({ seq: 1, events: comments(prefix, 5001) });
    expect(answer.error).toMatch(/5000|5,000|too many/i);
    expect([...(await storedIds())].some((id) => id.startsWith(`${prefix}-`))).toBe(false);
    expect(await c.roundTrip({ seq: 2, events: comments(prefix, 5000) })).toEqual({ seq: 2, accepted: 5000, duplicates: 0, rejected: [] });
    await c.close();
  });
});

describe('order', () => {
  test('frames are answered in the order they were sent', async () => {
    const c = await open();
    const p = nextId('order');
    const frames: unknown[] = [
      { seq: 1, events: comments(`${p}-a`, 5000) },
      { seq: 2, events: [comment()] },
      'not json',
      { seq: 4, events: [comment(), { id: nextId(), type: 'like' }] },
      [],
      { seq: 6, events: comments(`${p}-b`, 3000) },
      { seq: 7, events: 'nope' },
      { seq: 8, events: [] },
    ];
    for (const f of frames) void c.send(f);
    const answers = await c.nextN(frames.length);
    expect(answers.map((a) => a.seq)).toEqual([1, 2, null, 4, null, 6, null, 8]);
    expect(answers.map((a) => ('error' in a ? 'error' : a.accepted))).toEqual([5000, 1, 'error', 1, 0, 3000, 'error', 0]);
    await c.close();
  });

  test('many small frames in a burst: every frame answered once, in order', async () => {
    const c = await open();
    const p = nextId('burst');
    for (let i = 0; i < 200; i++) void c.send({ seq: i, events: comments(`${p}-${i}`, 3) });
    const answers = await c.nextN(200);
    expect(answers.map((a) => a.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    for (const a of answers) expect(a).toMatchObject({ accepted: 3, duplicates: 0, rejected: [] });
    await c.close();
  });
});

describe('size limit', () => {
  test('a frame of exactly 4 MiB is accepted', async () => {
    const c = await open();
    const { text, id } = frameOfSize(MiB4, 40);
    expect(await c.roundTrip(text)).toEqual({ seq: 40, accepted: 1, duplicates: 0, rejected: [] });
    expect((await storedIds()).has(id)).toBe(true);
    await c.close();
  });

  // A frame over 4 MiB (close code 1009, the process and other connections unaffected) is tested
  // against the real process in test/e2e/process.test.ts, where a crash shows.
});

describe('upgrade authorisation (before the upgrade)', () => {
  test('ingest token → 101', async () => {
    expect(await upgradeStatus(`${net.wsUrl}/ingest`, { authorization: `Bearer ${t.defaultWorkspace.ingestToken}` })).toBe(101);
    expect(await upgradeStatus(`${net.wsUrl}/ingest?token=${t.defaultWorkspace.ingestToken}`)).toBe(101);
  });

  test('no token or an unknown token → 401', async () => {
    expect(await upgradeStatus(`${net.wsUrl}/ingest`)).toBe(401);
    expect(await upgradeStatus(`${net.wsUrl}/ingest`, { authorization: 'Bearer kp_ingest_unknown' })).toBe(401);
    expect(await upgradeStatus(`${net.wsUrl}/ingest?token=kp_ingest_unknown`)).toBe(401);
  });

  test('a read token or the admin token → 403', async () => {
    expect(await upgradeStatus(`${net.wsUrl}/ingest`, { authorization: `Bearer ${t.defaultWorkspace.readToken}` })).toBe(403);
    expect(await upgradeStatus(`${net.wsUrl}/ingest?token=${t.defaultWorkspace.readToken}`)).toBe(403);
    expect(await upgradeStatus(`${net.wsUrl}/ingest`, { authorization: `Bearer ${t.adminToken}` })).toBe(403);
  });
});
