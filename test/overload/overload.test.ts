// Overload (issue #6): per-connection backpressure, the bounded ingest queue, the per-token rate
// limit and the connection limits, each with the answer a client gets and proof that nothing
// refused was stored and nothing acknowledged was lost.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { StorageBackend } from '../../db/dialect.js';
import { MAX_FRAMES_UNANSWERED } from '../../ingest/ws-ingest.js';
import { RateLimiter } from '../../server/rate-limit.js';
import { TestKolpulse } from '../helpers/kolpulse.js';

const T0 = Date.UTC(2026, 6, 1, 12);
const likes = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, type: 'like', ts: T0 + i, streamId: 'S', userId: `u${i % 7}` }));

/** Storage that holds every write until `release()`: a disk that has stalled. */
function stalled(backend: StorageBackend): StorageBackend & { release(): void; held(): number } {
  let open: (() => void) | null = null;
  let gate = new Promise<void>((r) => (open = r));
  let held = 0;
  return {
    ...backend,
    append: async (events, rejects) => {
      held++;
      await gate;
      return backend.append(events, rejects);
    },
    release: () => {
      open?.();
      gate = Promise.resolve();
    },
    held: () => held,
  };
}

let kp: TestKolpulse | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await kp?.close();
  kp = undefined;
});

