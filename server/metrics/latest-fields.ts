// Per-field "latest value wins" that is the same in any arrival order: each field keeps the
// value of the event with the greatest (ts, id) among those that carried it.

type Stamp = { ts: number; id: string };

export class LatestFields<T extends object> {
  readonly #stamps = new Map<keyof T, Stamp>();
  readonly values: Partial<T> = {};

  /** Applies the defined fields of `fields`, each only if this event is newer for that field. */
  update(fields: Partial<T>, ts: number, id: string): void {
    for (const key of Object.keys(fields) as Array<keyof T>) {
      const value = fields[key];
      if (value === undefined) continue;
      const cur = this.#stamps.get(key);
      if (cur && (ts < cur.ts || (ts === cur.ts && id <= cur.id))) continue;
      this.#stamps.set(key, { ts, id });
      this.values[key] = value;
    }
  }
}
