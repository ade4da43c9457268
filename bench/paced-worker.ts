// An open-loop load client in a worker thread, for bench:overload and bench:soak: it offers
// frames at a fixed rate whatever the server answers (a live platform does not wait), from a
// pool of pre-generated frames reused with fresh ids each round. It records every answer and,
// at the end, checks in the database that every acknowledged event is stored.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { buildFrames, EventGenerator } from './event-gen.js';

export interface PacedSetup { client: number; seed: number; poolFrames: number; perFrame: number; streams: number }
export type ToPaced =
  | { type: 'run'; url: string; framesPerSec: number; durationMs: number; maxUnanswered: number; reportEveryMs: number }
  | { type: 'verify'; dbFile: string; workspaceId: string }
  | { type: 'exit' };
export interface PacedResult {
  client: number;
  offered: number;
  /** Frames not written because `maxUnanswered` frames were already waiting (the server held back). */
  heldBack: number;
  acked: number;
  accepted: number;
  /** Frames answered "retry" (overloaded, rate limited, storage), with the first reasons. */
  refused: number;
  refusedReasons: string[];
  /** Per acknowledged frame: when (epoch ms) and how long after sending. */
  ackAt: number[];
  latency: number[];
  /** Frames sent and never answered when the run ended. */
  unanswered: number;
}
export type FromPaced =
  | { type: 'ready'; client: number }
  | { type: 'done'; result: PacedResult }
  | { type: 'verified'; client: number; ackedEvents: number; missing: number }
  | { type: 'interval'; client: number; latency: number[]; accepted: number; refused: number }
  | { type: 'failed'; client: number; error: string };

const setup = workerData as PacedSetup;
const port = parentPort!;
const now = () => performance.timeOrigin + performance.now();
const pool = buildFrames(new EventGenerator({ seed: setup.seed, source: setup.client, streams: setup.streams }), setup.poolFrames, setup.perFrame)
  .map((f) => (JSON.parse(f) as { events: unknown[] }).events);
const idsOf = pool.map((events) => (events as Array<{ id: string }>).map((e) => e.id));
// Each round moves on in time by the pool's span, as a live stream does: a stream whose events
// went back to the same minutes every round would measure a workload no platform sends.
let first = Infinity;
let last = -Infinity;
for (const events of pool) for (const { ts } of events as Array<{ ts: number }>) [first, last] = [Math.min(first, ts), Math.max(last, ts)];
const span = last - first + 1_000;
/** Frame n: pool frame n mod size, with ids and order ids made unique to its round, later by a span a round. */
function frameText(n: number): string {
  const round = Math.floor(n / pool.length);
  const shift = round * span;
  const events = round === 0 ? pool[n % pool.length] : (pool[n % pool.length] as Array<{ ts: number }>).map((e) => ({ ...e, ts: e.ts + shift }));
  const text = JSON.stringify({ seq: n, events });
  return text.replaceAll('"id":"', `"id":"r${round}c${setup.client}-`).replaceAll('"orderId":"', `"orderId":"r${round}c${setup.client}-`);
}
const ackedFrames: number[] = [];
port.postMessage({ type: 'ready', client: setup.client } satisfies FromPaced);

port.on('message', (msg: ToPaced) => {
  if (msg.type === 'run') run(msg);
  else if (msg.type === 'verify') verify(msg.dbFile, msg.workspaceId);
  else process.exit(0);
});

function run(opts: Extract<ToPaced, { type: 'run' }>): void {
  const ws = new WebSocket(opts.url, { perMessageDeflate: false, maxPayload: 16 * 1024 * 1024 });
  const r: PacedResult = { client: setup.client, offered: 0, heldBack: 0, acked: 0, accepted: 0, refused: 0, refusedReasons: [], ackAt: [], latency: [], unanswered: 0 };
  const sentAt = new Map<number, number>();
  let next = 0;
  let timer: NodeJS.Timeout | null = null;
  // What happened in each reporting interval, for figures printed while the run goes on.
  let interval = { latency: [] as number[], accepted: 0, refused: 0 };
  const report = setInterval(() => {
    port.postMessage({ type: 'interval', client: setup.client, ...interval } satisfies FromPaced);
    interval = { latency: [], accepted: 0, refused: 0 };
  }, opts.reportEveryMs);
  ws.on('error', (err) => port.postMessage({ type: 'failed', client: setup.client, error: err.message } satisfies FromPaced));
  ws.on('message', (data) => {
    const at = now();
    const a = JSON.parse(data.toString()) as { seq: number; accepted?: number; error?: string };
    const t = sentAt.get(a.seq);
    sentAt.delete(a.seq);
    if (a.error !== undefined) {
      r.refused++;
      interval.refused++;
      if (r.refusedReasons.length < 3 && !r.refusedReasons.includes(a.error.replace(/\d+ ms/, 'N ms'))) r.refusedReasons.push(a.error.replace(/\d+ ms/, 'N ms'));
      return;
    }
    r.acked++;
    r.accepted += a.accepted ?? 0;
    ackedFrames.push(a.seq);
    r.ackAt.push(at);
    r.latency.push(t === undefined ? NaN : at - t);
    interval.accepted += a.accepted ?? 0;
    if (t !== undefined) interval.latency.push(at - t);
  });
  ws.once('open', () => {
    const start = now();
    // Every 10 ms, send what the schedule says is due by now.
    timer = setInterval(() => {
      const t = now();
      const due = Math.min(Math.floor(((t - start) * opts.framesPerSec) / 1000), Math.floor((opts.durationMs * opts.framesPerSec) / 1000));
      for (; next < due; next++) {
        r.offered++;
        if (sentAt.size >= opts.maxUnanswered) {
          r.heldBack++;
          continue;
        }
        sentAt.set(next, now());
        ws.send(frameText(next));
      }
      if (t - start >= opts.durationMs) {
        clearInterval(timer!);
        // A grace period for the answers to frames already sent, then the run ends.
        const end = setInterval(() => {
          if (sentAt.size === 0 || now() - t > 30_000) {
            clearInterval(end);
            clearInterval(report);
            r.unanswered = sentAt.size;
            ws.removeAllListeners('message');
            ws.close(1000);
            port.postMessage({ type: 'done', result: r } satisfies FromPaced);
          }
        }, 50);
      }
    }, 10);
  });
}

function verify(dbFile: string, workspaceId: string): void {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  let ackedEvents = 0;
  let missing = 0;
  for (const n of ackedFrames) {
    const round = Math.floor(n / pool.length);
    const ids = idsOf[n % pool.length]!.map((id) => `r${round}c${setup.client}-${id}`);
    // By (workspace_id, id): the unique index, not a scan per frame.
    const found = db.prepare(`select count(*) from events where workspace_id = ? and id in (${ids.map(() => '?').join(',')})`).pluck().get(workspaceId, ...ids) as number;
    ackedEvents += ids.length;
    missing += ids.length - found;
  }
  db.close();
  port.postMessage({ type: 'verified', client: setup.client, ackedEvents, missing } satisfies FromPaced);
}
