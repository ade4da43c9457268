// Where ingest time goes, stage by stage, in one process and without sockets: frame JSON.parse,
// zod validation, the stored body's JSON.stringify, SQLite inserts and commits (fsync full vs
// normal, big vs small commits), then the whole IngestService with and without the listeners that
// createKolpulse attaches. Companion of bench:ingest (docs/performance.md):
//   node --expose-gc --import tsx bench/ingest-parts.ts [--events N] [--batch N] [--inflight N]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import type { EventRow } from '../db/dialect.js';
import { migrateToLatest } from '../db/migrations.js';
import { openSqlite } from '../db/sqlite-backend.js';
import { parseEvent, type CanonicalEvent } from '../ingest/event-schema.js';
import { parseJsonFrame } from '../ingest/frame.js';
import { IngestService } from '../ingest/ingest-service.js';
import { OrderLedger } from '../ingest/order-ledger.js';
import { answerFrame } from '../ingest/ws-ingest.js';
import { createKolpulse } from '../server/app.js';
import { configFromEnv } from '../server/config.js';
import { buildFrames, EventGenerator } from './event-gen.js';
import { INSERT_EVENT_SQL, openRawEventsDb } from './raw-sqlite.js';

const { values: flags } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    batch: { type: 'string', default: '8000' },
    inflight: { type: 'string', default: '16' },
    frame: { type: 'string', default: '500' },
  },
});
const EVENTS = Number(flags.events);
const BATCH = Number(flags.batch);
const INFLIGHT = Number(flags.inflight);
const PER_FRAME = Number(flags.frame);

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kolpulse-parts-'));
const dirs: string[] = [];
const usPerEvent = (ms: number, n = EVENTS) => ((ms * 1000) / n).toFixed(2).padStart(7);
/** One stage: wall and (when known) CPU time per event; the machine is shared, CPU is the steadier. */
const line = (label: string, ms: number, extra = '', cpuMs?: number) =>
  console.log(`${label.padEnd(58)}${usPerEvent(ms)} µs/event wall ${cpuMs === undefined ? ''.padStart(7) : usPerEvent(cpuMs)} CPU ${(EVENTS / (ms / 1000)).toFixed(0).padStart(9)} events/s  ${extra}`);

function timed<T>(f: () => T): [T, number, number] {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const out = f();
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return [out, ms, (used.user + used.system) / 1000];
}
/** Wall time, CPU time of this process, and heap retained afterwards (after a full GC if exposed). */
async function timedAsync<T>(f: () => Promise<T>): Promise<[T, number, number, string]> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const cpu = process.cpuUsage();
  const t = performance.now();
  const out = await f();
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  gc?.();
  const retained = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
  const rss = process.memoryUsage().rss / 2 ** 20;
  return [out, ms, (used.user + used.system) / 1000, `heap retained ${retained.toFixed(0)} MB${gc ? '' : ' (no --expose-gc)'}, RSS now ${rss.toFixed(0)} MB`];
}

// Two generators of two rooms each, interleaved by frame, like two of bench:ingest's clients.
const gens = [0, 1].map((c) => new EventGenerator({ seed: 42_000 + c, source: c, streams: 2 }));
const frameCount = Math.ceil(EVENTS / PER_FRAME);
const frames: string[] = [];
for (let i = 0; i < frameCount; i++) frames.push(buildFrames(gens[i % 2]!, 1, PER_FRAME, i)[0]!);
console.log(`ingest stages, ${EVENTS.toLocaleString('en-US')} events in frames of ${PER_FRAME}; batch ${BATCH} for storage; ${INFLIGHT} frames in flight in-process; Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, load ${os.loadavg()[0]!.toFixed(2)}`);

// ---- CPU stages ------------------------------------------------------------------------------
// Each is run twice; the second (warm) run is reported.
let raws: unknown[] = [];
for (let pass = 0; pass < 2; pass++) {
  const [parsed, ms, cpu] = timed(() => frames.map((f) => parseJsonFrame(f)));
  raws = parsed.flatMap((f) => (f.ok ? f.events : []));
  if (pass === 1) line('frame JSON.parse (parseJsonFrame)', ms, '', cpu);
}
let events: CanonicalEvent[] = [];
for (let pass = 0; pass < 2; pass++) {
  const [out, ms, cpu] = timed(() => raws.map((r) => parseEvent(r)));
  events = out.flatMap((r) => (r.ok ? [r.event] : []));
  if (pass === 1) line('zod validation (parseEvent)', ms, `${raws.length - events.length} invalid`, cpu);
}
let bodies: string[] = [];
for (let pass = 0; pass < 2; pass++) {
  const [out, ms, cpu] = timed(() => raws.map((r) => JSON.stringify(r)));
  bodies = out;
  if (pass === 1) line('stored body JSON.stringify (toRow)', ms, '', cpu);
}

