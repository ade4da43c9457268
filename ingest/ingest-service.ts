// Group commit: frames from every connection are validated on arrival, queued, and written
// together in one transaction; each frame is answered only after that transaction is durable.
import type { EventRow, RejectRow, StorageBackend } from '../db/dialect.js';
import { formatMajor } from './money.js';
import { parseEvent, rawEventId, type CanonicalEvent } from './event-schema.js';
import { InvalidLine } from './frame.js';
import { LedgerOverlay, OrderLedger } from './order-ledger.js';

export interface Ack {
  seq: number | null;
  accepted: number;
  duplicates: number;
  rejected: Array<{ index: number; id: string | null; error: string }>;
}

/** Events that became durable in one commit, in order, for the engines that fold them. */
export type CommitListener = (workspaceId: string, events: CanonicalEvent[]) => void;

export class IngestError extends Error {
  constructor(message: string, readonly code: 'overloaded' | 'storage' | 'closed') {
    super(message);
  }
}

export interface IngestOptions {
  backend: StorageBackend;
  ledger: OrderLedger;
  /** The one reporting currency of the deployment (ISO 4217). */
  currency: string;
  /** Most events queued and not yet committed before new frames are refused. */
  maxQueuedEvents?: number;
  /**
   * Most events in one batch (whole frames: a bigger frame goes alone); a batch is also written
   * as soon as this many are queued. It bounds the work the event loop does in one go, preparing
   * one batch and folding the one before, and with it how long a frame can wait behind a backlog.
   */
  maxBatchEvents?: number;
  now?: () => number;
}

interface Candidate { index: number; raw: unknown; event: CanonicalEvent; body: string }
interface Job {
  workspaceId: string;
  seq: number | null;
  receivedAt: number;
  candidates: Candidate[];
  rejects: Array<{ index: number; raw: unknown; error: string }>;
  resolve: (ack: Ack) => void;
  reject: (err: Error) => void;
}

const MAX_REJECT_TEXT = 16 * 1024;

export class IngestService {
  readonly #opts: Required<Omit<IngestOptions, 'now'>> & { now: () => number };
  readonly #listeners: CommitListener[] = [];
  #queue: Job[] = [];
  #queuedEvents = 0;
  #writing = false;
  #idle: Array<() => void> = [];
  #scheduled = false;
  #closed = false;

  constructor(opts: IngestOptions) {
    this.#opts = Object.freeze({ maxQueuedEvents: 200_000, maxBatchEvents: 4_000, now: Date.now, ...opts });
  }

  onCommit(listener: CommitListener): void {
    this.#listeners.push(listener);
  }

  get queuedEvents(): number {
    return this.#queuedEvents;
  }

