// The TikTok LIVE bridge's runner: listens to a tiktok-live-connector connection (or anything with
// its EventEmitter interface), maps each message, and hands valid events to a sender. Reconnects
// to the room when the connection drops, until the stream ends or the bridge is stopped.
import type { WireEvent } from './bridge-common.js';
import { BridgeTally } from './bridge-tally.js';
import { mapTikTok, tiktokStreamStart, TIKTOK_EVENTS, type TikTokContext } from './tiktok-live.js';

/** The little of a tiktok-live-connector connection the bridge uses (both generations have it). */
export interface LiveConnector {
  connect(): Promise<unknown>;
  disconnect(): unknown;
  on(event: string, listener: (data: unknown) => void): unknown;
}

export interface TikTokBridgeOptions {
  ctx: TikTokContext;
  /** Receives each valid event; `at` names the source message for reports. */
  send: (event: WireEvent, at: string) => void;
  tally?: BridgeTally;
  onStatus?: (text: string) => void;
  /** Back-off between connection attempts, doubling; give up after `maxAttempts` in a row. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  maxAttempts?: number;
}

export class TikTokBridge {
  readonly tally: BridgeTally;
  readonly #connector: LiveConnector;
  readonly #opts: Required<Omit<TikTokBridgeOptions, 'tally' | 'onStatus'>> & Pick<TikTokBridgeOptions, 'onStatus'>;
  #finished = false;
  #connected = false;
  #failures = 0;
  #timer: NodeJS.Timeout | null = null;
  #seen = 0;
  #resolve: () => void = () => {};
  #reject: (err: Error) => void = () => {};

  constructor(connector: LiveConnector, opts: TikTokBridgeOptions) {
    this.#connector = connector;
    this.tally = opts.tally ?? new BridgeTally();
    this.#opts = { minBackoffMs: 1000, maxBackoffMs: 30_000, maxAttempts: 10, ...opts };
  }

  /** Connects and forwards until the stream ends (`streamEnd`) or `stop()`; rejects if the room cannot be reached. */
  run(): Promise<void> {
    const done = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    for (const name of TIKTOK_EVENTS) this.#connector.on(name, (data) => this.#onMessage(name, data));
    this.#connector.on('disconnected', () => this.#onDisconnected());
    this.#connector.on('error', (err) => this.#opts.onStatus?.(`connector error: ${(err as Error)?.message ?? String(err)}`));
    void this.#connect();
    return done;
  }

  /** Stops forwarding and disconnects. */
  stop(): void {
    this.#finish();
  }

  #onMessage(name: (typeof TIKTOK_EVENTS)[number], data: unknown): void {
    if (this.#finished) return;
    const at = `${name} #${++this.#seen}`;
    for (const event of this.tally.take(at, mapTikTok(name, data, this.#opts.ctx))) this.#opts.send(event, at);
    if (name === 'streamEnd') {
      this.#opts.onStatus?.('the stream ended');
      this.#finish();
    }
  }

  async #connect(): Promise<void> {
    this.#timer = null;
    if (this.#finished) return;
    try {
      const state = await this.#connector.connect();
      if (this.#finished) return;
      this.#connected = true;
      this.#failures = 0;
      this.#opts.onStatus?.(`connected to room ${String((state as { roomId?: unknown } | undefined)?.roomId ?? '?')}`);
      const start = tiktokStreamStart(this.#opts.ctx, (state as { roomInfo?: unknown } | undefined)?.roomInfo);
      for (const event of this.tally.take('connected', { kind: 'events', events: [start] })) this.#opts.send(event, 'connected');
    } catch (err) {
      this.#retry(`cannot connect: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  #onDisconnected(): void {
    if (this.#finished || !this.#connected) return;
    this.#connected = false;
    this.#retry('disconnected');
  }

  #retry(why: string): void {
    if (this.#finished || this.#timer) return;
    if (++this.#failures > this.#opts.maxAttempts) {
      this.#finished = true;
      this.#reject(new Error(`${why}; gave up after ${this.#opts.maxAttempts} attempts`));
      return;
    }
    const wait = Math.min(this.#opts.maxBackoffMs, this.#opts.minBackoffMs * 2 ** (this.#failures - 1));
    this.#opts.onStatus?.(`${why}; reconnecting in ${wait} ms`);
    this.#timer = setTimeout(() => void this.#connect(), wait);
  }

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    try {
      this.#connector.disconnect();
    } catch {
      // already disconnected
    }
    this.#resolve();
  }
}
