// WebSocket /live with reconnects (backoff up to 10 s). Each (re)connect starts with a snapshot
// from the server, so nothing has to be replayed on the client.
import { liveUrl } from './api.ts';
import type { LiveMessage } from './types.ts';

export type LiveState = 'connecting' | 'open' | 'closed';

export class LiveSocket {
  #ws: WebSocket | null = null;
  #closed = false;
  #retry = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  readonly #streamId: string | null;
  readonly #onMessage: (m: LiveMessage) => void;
  readonly #onState: (s: LiveState) => void;

  constructor(streamId: string | null, onMessage: (m: LiveMessage) => void, onState: (s: LiveState) => void = () => {}) {
    this.#streamId = streamId;
    this.#onMessage = onMessage;
    this.#onState = onState;
    this.#connect();
  }

  #connect(): void {
    if (this.#closed) return;
    this.#onState('connecting');
    const ws = new WebSocket(liveUrl(this.#streamId));
    this.#ws = ws;
    ws.onopen = () => {
      this.#retry = 0;
      this.#onState('open');
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let msg: LiveMessage;
      try {
        msg = JSON.parse(ev.data) as LiveMessage;
      } catch {
        return;
      }
      this.#onMessage(msg);
    };
    ws.onclose = () => {
      if (this.#ws !== ws) return;
      this.#ws = null;
      this.#onState('closed');
      if (this.#closed) return;
      const delay = Math.min(10_000, 500 * 2 ** this.#retry++);
      this.#timer = setTimeout(() => this.#connect(), delay);
    };
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    const ws = this.#ws;
    this.#ws = null;
    ws?.close();
  }
}
