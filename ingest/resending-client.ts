// A WebSocket ingest client (CONTRACT §3.1) that loses no frame: it numbers frames, keeps each
// until its ack, resends after a dropped connection or a "retry" answer, and bounds what is in
// flight. Resends are safe because the server de-duplicates events by id.
import WebSocket from 'ws';
import { z } from 'zod';
import { MAX_EVENTS_PER_FRAME, MAX_FRAME_BYTES } from './frame.js';

/** The little of a `ws` client socket this client uses. */
export interface ClientSocket {
  readonly readyState: number;
  send(data: string): void;
  ping(): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'open' | 'pong', listener: () => void): void;
  on(event: 'message', listener: (data: WebSocket.RawData) => void): void;
  on(event: 'close', listener: (code: number) => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
  on(event: 'unexpected-response', listener: (req: unknown, res: { statusCode?: number }) => void): void;
}

export type RejectedEvent = { index: number; id: string | null; error: string };

const AckSchema = z.object({
  seq: z.number().int(),
  accepted: z.number().int().min(0),
  duplicates: z.number().int().min(0),
  rejected: z.array(z.object({ index: z.number().int(), id: z.string().nullable(), error: z.string() })).max(MAX_EVENTS_PER_FRAME),
});
const ErrorSchema = z.object({ seq: z.number().int().nullable(), error: z.string(), retryAfterMs: z.number().int().min(0).max(3_600_000).optional() });
export type FrameAck = z.infer<typeof AckSchema>;

export interface ResendingClientOptions {
  /** Server base, `http(s)://` or `ws(s)://`; the endpoint `/ingest` is added unless present. */
  url: string;
  /** An ingest token. */
  token: string;
  /** `header` (default): `Authorization: Bearer`; `query`: `?token=`. */
  auth?: 'header' | 'query';
  /** Most frames sent and not yet acknowledged; `send()` beyond this waits. Default 16. */
  maxInFlight?: number;
  /** Back-off before a reconnect or a retry, doubling from `minBackoffMs` up to `maxBackoffMs`. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Connection attempts in a row without any answer before the client gives up. Default 20. */
  maxConnectFailures?: number;
  /** A ping every this many ms; a connection silent for two of them is dropped. Default 15,000. */
  heartbeatMs?: number;
  onAck?: (ack: FrameAck) => void;
  onRejected?: (rejected: RejectedEvent[], seq: number) => void;
  /** `open` on every (re)connection, `lost` when a connection drops or an attempt fails. */
  onConnection?: (state: 'open' | 'lost', detail: string) => void;
  /** Opens a socket; tests may replace it. */
  connect?: (url: string, headers: Record<string, string>) => ClientSocket;
}

export interface ClientStats {
  /** Events handed to the socket at least once, and frames written including resends. */
  sent: number;
  framesSent: number;
  framesResent: number;
  /** Events in acknowledged frames: accepted + duplicates + rejected. */
  acked: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** "Refused for now, retry" answers received. */
  retries: number;
  reconnects: number;
  /** Frames (and their events) given up: answered with a frame error, or lost to a fatal failure. */
  framesFailed: number;
  eventsFailed: number;
  /** Frames sent or waiting for the window, not yet acknowledged. */
  pending: number;
}

interface Frame {
  seq: number;
  text: string;
  events: number;
  /** Connection generation the frame was last written on; 0 when it must be written again. */
  sentOn: number;
  writes: number;
  retries: number;
  retryTimer: NodeJS.Timeout | null;
  resolve: (ack: FrameAck) => void;
  reject: (err: Error) => void;
}

/** One socket's life; `wire` lists the seqs written on it and not yet answered, in order. */
interface Connection { socket: ClientSocket; gen: number; open: boolean; answered: boolean; wire: number[]; status: number | null; error: string | null }

const OPEN = 1;

