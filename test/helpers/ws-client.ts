// A WebSocket ingest client for tests: sends frames, hands out the server's answers one by one,
// and reports the close code. Also the outcome of an upgrade the server refuses.
import WebSocket from 'ws';
import type { Answer } from './kolpulse.js';

export class IngestClient {
  readonly answers: Answer[] = [];
  #taken = 0;
  #waiters: Array<() => void> = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.answers.push(JSON.parse(data.toString()) as Answer);
      this.#wake();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.#wake();
      });
    });
    ws.on('error', () => {}); // the close event carries what tests look at
  }

  static open(wsUrl: string, token: string, how: 'header' | 'query' = 'header'): Promise<IngestClient> {
    const ws = how === 'header'
      ? new WebSocket(`${wsUrl}/ingest`, { headers: { authorization: `Bearer ${token}` } })
      : new WebSocket(`${wsUrl}/ingest?token=${encodeURIComponent(token)}`);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new IngestClient(ws)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
    });
  }

  #wake(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }

  /** Sends one text frame: a string as is, anything else as JSON. Resolves once written. */
  send(frame: unknown): Promise<void> {
    const text = typeof frame === 'string' ? frame : JSON.stringify(frame);
    return new Promise((resolve, reject) => this.ws.send(text, (err) => (err ? reject(err) : resolve())));
  }

  /** The next answer not yet taken; fails if the connection closes first. */
  async next(): Promise<Answer> {
    for (;;) {
      if (this.#taken < this.answers.length) return this.answers[this.#taken++]!;
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error('connection closed before the answer');
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  async nextN(n: number): Promise<Answer[]> {
    const out: Answer[] = [];
    for (let i = 0; i < n; i++) out.push(await this.next());
    return out;
  }

  /** Sends a frame and returns its answer (use only when no other answer is pending). */
  async roundTrip(frame: unknown): Promise<Answer> {
    await this.send(frame);
    return this.next();
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(1000);
    await this.closed;
  }
}

/** Tries a WebSocket upgrade to `path` and returns the HTTP status the server answers with (101 when it upgrades). */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('upgrade', () => {
      resolve(101);
      ws.close();
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('error', (err) => reject(err));
  });
}
