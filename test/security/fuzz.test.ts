// Issue #6, hostile input: property-based fuzzing of the real server through every ingest
// transport (WebSocket /ingest, POST /api/events as JSON and NDJSON). Each run gets a workspace
// of its own, so what it reads back (acks, rejected log, stored rows, summary, chat) is exactly
// what the run's oracle (./fuzz-plan.ts) says the contract requires.
//
// Seeds: CI runs the fixed SEEDS. KOLPULSE_FUZZ_SEED=random adds a fresh seed, printed so a
// failure can be replayed with KOLPULSE_FUZZ_SEED=<that number>; KOLPULSE_FUZZ_RUNS=N runs longer.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase } from '../db/fixtures.js';
import { TestKolpulse, type Answer, type Listening, type WorkspaceTokens } from '../helpers/kolpulse.js';
import { IngestClient } from '../helpers/ws-client.js';
import { idArb } from './hostile-events.js';
import { RunOracle, runPlanArb, type FrameExpect, type RunPlan } from './fuzz-plan.js';

const SEEDS = [20261126, 6, 31337];
const RUNS_PER_SEED = Number(process.env.KOLPULSE_FUZZ_RUNS ?? 150);
const extraSeed = process.env.KOLPULSE_FUZZ_SEED;
const seeds = extraSeed === undefined ? SEEDS : [...SEEDS, extraSeed === 'random' ? Date.now() % 2 ** 31 : Number(extraSeed)];
if (extraSeed !== undefined) console.log(`fuzz seeds: ${seeds.join(', ')}`);

let t: TestKolpulse;
let net: Listening;
let runs = 0;
const prototypes = [Object.prototype, Array.prototype, Function.prototype, String.prototype];
const before = prototypes.map((p) => Object.getOwnPropertyNames(p).sort());

/** Starts kolpulse on `storage` before the suite's tests and closes it after them. */
function serveOn(storage: 'SQLite' | 'PostgreSQL'): void {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>> | null = null;
  beforeAll(async () => {
    database = storage === 'PostgreSQL' ? await freshPostgresDatabase() : null;
    t = await TestKolpulse.start({ env: database ? { KOLPULSE_DATABASE_URL: database.url } : {} });
    net = await t.listen();
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
  });
}

const get = (path: string, token: string) => t.request(path, { headers: { authorization: `Bearer ${token}` } });
const canonical = (text: string) => JSON.stringify(JSON.parse(text));

/** U+FFFD for NUL and unpaired surrogates, code unit by code unit: how an id can be stored. */
function storable(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) out += s[i]! + s[++i]!;
    else out += c === 0 || (c >= 0xd800 && c <= 0xdfff) ? '\ufffd' : s[i];
  }
  return out;
}

/** The id a rejection reports: the event's own, when it is a string or a finite number. */
function reportedId(text: string): string | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  const id = typeof v === 'object' && v !== null ? (v as { id?: unknown }).id : undefined;
  if (typeof id === 'string') return storable(id.slice(0, 200));
  return typeof id === 'number' && Number.isFinite(id) ? String(id) : null;
}

function checkAck(ack: Answer, frame: FrameExpect, where: string): void {
  expect(ack.error, where).toBeUndefined();
  expect(ack.seq, where).toBe(frame.seq);
  const rejects = frame.items.flatMap((item, index) => (item.expect.kind === 'reject' ? [{ index, item, prefix: item.expect.prefix }] : []));
  expect(ack.rejected!.map((r) => r.index), where).toEqual(rejects.map((r) => r.index));
  ack.rejected!.forEach((r, i) => {
    expect(r.error.startsWith(rejects[i]!.prefix), `${where} #${r.index}: "${r.error}" should start with "${rejects[i]!.prefix}"`).toBe(true);
    expect(r.id, where).toBe(reportedId(rejects[i]!.item.text));
  });
  expect(ack.accepted, where).toBe(frame.items.filter((i) => i.expect.kind === 'accept').length);
  expect(ack.duplicates, where).toBe(frame.items.filter((i) => i.expect.kind === 'duplicate').length);
}