  /** Validates a frame's events and resolves with its ack once the accepted ones are durable. */
  submit(workspaceId: string, seq: number | null, rawEvents: unknown[]): Promise<Ack> {
    if (this.#closed) return Promise.reject(new IngestError('server is shutting down, retry', 'closed'));
    if (this.#queuedEvents + rawEvents.length > this.#opts.maxQueuedEvents) {
      return Promise.reject(new IngestError('overloaded, retry', 'overloaded'));
    }
    const job: Omit<Job, 'resolve' | 'reject'> = { workspaceId, seq, receivedAt: this.#opts.now(), candidates: [], rejects: [] };
    rawEvents.forEach((raw, index) => {
      if (raw instanceof InvalidLine) {
        job.rejects.push({ index, raw: raw.text, error: `invalid JSON: ${raw.reason}` });
        return;
      }
      const parsed = parseEvent(raw);
      if (!parsed.ok) {
        job.rejects.push({ index, raw, error: parsed.error });
        return;
      }
      const e = parsed.event;
      const currencyError = e.type === 'purchase' && e.currency.toUpperCase() !== this.#opts.currency ? `currency: ${e.currency} is not this deployment's reporting currency ${this.#opts.currency}`
        : e.type === 'stream_start' && e.creator?.fee?.currency !== undefined && e.creator.fee.currency !== this.#opts.currency ? `creator.fee.currency: ${e.creator.fee.currency} is not this deployment's reporting currency ${this.#opts.currency}`
          : null;
      if (currencyError) {
        job.rejects.push({ index, raw, error: currencyError });
        return;
      }
      // The stored body is the event as received; an event too deeply nested to write is refused here, alone.
      let body: string;
      try {
        body = JSON.stringify(raw);
      } catch {
        const { id, type } = raw as { id?: unknown; type?: unknown };
        job.rejects.push({ index, raw: { id, type, note: 'the event was nested too deeply to keep whole' }, error: 'event: nested too deeply to store' });
        return;
      }
      // UTF-8 takes at most 3 bytes per UTF-16 unit: most bodies need no byte count at all.
      const limit = this.#opts.backend.maxEventBytes;
      const bytes = limit === undefined || body.length * 3 <= limit ? 0 : Buffer.byteLength(body);
      if (limit !== undefined && bytes > limit) {
        job.rejects.push({ index, raw: { id: e.id, type: e.type, note: 'too large to keep whole' }, error: `event: ${bytes} bytes, over the ${limit}-byte limit of one event in this deployment` });
        return;
      }
      job.candidates.push({ index, raw, event: e, body });
    });
    return new Promise<Ack>((resolve, reject) => {
      this.#queue.push({ ...job, resolve, reject });
      this.#queuedEvents += rawEvents.length;
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#writing) return; // the pump goes on by itself when the batch in flight is durable
    if (this.#queuedEvents >= this.#opts.maxBatchEvents) {
      this.#pump();
    } else if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        this.#pump();
      });
    }
  }

  /** Resolves once everything queued so far is durable and acknowledged (tests, shutdown). */
  async flush(): Promise<void> {
    this.#pump();
    if (!this.#writing && this.#queue.length === 0) return;
    await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  /** Refuses new frames and writes what is queued. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  /**
   * Sends the oldest queued frames, up to `maxBatchEvents` events, to storage as one batch. One
   * batch is in flight at a time; when it is durable the next one is sent at once, and only then
   * is this one folded and answered, so the writer commits batch n + 1 while the engines fold
   * batch n.
   */
  #pump(): void {
    if (this.#writing) return;
    if (this.#queue.length === 0) {
      this.#settle();
      return;
    }
    const { jobs, size } = this.#takeBatch();
    let batch: ReturnType<IngestService['prepare']>;
    try {
      batch = this.prepare(jobs);
    } catch (err) {
      // Nothing of this batch was written: its frames are refused, the server goes on.
      this.#queuedEvents -= size;
      for (const job of jobs) job.reject(new IngestError(`internal error, retry: ${(err as Error).message}`, 'storage'));
      if (this.#queue.length > 0) this.#schedule();
      else this.#settle();
      return;
    }
    this.#writing = true;
    let written: Promise<boolean[]>;
    try {
      written = this.#opts.backend.append(batch.rows, batch.rejectRows);
    } catch (err) {
      written = Promise.reject(err);
    }
    written.then(
      (fresh) => {
        batch.overlay.commit(fresh);
        this.#release(size);
        this.#acknowledge(jobs, batch.owners, fresh);
        this.#settle();
      },
      (err: Error) => {
        this.#release(size);
        const e = new IngestError(`storage unavailable, retry: ${err.message}`, 'storage');
        for (const job of jobs) job.reject(e);
        this.#settle();
      },
    ).catch((err: Error) => console.error(`ingest: ${err.stack ?? err.message}`));
  }

  /** The oldest queued frames up to `maxBatchEvents` events, at least one frame, and their events. */
  #takeBatch(): { jobs: Job[]; size: number } {
    const cap = this.#opts.maxBatchEvents;
    let events = 0;
    let k = 0;
    for (const job of this.#queue) {
      const n = job.candidates.length + job.rejects.length;
      if (k > 0 && events + n > cap) break;
      events += n;
      k++;
    }
    const jobs = k === this.#queue.length ? this.#queue : this.#queue.slice(0, k);
    this.#queue = k === this.#queue.length ? [] : this.#queue.slice(k);
    return { jobs, size: events };
  }

  #release(size: number): void {
    this.#writing = false;
    this.#queuedEvents -= size;
    this.#pump();
  }

  #settle(): void {
    if (this.#writing || this.#queue.length > 0) return;
    const idle = this.#idle;
    this.#idle = [];
    for (const resolve of idle) resolve();
  }

  /** Order checks against the ledger and rows for storage; synchronous, so nothing interleaves. */
  private prepare(jobs: Job[]) {
    const overlay = new LedgerOverlay(this.#opts.ledger);
    const taken = new Map<string, Set<string>>();
    const rows: EventRow[] = [];
    const owners: Array<{ job: Job; candidate: Candidate }> = [];
    const rejectRows: RejectRow[] = [];
    for (const job of jobs) {
      for (const c of job.candidates) {
        const notes: string[] = [];
        const error = checkOrder(rows.length, job.workspaceId, c.event, overlay, this.#opts.ledger, taken, notes);
        // An excess of earlier refunds is logged beside the purchase that reveals it; the purchase itself is accepted.
        for (const note of notes) rejectRows.push(toRejectRow(job.workspaceId, job.receivedAt, { index: c.index, raw: c.raw, error: note }));
        if (error) {
          job.rejects.push({ index: c.index, raw: c.raw, error });
          continue;
        }
        rows.push(toRow(job.workspaceId, c.event, c.body, job.receivedAt));
        owners.push({ job, candidate: c });
      }
      for (const r of job.rejects) rejectRows.push(toRejectRow(job.workspaceId, job.receivedAt, r));
    }
    return { overlay, rows, owners, rejectRows };
  }

  #acknowledge(jobs: Job[], owners: Array<{ job: Job; candidate: Candidate }>, fresh: readonly boolean[]): void {
    const acks = new Map<Job, Ack>(jobs.map((j) => [j, {
      seq: j.seq, accepted: 0, duplicates: 0,
      rejected: j.rejects.sort((a, b) => a.index - b.index).map((r) => ({ index: r.index, id: rawEventId(r.raw), error: r.error })),
    }]));
    const committed = new Map<string, CanonicalEvent[]>();
    fresh.forEach((isNew, i) => {
      const { job, candidate } = owners[i]!;
      const ack = acks.get(job)!;
      if (!isNew) {
        ack.duplicates++;
        return;
      }
      ack.accepted++;
      let list = committed.get(job.workspaceId);
      if (!list) committed.set(job.workspaceId, (list = []));
      list.push(candidate.event);
    });
    // The events are durable whatever an engine does with them: a failing engine is logged,
    // the others still fold, and every frame gets its ack.
    for (const [ws, events] of committed) {
      for (const l of this.#listeners) {
        try {
          l(ws, events);
        } catch (err) {
          console.error(`ingest: a commit listener failed: ${(err as Error).stack ?? String(err)}`);
        }
      }
    }
    for (const job of jobs) job.resolve(acks.get(job)!);
  }
}

/** Order rules that need state: one purchase per order, refunds within the order amount. */
function checkOrder(
  row: number, ws: string, e: CanonicalEvent, overlay: LedgerOverlay, ledger: OrderLedger, taken: Map<string, Set<string>>, notes: string[],
): string | null {
  let ids = taken.get(ws);
  if (!ids) taken.set(ws, (ids = new Set()));
  if (e.type !== 'purchase' && e.type !== 'refund') {
    ids.add(e.id); // taken now: a purchase or refund reusing it later in this batch is a duplicate
    return null;
  }
  // An id already stored (or taken earlier in this batch) is a duplicate: it changes nothing.
  if (ids.has(e.id) || ledger.isStored(ws, e)) return null;
  const s = overlay.get(ws, e.orderId);
  if (e.type === 'purchase') {
    if (s?.purchaseId != null) return `orderId: order ${e.orderId} already has a purchase (event ${s.purchaseId})`;
    overlay.purchase(row, ws, e.orderId, e.amount, e.id);
    if (s && s.refunded > e.amount) {
      notes.push(`orderId: refunds that arrived before order ${e.orderId} total ${formatMajor(s.refunded)}, more than its amount ${formatMajor(e.amount)}; the excess ${formatMajor(s.refunded - e.amount)} is not applied`);
    }
  } else {
    // Refunds apply up to the order amount whatever order they arrive in (min(Σ refunds,
    // amount)); the excess of this one is logged as rejected, the event itself is kept.
    if (s && s.amount !== null && s.refunded + e.amount > s.amount) {
      const left = Math.max(0, s.amount - s.refunded);
      notes.push(`amount: refund of ${formatMajor(e.amount)} exceeds the ${formatMajor(left)} not yet refunded on order ${e.orderId}; the excess ${formatMajor(e.amount - left)} is not applied`);
    }
    overlay.refund(row, ws, e.orderId, e.amount, e.id);
  }
  ids.add(e.id);
  return null;
}

function toRow(workspaceId: string, e: CanonicalEvent, body: string, receivedAt: number): EventRow {
  return {
    workspace_id: workspaceId,
    id: e.id,
    type: e.type,
    ts: e.ts,
    stream_id: 'streamId' in e && e.streamId !== undefined ? e.streamId : null,
    user_id: 'userId' in e && e.userId !== undefined ? e.userId : null,
    order_id: 'orderId' in e ? e.orderId : null,
    amount_minor: e.type === 'purchase' || e.type === 'refund' ? e.amount : null,
    body,
    received_at: receivedAt,
  };
}

function toRejectRow(workspaceId: string, receivedAt: number, r: { index: number; raw: unknown; error: string }): RejectRow {
  let text: string;
  try {
    text = JSON.stringify(r.raw) ?? 'null';
  } catch {
    // Too deep to serialise (String() of a deep array overflows as well): keep a note instead.
    text = JSON.stringify('(not kept: nested too deeply to serialise)');
  }
  if (text.length > MAX_REJECT_TEXT) text = JSON.stringify(`${text.slice(0, MAX_REJECT_TEXT)}… (truncated from ${text.length} characters)`);
  return { workspace_id: workspaceId, received_at: receivedAt, idx: r.index, event_id: rawEventId(r.raw), error: r.error, event: text };
}
