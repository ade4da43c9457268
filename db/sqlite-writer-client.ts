// The main thread's side of the SQLite writer thread: batches go over as flat arrays of column
// values, answers come back by request id. A crashed writer fails what it held and is started
// again on the next request.
import { Worker } from 'node:worker_threads';
import type { EventRow, RejectRow } from './dialect.js';

export interface WriterSql { insertEventSql: string; insertRejectSql: string }

interface Pending { resolve: (msg: Reply) => void; reject: (err: Error) => void }
type Reply = { id: number; ok: true; fresh?: Uint8Array; startedAt?: number; endedAt?: number } | { id: number; ok: false; error: string; code?: string };

/**
 * What the writer threads of this process have done so far: batches, rows, milliseconds inside
 * their transactions, and the longest transaction and the longest round trip (queueing in the
 * writer included) since `takeWriterPeaks()` last ran. Read by the benchmarks' server entry.
 */
export const writerTimings = {
  batches: 0, rows: 0, busyMs: 0, maxBatchMs: 0, maxRoundTripMs: 0, maxBatchRows: 0,
  /** Longest wait from posting a batch to its transaction's start, and from its end to the reply's handling. */
  maxToWriterMs: 0, maxFromWriterMs: 0,
};

const PEAKS = ['maxBatchMs', 'maxRoundTripMs', 'maxBatchRows', 'maxToWriterMs', 'maxFromWriterMs'] as const;

/** The peaks since the last call, and start over. */
export function takeWriterPeaks(): Record<(typeof PEAKS)[number], number> {
  const out = Object.fromEntries(PEAKS.map((k) => [k, writerTimings[k]])) as Record<(typeof PEAKS)[number], number>;
  for (const k of PEAKS) writerTimings[k] = 0;
  return out;
}

const wallNow = () => performance.timeOrigin + performance.now();

export class SqliteWriter {
  readonly #file: string;
  readonly #synchronous: 'full' | 'normal';
  readonly #sql: () => WriterSql;
  #worker: Worker | null = null;
  #pending = new Map<number, Pending>();
  #next = 1;

  constructor(file: string, synchronous: 'full' | 'normal', sql: () => WriterSql) {
    this.#file = file;
    this.#synchronous = synchronous;
    this.#sql = sql;
  }

  #start(): Worker {
    const worker = new Worker(new URL('./sqlite-writer.mjs', import.meta.url), {
      workerData: { file: this.#file, synchronous: this.#synchronous, ...this.#sql() },
      execArgv: [],
    });
    worker.unref();
    worker.on('message', (msg: Reply) => {
      const p = this.#pending.get(msg.id);
      if (!p) return;
      this.#pending.delete(msg.id);
      if (msg.ok) p.resolve(msg);
      else p.reject(Object.assign(new Error(msg.error), { code: msg.code }));
    });
    const fail = (err: Error) => {
      if (this.#worker === worker) this.#worker = null;
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the SQLite writer thread exited (${code})`)));
    return worker;
  }

  #request(msg: Record<string, unknown>): Promise<Reply> {
    const worker = (this.#worker ??= this.#start());
    const id = this.#next++;
    return new Promise<Reply>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ ...msg, id });
    });
  }

  async append(events: EventRow[], rejects: RejectRow[]): Promise<boolean[]> {
    const flat: unknown[] = new Array(events.length * 10);
    let o = 0;
    for (const e of events) {
      flat[o++] = e.workspace_id; flat[o++] = e.id; flat[o++] = e.type; flat[o++] = e.ts; flat[o++] = e.stream_id ?? null;
      flat[o++] = e.user_id ?? null; flat[o++] = e.order_id ?? null; flat[o++] = e.amount_minor ?? null; flat[o++] = e.body; flat[o++] = e.received_at;
    }
    const flatRejects: unknown[] = [];
    for (const r of rejects) flatRejects.push(r.workspace_id, r.received_at, r.idx, r.event_id ?? null, r.error, r.event);
    const sent = wallNow();
    const reply = await this.#request({ kind: 'append', events: flat, rejects: flatRejects }) as { fresh: Uint8Array; startedAt: number; endedAt: number };
    const handled = wallNow();
    const t = writerTimings;
    const ms = reply.endedAt - reply.startedAt;
    t.batches++;
    t.rows += events.length;
    t.maxBatchRows = Math.max(t.maxBatchRows, events.length);
    t.busyMs += ms;
    t.maxBatchMs = Math.max(t.maxBatchMs, ms);
    t.maxRoundTripMs = Math.max(t.maxRoundTripMs, handled - sent);
    t.maxToWriterMs = Math.max(t.maxToWriterMs, reply.startedAt - sent);
    t.maxFromWriterMs = Math.max(t.maxFromWriterMs, handled - reply.endedAt);
    const fresh = reply.fresh;
    return Array.from(fresh, (x) => x === 1);
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    await this.#request({ kind: 'close' }).catch(() => {});
    this.#worker = null;
    await worker.terminate();
  }
}