/** Sends the run's frames (a garbage frame before some) and checks every answer, in order. */
async function sendRun(plan: RunPlan, oracle: RunOracle, ws: WorkspaceTokens): Promise<FrameExpect[]> {
  const frames = plan.frames.map((f) => ({ garbage: f.garbageBefore, frame: oracle.frame(f, plan.transport) }));
  if (plan.transport === 'ws') {
    const client = await IngestClient.open(net.wsUrl, ws.ingestToken, runs % 2 ? 'query' : 'header');
    try {
      // All frames go out before any answer is read: the answers must still come in order.
      for (const { garbage, frame } of frames) {
        if (garbage !== null) await client.send(garbage);
        await client.send(frame.body);
      }
      for (const [n, { garbage, frame }] of frames.entries()) {
        if (garbage !== null) {
          const a = await client.next();
          expect(a.seq, `garbage before frame ${n}`).toBeNull();
          expect(typeof a.error).toBe('string');
        }
        checkAck(await client.next(), frame, `ws frame ${n}`);
      }
    } finally {
      await client.close();
    }
  } else {
    for (const [n, { garbage, frame }] of frames.entries()) {
      if (garbage !== null) {
        const g = await t.postEvents(garbage, ws.ingestToken);
        expect(g.status).toBe(400);
        expect(g.body.seq).toBeNull();
        expect(typeof g.body.error).toBe('string');
      }
      const res = await t.postEvents(frame.body, ws.ingestToken, { ndjson: plan.transport === 'ndjson' });
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
      checkAck(res.body, frame, `${plan.transport} frame ${n}`);
    }
  }
  return frames.map((f) => f.frame);
}

/** Every rejected event is in the log with its index, id, reason and the original event. */
async function checkRejectedLog(frames: FrameExpect[], ws: WorkspaceTokens): Promise<void> {
  const expected = frames.flatMap((f) => f.items.flatMap((item, index) => (item.expect.kind === 'reject' ? [{ index, item, prefix: item.expect.prefix }] : [])));
  const log = await t.rejected(ws.readToken, '?limit=1000');
  expect(log).toHaveLength(expected.length);
  for (const want of expected) {
    const text = canonicalOrLine(want.item.text);
    const at = log.findIndex((e) => e.index === want.index && e.id === reportedId(want.item.text) && e.error.startsWith(want.prefix)
      && (text.length > 16 * 1024 ? typeof e.event === 'string' && e.event.startsWith(text.slice(0, 16 * 1024)) : JSON.stringify(e.event) === text));
    expect(at, `rejected #${want.index} (${want.prefix}) not in the log: ${want.item.text.slice(0, 200)}`).toBeGreaterThanOrEqual(0);
    log.splice(at, 1);
  }
}

/** The original as the log keeps it: the event's JSON, or an NDJSON line that is not JSON as text. */
function canonicalOrLine(text: string): string {
  try {
    return canonical(text);
  } catch {
    return JSON.stringify(text);
  }
}

/** Accepted events are stored exactly: columns as the contract defines them, the body as sent. */
async function checkStored(oracle: RunOracle, frames: FrameExpect[], ws: WorkspaceTokens): Promise<void> {
  const rows = new Map((await t.storedEvents(ws.id)).map((r) => [r.id, r]));
  expect(rows.size).toBe(oracle.accepted.length);
  for (const item of frames.flatMap((f) => f.items)) {
    if (item.expect.kind !== 'accept') continue;
    const s = item.expect.stored;
    const row = rows.get(s.id);
    expect(row, `accepted ${s.id} not stored`).toBeDefined();
    expect({ type: row!.type, ts: Number(row!.ts), stream: row!.stream_id, user: row!.user_id, order: row!.order_id, amount: row!.amount_minor === null ? null : Number(row!.amount_minor) })
      .toEqual({ type: s.type, ts: s.ts, stream: s.streamId, user: s.userId, order: s.orderId, amount: s.amountMinor });
    expect(canonical(row!.body)).toBe(canonical(item.text));
  }
}

/** Reads: the summary adds up the accepted events only; chat, series and reports answer. */
async function checkReads(oracle: RunOracle, ws: WorkspaceTokens): Promise<void> {
  const want = oracle.summary();
  const room = `/api/streams/${encodeURIComponent(oracle.streamId)}`;
  const list = (await (await get('/api/streams', ws.readToken)).json()) as Array<{ streamId: string }>;
  expect(list.map((s) => s.streamId)).toEqual(want ? [oracle.streamId] : []);
  const res = await get(`${room}/summary`, ws.readToken);
  expect(res.status).toBe(want ? 200 : 404);
  if (!want) return;
  const summary = (await res.json()) as Record<string, number>;
  expect(Object.fromEntries(Object.keys(want).map((k) => [k, summary[k]]))).toEqual(want);

  const chat = (await (await get(`${room}/chat?limit=500`, ws.readToken)).json()) as { comments: unknown[] };
  const comments = oracle.accepted.filter((e) => e.type === 'comment' && e.streamId === oracle.streamId).map((e) => ({ ts: e.ts, userId: e.userId, text: e.text }));
  const sorted = (xs: unknown[]) => xs.map((x) => JSON.stringify(x)).sort();
  expect(sorted(chat.comments)).toEqual(sorted(comments));

  const series = (await (await get(`${room}/series?step=60`, ws.readToken)).json()) as { comments: number[]; orders: number[] };
  expect(series.comments.reduce((a, b) => a + b, 0)).toBe(want.comments);
  expect(series.orders.reduce((a, b) => a + b, 0)).toBe(want.orders);

  const html = await (await get(`${room}/report?format=html`, ws.readToken)).text();
  expect(html).not.toMatch(/<script|<img/i);
  const csv = await (await get(`${room}/report?format=csv`, ws.readToken)).text();
  expect(csv, 'a CSV cell a spreadsheet would run as a formula').not.toMatch(/(^|,)"?[=+@]/m);
}

function checkNoPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  expect(prototypes.map((p) => Object.getOwnPropertyNames(p).sort())).toEqual(before);
}