async function open(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  sockets.push(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  return ws;
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('backpressure and the bounded queue', () => {
  it('a socket with many frames in work is not read further; when storage comes back every frame is answered and stored', async () => {
    let store!: ReturnType<typeof stalled>;
    kp = await TestKolpulse.start({ wrapBackend: (b) => (store = stalled(b)) });
    const { wsUrl } = await kp.listen();
    const ws = await open(`${wsUrl}/ingest?token=${kp.defaultWorkspace.ingestToken}`);
    const answers: Array<{ seq: number; accepted: number }> = [];
    ws.on('message', (d) => answers.push(JSON.parse(d.toString())));
    const FRAMES = 400;
    for (let seq = 0; seq < FRAMES; seq++) ws.send(JSON.stringify({ seq, events: likes(`f${seq}`, 10) }));
    await settle(1_000);
    // Storage is stalled: without backpressure all 400 frames (4,000 events) would be queued.
    // The server stops reading at 32 unanswered frames (ws still hands over the frames of the
    // chunk it had read), and then takes nothing more however long the stall lasts.
    const queued = kp.kp.ingest.queuedEvents;
    try {
      expect(answers).toHaveLength(0);
      expect(queued).toBeGreaterThanOrEqual(10 * MAX_FRAMES_UNANSWERED);
      expect(queued).toBeLessThan(FRAMES * 10 / 2);
      await settle(1_000);
      expect(kp.kp.ingest.queuedEvents).toBe(queued);
    } finally {
      store.release();
    }
    for (let t = 0; answers.length < FRAMES && t < 200; t++) await settle(50);
    expect(answers.map((a) => a.seq)).toEqual(Array.from({ length: FRAMES }, (_, i) => i));
    expect(answers.every((a) => a.accepted === 10)).toBe(true);
    expect(await kp.storedEvents()).toHaveLength(FRAMES * 10);
  });

  it('a full queue answers "overloaded, retry" with the seq, stores nothing of those frames, and takes them when resent', async () => {
    let store!: ReturnType<typeof stalled>;
    kp = await TestKolpulse.start({ env: { KOLPULSE_MAX_QUEUED_EVENTS: '1000' }, wrapBackend: (b) => (store = stalled(b)) });
    const { wsUrl } = await kp.listen();
    // Two sockets, so that backpressure on one does not keep the queue from filling.
    const a = await open(`${wsUrl}/ingest?token=${kp.defaultWorkspace.ingestToken}`);
    const b = await open(`${wsUrl}/ingest?token=${kp.defaultWorkspace.ingestToken}`);
    const got: Array<{ seq: number; accepted?: number; error?: string }> = [];
    for (const s of [a, b]) s.on('message', (d) => got.push(JSON.parse(d.toString())));
    // 600 + 600 events: the second frame would take the queue over 1,000.
    a.send(JSON.stringify({ seq: 1, events: likes('a', 600) }));
    await settle(200);
    b.send(JSON.stringify({ seq: 2, events: likes('b', 600) }));
    for (let t = 0; got.length < 1 && t < 100; t++) await settle(20);
    store.release();
    expect(got).toEqual([{ seq: 2, error: 'overloaded, retry' }]);
    for (let t = 0; got.length < 2 && t < 100; t++) await settle(20);
    expect(got[1]).toMatchObject({ seq: 1, accepted: 600 });
    expect(await kp.storedEvents()).toHaveLength(600);
    b.send(JSON.stringify({ seq: 3, events: likes('b', 600) }));
    for (let t = 0; got.length < 3 && t < 100; t++) await settle(20);
    expect(got[2]).toMatchObject({ seq: 3, accepted: 600 });
    expect(await kp.storedEvents()).toHaveLength(1200);
  });
});

describe('per-token rate limit', () => {
  it('a token bucket refills at the rate up to the burst (by hand, on a fake clock)', () => {
    let now = 0;
    const limiter = new RateLimiter({ perSecond: 100, burstSeconds: 10, now: () => now });
    expect(limiter.take('k', 1000)).toBe(0); // the whole burst of 100 × 10
    expect(limiter.take('k', 50)).toBe(500); // empty: 50 events take 0.5 s at 100/s
    expect(limiter.take('other', 1000)).toBe(0); // each token has its own bucket
    now = 300;
    expect(limiter.take('k', 50)).toBe(200); // 30 refilled, 20 short
    now = 500;
    expect(limiter.take('k', 50)).toBe(0);
    now = 1_000_000;
    expect(limiter.take('k', 5000)).toBe(0); // bigger than the burst: only on a full bucket
    expect(limiter.take('k', 1)).toBe(40_010); // 4,000 in debt plus the one event, at 100/s
    expect(new RateLimiter({ perSecond: 0 }).take('k', 1e9)).toBe(0);
  });

  it('over HTTP: 429 with Retry-After and the reason; nothing of the frame is stored; the same frame later is taken', async () => {
    kp = await TestKolpulse.start({ env: { KOLPULSE_RATE_LIMIT: '200' } }); // burst 2,000 events
    expect((await kp.ingest(likes('x', 2000))).accepted).toBe(2000);
    const refused = await kp.postEvents(likes('y', 200));
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatch(/^rate limited: .*retry in \d+ ms$/);
    expect(await kp.storedEvents()).toHaveLength(2000);
    await settle(1_100); // 200 events at 200/s refill in 1 s
    expect((await kp.postEvents(likes('y', 200))).body).toMatchObject({ accepted: 200 });
    // Another token is not slowed by the first one's sending.
    const other = await kp.createWorkspace('other');
    expect((await kp.postEvents(likes('z', 1000), other.ingestToken)).status).toBe(200);
  });

  it('over the WebSocket: the answer carries seq and retryAfterMs, and the connection stays open', async () => {
    kp = await TestKolpulse.start({ env: { KOLPULSE_RATE_LIMIT: '100' } });
    const { wsUrl } = await kp.listen();
    const ws = await open(`${wsUrl}/ingest?token=${kp.defaultWorkspace.ingestToken}`);
    const got: Array<Record<string, unknown>> = [];
    ws.on('message', (d) => got.push(JSON.parse(d.toString())));
    ws.send(JSON.stringify({ seq: 1, events: likes('a', 1000) }));
    ws.send(JSON.stringify({ seq: 2, events: likes('b', 100) }));
    for (let t = 0; got.length < 2 && t < 100; t++) await settle(20);
    expect(got[0]).toMatchObject({ seq: 1, accepted: 1000 });
    expect(got[1]).toMatchObject({ seq: 2, error: expect.stringMatching(/^rate limited/) });
    expect(got[1]!.retryAfterMs).toBeGreaterThan(900);
    expect(got[1]!.retryAfterMs).toBeLessThanOrEqual(1000);
    expect(ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe('connection limits', () => {
  it('per token (429) and in all (503); a closed connection frees its place', async () => {
    kp = await TestKolpulse.start({ env: { KOLPULSE_MAX_CONNECTIONS: '3', KOLPULSE_MAX_CONNECTIONS_PER_TOKEN: '2' } });
    const { wsUrl } = await kp.listen();
    const ingest = `${wsUrl}/ingest?token=${kp.defaultWorkspace.ingestToken}`;
    const first = await open(ingest);
    await open(ingest);
    await expect(open(ingest)).rejects.toThrow('HTTP 429');
    await open(`${wsUrl}/live?token=${kp.defaultWorkspace.readToken}`);
    await expect(open(`${wsUrl}/live?token=${kp.defaultWorkspace.readToken}`)).rejects.toThrow('HTTP 503');
    first.close();
    await new Promise((r) => first.once('close', r));
    await settle(50);
    await open(ingest);
  });
});
