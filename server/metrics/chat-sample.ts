// The latest comments of a stream, kept in memory for the dashboard's chat sample: the `keep`
// comments with the greatest (ts, id), whatever order they arrive in.

export interface ChatLine { ts: number; userId: string; text: string }

export class ChatSample {
  readonly #keep: number;
  #lines: Array<ChatLine & { id: string }> = [];

  constructor(keep = 200) {
    this.#keep = keep;
  }

  add(id: string, ts: number, userId: string, text: string): void {
    this.#lines.push({ id, ts, userId, text });
    if (this.#lines.length >= 2 * this.#keep) this.#trim();
  }

  #trim(): void {
    this.#lines.sort((a, b) => b.ts - a.ts || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    this.#lines.length = Math.min(this.#lines.length, this.#keep);
  }

  /** Newest first. */
  latest(limit: number): ChatLine[] {
    this.#trim();
    return this.#lines.slice(0, limit).map(({ ts, userId, text }) => ({ ts, userId, text }));
  }
}