/** `http://host:8787/` → `ws://host:8787/ingest`. */
export function ingestUrl(base: string): URL {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`not a URL: ${base}`);
  }
  const schemes: Record<string, string> = { 'http:': 'ws:', 'https:': 'wss:', 'ws:': 'ws:', 'wss:': 'wss:' };
  const scheme = schemes[url.protocol];
  if (!scheme) throw new Error(`URL must start with http://, https://, ws:// or wss://, got ${url.protocol}//`);
  url.protocol = scheme;
  if (!url.pathname.endsWith('/ingest')) url.pathname = `${url.pathname.replace(/\/+$/, '')}/ingest`;
  return url;
}

export class ResendingClient {
  readonly #opts: Required<Omit<ResendingClientOptions, 'onAck' | 'onRejected' | 'onConnection' | 'auth'>> & Pick<ResendingClientOptions, 'onAck' | 'onRejected' | 'onConnection'>;
  readonly #url: string;
  readonly #headers: Record<string, string>;
  /** Frames in the window, by seq; a Map keeps them in seq order for resends. */
  readonly #unacked = new Map<number, Frame>();
  readonly #waiting: Frame[] = [];
  #nextSeq = 1;
  #gen = 0;
  #conn: Connection | null = null;
  #everOpened = false;
  #failures = 0;
  #reconnectTimer: NodeJS.Timeout | null = null;
  #heartbeat: NodeJS.Timeout | null = null;
  #alive = true;
  #closed = false;
  #fatal: Error | null = null;
  #waiters: Array<() => boolean> = [];
  readonly #stats: Omit<ClientStats, 'pending'> = {
    sent: 0, framesSent: 0, framesResent: 0, acked: 0, accepted: 0, duplicates: 0, rejected: 0,
    retries: 0, reconnects: 0, framesFailed: 0, eventsFailed: 0,
  };

  constructor(options: ResendingClientOptions) {
    if (!options.token) throw new Error('an ingest token is required');
    this.#opts = Object.freeze({
      maxInFlight: 16, minBackoffMs: 100, maxBackoffMs: 5000, maxConnectFailures: 20, heartbeatMs: 15_000,
      connect: (url: string, headers: Record<string, string>) => new WebSocket(url, { headers }) as ClientSocket,
      ...options,
    });
    if (!Number.isInteger(this.#opts.maxInFlight) || this.#opts.maxInFlight < 1) throw new Error('maxInFlight must be an integer ≥ 1');
    const url = ingestUrl(options.url);
    this.#headers = {};
    if (options.auth === 'query') url.searchParams.set('token', options.token);
    else this.#headers.authorization = `Bearer ${options.token}`;
    this.#url = url.href;
  }

  get stats(): ClientStats {
    return Object.freeze({ ...this.#stats, pending: this.#unacked.size + this.#waiting.length });
  }

  /** Why the client gave up (a refused token, no server), or null while it keeps trying. */
  get error(): Error | null {
    return this.#fatal;
  }

  /** True while a `send()` would be written at once rather than wait for the window. */
  get writable(): boolean {
    return this.#unacked.size + this.#waiting.length < this.#opts.maxInFlight;
  }

  /**
   * Sends one frame of events; resolves with its ack once the server holds them durably, or
   * rejects if the frame is refused for its content, or the client fails or is closed.
   */
  send(events: unknown[]): Promise<FrameAck> {
    if (this.#fatal) return Promise.reject(this.#fatal);
    if (this.#closed) return Promise.reject(new Error('client is closed'));
    if (events.length > MAX_EVENTS_PER_FRAME) {
      return Promise.reject(new RangeError(`${events.length} events in one frame; at most ${MAX_EVENTS_PER_FRAME}`));
    }
    const seq = this.#nextSeq;
    const text = JSON.stringify({ seq, events });
    const bytes = Buffer.byteLength(text);
    if (bytes > MAX_FRAME_BYTES) return Promise.reject(new RangeError(`frame of ${bytes} bytes; at most ${MAX_FRAME_BYTES}`));
    this.#nextSeq++;
    return new Promise<FrameAck>((resolve, reject) => {
      this.#waiting.push({ seq, text, events: events.length, sentOn: 0, writes: 0, retries: 0, retryTimer: null, resolve, reject });
      this.#pump();
    });
  }

  /** Resolves when `send()` would not have to wait for the window (or the client has failed). */
  ready(): Promise<void> {
    return this.#until(() => this.writable);
  }

  /** Resolves when every frame sent so far is acknowledged or given up; rejects if the client failed. */
  drain(): Promise<void> {
    return this.#until(() => this.#unacked.size + this.#waiting.length === 0);
  }

  /** Closes the connection; frames not yet acknowledged are rejected. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#failAll(new Error('client is closed'));
    this.#stopTimers();
    const conn = this.#conn;
    this.#conn = null;
    if (conn) conn.open ? conn.socket.close(1000, 'done') : conn.socket.terminate();
  }

  #until(done: () => boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const check = (): boolean => {
        if (this.#fatal) reject(this.#fatal);
        else if (done() || this.#closed) resolve();
        else return false;
        return true;
      };
      if (!check()) this.#waiters.push(check);
    });
  }

  #wake(): void {
    this.#waiters = this.#waiters.filter((settled) => !settled());
  }

  #pump(): void {
    while (this.#waiting.length > 0 && this.#unacked.size < this.#opts.maxInFlight) {
      const frame = this.#waiting.shift()!;
      this.#unacked.set(frame.seq, frame);
      if (this.#conn?.open) this.#write(frame, this.#conn);
    }
    if (this.#unacked.size > 0) this.#ensureConnection();
  }

  #write(frame: Frame, conn: Connection): void {
    if (frame.retryTimer) clearTimeout(frame.retryTimer);
    frame.retryTimer = null;
    conn.socket.send(frame.text);
    conn.wire.push(frame.seq);
    frame.sentOn = conn.gen;
    frame.writes++;
    this.#stats.framesSent++;
    if (frame.writes === 1) this.#stats.sent += frame.events;
    else this.#stats.framesResent++;
  }

  #ensureConnection(): void {
    if (this.#conn || this.#reconnectTimer || this.#closed || this.#fatal) return;
    const conn: Connection = { socket: this.#opts.connect(this.#url, this.#headers), gen: ++this.#gen, open: false, answered: false, wire: [], status: null, error: null };
    this.#conn = conn;
    const { socket } = conn;
    socket.on('open', () => this.#onOpen(conn));
    socket.on('message', (data) => this.#onMessage(conn, data));
    socket.on('pong', () => void (this.#alive = true));
    socket.on('error', (err) => void (conn.error ??= err.message));
    socket.on('unexpected-response', (_req, res) => {
      conn.status = res.statusCode ?? 0;
      conn.error = `server answered HTTP ${conn.status} to the WebSocket upgrade`;
      socket.terminate();
    });
    socket.on('close', (code) => this.#onClose(conn, code));
  }

  #onOpen(conn: Connection): void {
    if (conn !== this.#conn) return;
    conn.open = true;
    if (this.#everOpened) this.#stats.reconnects++;
    this.#everOpened = true;
    this.#opts.onConnection?.('open', this.#url.replace(/([?&]token=)[^&]*/, '$1…'));
    this.#alive = true;
    this.#heartbeat = setInterval(() => {
      if (!this.#alive) return conn.socket.terminate();
      this.#alive = false;
      conn.socket.ping();
    }, this.#opts.heartbeatMs);
    this.#heartbeat.unref();
    for (const frame of this.#unacked.values()) if (frame.sentOn !== conn.gen) this.#write(frame, conn);
  }

  #onMessage(conn: Connection, data: WebSocket.RawData): void {
    if (conn !== this.#conn) return;
    this.#alive = true;
    let body: unknown;
    try {
      body = JSON.parse(data.toString());
    } catch {
      return; // not an answer of this protocol
    }
    conn.answered = true;
    this.#failures = 0;
    const ack = AckSchema.safeParse(body);
    if (ack.success) return this.#acknowledge(conn, ack.data);
    const err = ErrorSchema.safeParse(body);
    if (!err.success) return;
    // Answers come in order: a frame error without seq belongs to the oldest frame on the wire.
    const seq = err.data.seq ?? conn.wire[0];
    if (seq === undefined) return;
    this.#offWire(conn, seq);
    const frame = this.#unacked.get(seq);
    if (!frame) return;
    if (err.data.seq === null) return this.#fail(frame, new Error(`server refused frame ${seq}: ${err.data.error}`));
    // Refused for now (overloaded, storage fault, shutting down, rate limited): back off, at
    // least as long as the server asked, then write it again.
    this.#stats.retries++;
    frame.sentOn = 0;
    frame.retryTimer = setTimeout(() => {
      frame.retryTimer = null;
      const now = this.#conn;
      if (this.#unacked.get(seq) === frame && now?.open && frame.sentOn !== now.gen) this.#write(frame, now);
    }, Math.max(this.#backoff(++frame.retries), err.data.retryAfterMs ?? 0));
  }

  #acknowledge(conn: Connection, ack: FrameAck): void {
    this.#offWire(conn, ack.seq);
    const frame = this.#unacked.get(ack.seq);
    if (!frame) return; // an answer to a frame acknowledged already
    this.#unacked.delete(ack.seq);
    if (frame.retryTimer) clearTimeout(frame.retryTimer);
    const s = this.#stats;
    s.acked += frame.events;
    s.accepted += ack.accepted;
    s.duplicates += ack.duplicates;
    s.rejected += ack.rejected.length;
    this.#opts.onAck?.(ack);
    if (ack.rejected.length > 0) this.#opts.onRejected?.(ack.rejected, ack.seq);
    frame.resolve(ack);
    this.#pump();
    this.#wake();
  }

  #offWire(conn: Connection, seq: number): void {
    const i = conn.wire.indexOf(seq);
    if (i >= 0) conn.wire.splice(i, 1);
  }

  #onClose(conn: Connection, code: number): void {
    if (conn !== this.#conn) return;
    this.#conn = null;
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
    if (this.#closed) return;
    const detail = conn.error ?? `closed with code ${code}`;
    const status = conn.status;
    if (status !== null && status >= 400 && status < 500 && status !== 408 && status !== 429) {
      return this.#giveUp(new Error(`${detail}${status === 401 ? ' (wrong or missing ingest token)' : status === 403 ? ' (not an ingest token)' : ''}`));
    }
    if (code === 1009) return this.#giveUp(new Error('the server closed the connection: a frame was over its size limit (1009)'));
    if (!conn.answered && ++this.#failures >= this.#opts.maxConnectFailures) {
      return this.#giveUp(new Error(`no answer from ${this.#url} after ${this.#failures} attempts: ${detail}`));
    }
    this.#opts.onConnection?.('lost', detail);
    if (this.#unacked.size + this.#waiting.length === 0) return; // reconnect on the next send
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      this.#ensureConnection();
    }, this.#backoff(this.#failures));
  }

  /** Doubling back-off with jitter, so many clients do not come back at the same instant. */
  #backoff(attempt: number): number {
    const { minBackoffMs, maxBackoffMs } = this.#opts;
    const ms = Math.min(maxBackoffMs, minBackoffMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(ms * (0.75 + Math.random() * 0.5));
  }

  #fail(frame: Frame, err: Error): void {
    this.#unacked.delete(frame.seq);
    if (frame.retryTimer) clearTimeout(frame.retryTimer);
    this.#stats.framesFailed++;
    this.#stats.eventsFailed += frame.events;
    frame.reject(err);
    this.#pump();
    this.#wake();
  }

  #giveUp(err: Error): void {
    this.#fatal = err;
    this.#stopTimers();
    this.#failAll(err);
  }

  #failAll(err: Error): void {
    const frames = [...this.#unacked.values(), ...this.#waiting];
    this.#unacked.clear();
    this.#waiting.length = 0;
    for (const frame of frames) {
      if (frame.retryTimer) clearTimeout(frame.retryTimer);
      this.#stats.framesFailed++;
      this.#stats.eventsFailed += frame.events;
      frame.reject(err);
    }
    this.#wake();
  }

  #stopTimers(): void {
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#reconnectTimer = null;
    this.#heartbeat = null;
  }
}