/**
 * Stream ids a URL path can name: `.` and `..` are dot segments that every URL parser removes
 * (`%2E` too), so /api/streams/./summary is /api/streams/summary. Such ids are accepted by the
 * contract but cannot be read back over HTTP (reported; not fixable in a route).
 */
const readableStreamIds = idArb.filter((s) => s !== '.' && s !== '..');

/** PostgreSQL refuses what SQLite stores (NUL in text), so the same traffic goes to both; fewer runs there. */
describe.each([['SQLite', seeds, RUNS_PER_SEED], ['PostgreSQL', seeds.slice(0, 1), Math.ceil(RUNS_PER_SEED / 2)]] as const)('hostile ingest traffic on %s (property-based)', (storage, storageSeeds, numRuns) => {
  serveOn(storage);
  it.each(storageSeeds)('seed %i: every frame answered in order; bad events rejected and logged; good ones stored and counted', async (seed) => {
    await fc.assert(fc.asyncProperty(runPlanArb(readableStreamIds), async (plan) => {
      const n = ++runs;
      const ws = await t.createWorkspace(`fuzz ${n}`);
      const oracle = new RunOracle(`r${n}`, plan.streamId);
      const frames = await sendRun(plan, oracle, ws);
      await checkRejectedLog(frames, ws);
      await checkStored(oracle, frames, ws);
      await checkReads(oracle, ws);
      checkNoPollution();
      expect((await t.request('/healthz')).status).toBe(200);
    }), { seed, numRuns, endOnFailure: true });
  }, 120_000);

  it('a creator id with NUL in the path is refused with 400, not a failed write', async () => {
    const ws = await t.createWorkspace('creator ids');
    const put = (id: string) => t.request(`/api/creators/${id}`, {
      method: 'PUT', headers: { authorization: `Bearer ${ws.ingestToken}`, 'content-type': 'application/json' }, body: '{"followers":1}',
    });
    const res = await put('a%00b');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'creator id must be 1–200 characters, without NUL' });
    expect((await put(encodeURIComponent("<b>'; --"))).status).toBe(200);
  });
});

// Left for ingest/ingest-service.ts (not this suite's to fix): `toRejectRow` falls back to
// `String(raw)` when `JSON.stringify` overflows, and String() of a deeply nested array overflows
// too. The throw escapes `prepare()`, so the whole batch (every frame of every connection in it)
// is refused with `internal error, retry`: a poison frame its sender retries for ever. This test
// pins today's behaviour exactly, so it turns red the day the bug is fixed: then assert instead
// status 200, `accepted: 1` and `rejected: [{index: 1, id: null, error: 'event must be a JSON object'}]`.
describe('an event that is an array nested 20,000 deep', () => {
  serveOn('SQLite');
  // Once refused the whole batch (503 for every frame in it): String() of the array overflowed too.
  it('is rejected alone, with a note in place of its text; its valid neighbour is stored', async () => {
    const ws = await t.createWorkspace('deep array');
    const like = JSON.stringify({ id: 'beside-deep', type: 'like', ts: 0, streamId: 'S', userId: 'u' });
    const res = await t.postEvents(`[${like},${'['.repeat(20_000)}${']'.repeat(20_000)}]`, ws.ingestToken);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 1, duplicates: 0, rejected: [{ index: 1, id: null }] });
    expect((await t.storedEvents(ws.id)).map((e) => e.id)).toEqual(['beside-deep']);
    const log = await t.rejected(ws.readToken);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ index: 1, id: null, event: '(not kept: nested too deeply to serialise)' });
  });
});