// ---- SQLite ----------------------------------------------------------------------------------
const WS = 'ws_0123456789abcdef';
const rows: EventRow[] = events.map((e, i) => ({
  workspace_id: WS, id: e.id, type: e.type, ts: e.ts,
  stream_id: 'streamId' in e && e.streamId !== undefined ? e.streamId : null,
  user_id: 'userId' in e && e.userId !== undefined ? e.userId : null,
  order_id: 'orderId' in e ? e.orderId : null,
  amount_minor: e.type === 'purchase' || e.type === 'refund' ? e.amount : null,
  body: bodies[i]!, received_at: Date.now(),
}));

/** A migrated database file with the server's schema, opened raw with the server's pragmas. */
async function rawDb(sync: 'FULL' | 'NORMAL'): Promise<BetterSqlite3.Database> {
  const dir = tmp();
  dirs.push(dir);
  return openRawEventsDb(path.join(dir, 'kolpulse.sqlite'), sync);
}

async function storage(sync: 'FULL' | 'NORMAL', batch: number): Promise<void> {
  const db = await rawDb(sync);
  const label = `SQLite sync=${sync}, ${batch} events a commit`;
  const insert = db.prepare(INSERT_EVENT_SQL);
  const begin = db.prepare('begin');
  const commit = db.prepare('commit');
  let insertMs = 0;
  let commitMs = 0;
  let insertCpu = 0;
  let commitCpu = 0;
  let worstCommit = 0;
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  for (let at = 0; at < rows.length; at += batch) {
    const c0 = cpuMs();
    const t0 = performance.now();
    begin.run();
    for (let i = at; i < Math.min(rows.length, at + batch); i++) {
      const e = rows[i]!;
      insert.run(e.workspace_id, e.id, e.type, e.ts, e.stream_id, e.user_id, e.order_id, e.amount_minor, e.body, e.received_at);
    }
    const c1 = cpuMs();
    const t1 = performance.now();
    commit.run();
    const t2 = performance.now();
    const c2 = cpuMs();
    insertMs += t1 - t0;
    commitMs += t2 - t1;
    insertCpu += c1 - c0;
    commitCpu += c2 - c1;
    worstCommit = Math.max(worstCommit, t2 - t1);
  }
  const commits = Math.ceil(rows.length / batch);
  line(`${label}: inserts`, insertMs, '', insertCpu);
  line(`${label}: commits`, commitMs, `${commits} commits, mean ${(commitMs / commits).toFixed(1)} ms, worst ${worstCommit.toFixed(1)} ms (WAL checkpoints included)`, commitCpu);
  db.close();
}

{
  const db = await rawDb('FULL');
  const indexes = (db.prepare("select name from pragma_index_list('events')").pluck().all() as string[]).join(', ');
  console.log(`events table indexes as migrated: ${indexes || '(none)'}`);
  db.close();
}
await storage('FULL', BATCH);
await storage('NORMAL', BATCH);
await storage('FULL', Math.max(1, Math.round(BATCH / 4)));

// ---- whole ingest in-process -----------------------------------------------------------------

/** Sends every frame through answerFrame (parse → validate → queue → commit → ack), INFLIGHT at a time. */
async function pump(ingest: IngestService, workspaceId: string): Promise<number> {
  let next = 0;
  let accepted = 0;
  const worker = async () => {
    while (next < frames.length) {
      const i = next++;
      const a = await answerFrame(frames[i]!, workspaceId, ingest);
      if ('accepted' in a.answer) accepted += a.answer.accepted;
      else throw new Error(`frame ${i}: ${a.answer.error}`);
    }
  };
  await Promise.all(Array.from({ length: INFLIGHT }, worker));
  return accepted;
}

for (const sync of ['full', 'normal'] as const) {
  const dir = tmp();
  dirs.push(dir);
  const backend = openSqlite(path.join(dir, 'kolpulse.sqlite'), { synchronous: sync });
  await migrateToLatest(backend.db, backend.caps);
  const ingest = new IngestService({ backend, ledger: new OrderLedger(), currency: 'CNY' });
  const [accepted, ms, cpu, note] = await timedAsync(() => pump(ingest, WS));
  line(`IngestService alone (storage + ledger), sync=${sync}`, ms, `${accepted} accepted; ${note}`, cpu);
  await ingest.close();
  await backend.close();
}

for (const sync of ['full', 'normal'] as const) {
  const dir = tmp();
  dirs.push(dir);
  const kp = await createKolpulse(configFromEnv({ KOLPULSE_DATA_DIR: dir, KOLPULSE_ADMIN_TOKEN: 'bench-admin', KOLPULSE_SQLITE_SYNC: sync }));
  const [accepted, ms, cpu, note] = await timedAsync(() => pump(kp.ingest, kp.boot.defaultWorkspace!.id));
  line(`createKolpulse ingest (+ commit listeners), sync=${sync}`, ms, `${accepted} accepted; ${note}`, cpu);
  await kp.close();
}

for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
