// Live push to dashboards (WebSocket /live): at most one coalesced update a second per client,
// computed once per stream and shared. A client whose socket lags is skipped, not buffered for,
// and gets a fresh snapshot once it drains, so a stalled dashboard costs nothing to others.
import type { StreamView } from '../stream-view.js';
import type { MetricsService } from '../metrics/metrics-service.js';
import { MINUTE } from '../metrics/stats.js';

/** The little of a `ws` WebSocket that the push uses. */
export interface LiveSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  on(event: 'close', listener: () => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
  readonly bufferedAmount: number;
  readonly readyState: number;
}

interface Subscriber { socket: LiveSocket; workspaceId: string; streamId: string | null; stale: boolean }

const OPEN = 1;
/** Bytes queued on a socket beyond which it is skipped until it drains. */
const MAX_BUFFERED = 512 * 1024;

export class LivePush {
  readonly #view: StreamView;
  readonly #metrics: MetricsService;
  readonly #subs = new Set<Subscriber>();
  /** workspace → streams changed since the last tick. */
  #changed = new Map<string, Set<string>>();
  #timer: NodeJS.Timeout | null = null;

  constructor(view: StreamView, metrics: MetricsService, intervalMs = 1000) {
    this.#view = view;
    this.#metrics = metrics;
    metrics.onChange((ws, streams) => {
      if (streams.size === 0) return;
      let set = this.#changed.get(ws);
      if (!set) this.#changed.set(ws, (set = new Set()));
      for (const s of streams) set.add(s);
    });
    this.#timer = setInterval(() => this.tick(), intervalMs);
    this.#timer.unref();
  }

  get subscribers(): number {
    return this.#subs.size;
  }

  subscribe(socket: LiveSocket, workspaceId: string, streamId: string | null): void {
    const sub: Subscriber = { socket, workspaceId, streamId, stale: false };
    this.#subs.add(sub);
    socket.on('close', () => this.#subs.delete(sub));
    socket.on('error', () => this.#subs.delete(sub));
    this.#guard(sub, () => this.#snapshot(sub));
  }

  #send(sub: Subscriber, message: unknown): void {
    if (sub.socket.readyState !== OPEN) return;
    sub.socket.send(JSON.stringify(message));
  }

  /** A failure for one dashboard is logged and closes that dashboard only. */
  #guard(sub: Subscriber, work: () => void): void {
    try {
      work();
    } catch (err) {
      console.error(`live push: ${(err as Error).stack ?? String(err)}`);
      this.#subs.delete(sub);
      sub.socket.close(1011, 'internal error');
    }
  }

  #snapshot(sub: Subscriber): void {
    sub.stale = false;
    if (sub.streamId === null) {
      this.#send(sub, { type: 'streams', streams: this.#streamCards(sub.workspaceId, null) });
    } else {
      this.#send(sub, {
        type: 'snapshot',
        streamId: sub.streamId,
        summary: this.#view.summary(sub.workspaceId, sub.streamId),
        series: this.#view.series(sub.workspaceId, sub.streamId, MINUTE),
      });
    }
  }

  #streamCards(workspaceId: string, only: Set<string> | null) {
    return this.#view.list(workspaceId)
      .filter((h) => only === null || only.has(h.streamId))
      .map((h) => this.#view.summary(workspaceId, h.streamId));
  }

  /** Sends what changed since the last tick (called every second; public for tests). */
  tick(): void {
    const changed = this.#changed;
    this.#changed = new Map();
    const updates = new Map<string, string>();
    for (const sub of [...this.#subs]) this.#guard(sub, () => this.#tickOne(sub, changed, updates));
    // Dirty minutes of streams nobody watched are dropped; a later subscriber gets a snapshot.
    for (const [ws, streams] of changed) {
      for (const s of streams) {
        if (!updates.has(`${ws}\u0000${s}`)) this.#metrics.workspace(ws).streams.get(s)?.takeDirty();
      }
    }
  }

  #tickOne(sub: Subscriber, changed: Map<string, Set<string>>, updates: Map<string, string>): void {
    if (sub.socket.readyState !== OPEN) return;
    if (sub.socket.bufferedAmount > MAX_BUFFERED) {
      sub.stale = true;
      return;
    }
    if (sub.stale) {
      this.#snapshot(sub);
      return;
    }
    const streams = changed.get(sub.workspaceId);
    if (!streams) return;
    if (sub.streamId === null) {
      this.#send(sub, { type: 'streams', streams: this.#streamCards(sub.workspaceId, streams) });
      return;
    }
    if (!streams.has(sub.streamId)) return;
    const key = `${sub.workspaceId}\u0000${sub.streamId}`;
    let text = updates.get(key);
    if (text === undefined) {
      text = this.#update(sub.workspaceId, sub.streamId);
      updates.set(key, text);
    }
    sub.socket.send(text);
  }

  #update(workspaceId: string, streamId: string): string {
    const rollup = this.#metrics.workspace(workspaceId).streams.get(streamId);
    const minutes = rollup?.takeDirty() ?? [];
    return JSON.stringify({
      type: 'update',
      streamId,
      summary: this.#view.summary(workspaceId, streamId),
      series: this.#view.series(workspaceId, streamId, MINUTE, minutes),
    });
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    for (const sub of this.#subs) sub.socket.close(1001, 'server shutting down');
    this.#subs.clear();
  }
}
