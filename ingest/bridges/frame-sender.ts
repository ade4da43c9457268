// Bridges and imports send through this: events are grouped into frames (on count, on bytes, after
// a short linger, on flush) and handed to the ResendingClient, which numbers them, waits for the
// durable ack, reconnects and resends. Each event keeps a tag (a row, a message) for reject reports.
import { MAX_EVENTS_PER_FRAME, MAX_FRAME_BYTES } from '../frame.js';
import type { FrameAck } from '../resending-client.js';

/** The little of ResendingClient that sending needs. */
export interface FrameClient {
  send(events: unknown[]): Promise<FrameAck>;
  ready(): Promise<void>;
  drain(): Promise<void>;
  readonly writable: boolean;
}

export interface FrameSenderOptions<Tag> {
  maxEvents?: number;
  /** A partly filled frame goes out after this long, so a live source flows. Default 200 ms. */
  lingerMs?: number;
  /** A rejected event, with its tag and the server's reason. */
  onRejected?: (tag: Tag, id: string | null, error: string) => void;
  /** A frame the client gave up on (refused, or the connection failed for good). */
  onFailed?: (err: Error, events: number) => void;
}

/** Room left in a frame for `{"seq":…,"events":[…]}` around the events. */
const ENVELOPE_BYTES = 64;

export class FrameSender<Tag> {
  readonly #client: FrameClient;
  readonly #opts: Required<Omit<FrameSenderOptions<Tag>, 'onRejected' | 'onFailed'>> & FrameSenderOptions<Tag>;
  #events: unknown[] = [];
  #tags: Tag[] = [];
  #bytes = 0;
  #timer: NodeJS.Timeout | null = null;
  #inFlight = new Set<Promise<void>>();

  constructor(client: FrameClient, opts: FrameSenderOptions<Tag> = {}) {
    this.#client = client;
    this.#opts = { maxEvents: 2000, lingerMs: 200, ...opts };
    if (this.#opts.maxEvents < 1 || this.#opts.maxEvents > MAX_EVENTS_PER_FRAME) throw new RangeError(`maxEvents must be 1–${MAX_EVENTS_PER_FRAME}`);
  }

  /** Queues one event (any JSON value; the server rejects what is not an event); false if it alone is over the frame size limit (not sent). */
  add(event: unknown, tag: Tag): boolean {
    const text = JSON.stringify(event);
    const bytes = Buffer.byteLength(text) + 1;
    if (bytes > MAX_FRAME_BYTES - ENVELOPE_BYTES) return false;
    if (this.#bytes + bytes > MAX_FRAME_BYTES - ENVELOPE_BYTES) this.flush();
    this.#events.push(event);
    this.#tags.push(tag);
    this.#bytes += bytes;
    if (this.#events.length >= this.#opts.maxEvents) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), this.#opts.lingerMs);
    return true;
  }

  /** Resolves when another frame would be written at once (back-pressure for fast sources). */
  ready(): Promise<void> {
    return this.#client.writable ? Promise.resolve() : this.#client.ready();
  }

  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#events.length === 0) return;
    const events = this.#events;
    const tags = this.#tags;
    this.#events = [];
    this.#tags = [];
    this.#bytes = 0;
    const p = this.#client.send(events).then(
      (ack) => {
        for (const r of ack.rejected) this.#opts.onRejected?.(tags[r.index]!, r.id, r.error);
      },
      (err: Error) => this.#opts.onFailed?.(err, events.length),
    ).finally(() => this.#inFlight.delete(p));
    this.#inFlight.add(p);
  }

  /** Sends what is queued and waits for every ack (or failure). */
  async drain(): Promise<void> {
    this.flush();
    await this.#client.drain().catch(() => undefined);
    await Promise.all([...this.#inFlight]);
  }

  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
