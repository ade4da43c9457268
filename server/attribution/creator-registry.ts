// A CreatorLookup folded from stream_start events: each stream's creator, and each creator's name,
// tier and tracking code (field by field, the latest stream_start by ts then event id that sets it).
import type { CanonicalEvent } from '../../ingest/event-schema.js';
import type { CreatorInfo, CreatorLookup, Tier } from './creator-lookup.js';

interface Stamped<T> {
  readonly value: T;
  readonly ts: number;
  readonly id: string;
}

interface CreatorFields {
  name?: Stamped<string>;
  tier?: Stamped<Tier>;
  code?: Stamped<string>;
}

export class CreatorRegistry implements CreatorLookup {
  readonly #streams = new Map<string, Stamped<string>>();
  readonly #creators = new Map<string, CreatorFields>();
  /** Explicit code → creatorId; rebuilt on the next look-up after a code changes. */
  #codes: Map<string, Stamped<string>> | null = null;

  fold(events: readonly CanonicalEvent[]): void {
    for (const e of events) this.add(e);
  }

  add(e: CanonicalEvent): void {
    if (e.type !== 'stream_start') return;
    const stamp = { ts: e.ts, id: e.id };
    const prev = this.#streams.get(e.streamId);
    if (!prev || newer(stamp, prev)) this.#streams.set(e.streamId, { value: e.creatorId, ...stamp });
    let fields = this.#creators.get(e.creatorId);
    if (!fields) this.#creators.set(e.creatorId, (fields = {}));
    const info = e.creator;
    if (info?.name !== undefined && (!fields.name || newer(stamp, fields.name))) fields.name = { value: info.name, ...stamp };
    if (info?.tier !== undefined && (!fields.tier || newer(stamp, fields.tier))) fields.tier = { value: info.tier, ...stamp };
    if (info?.code !== undefined && (!fields.code || newer(stamp, fields.code))) {
      fields.code = { value: info.code, ...stamp };
      this.#codes = null;
    }
  }

  creatorOfStream(streamId: string): string | undefined {
    return this.#streams.get(streamId)?.value;
  }

  /** An explicit code first; otherwise a creatorId is its own code when no explicit code replaced it. */
  creatorByCode(code: string): string | undefined {
    const explicit = this.#codeMap().get(code);
    if (explicit) return explicit.value;
    const fields = this.#creators.get(code);
    return fields && !fields.code ? code : undefined;
  }

  describe(creatorId: string): CreatorInfo {
    const fields = this.#creators.get(creatorId);
    return { name: fields?.name?.value ?? null, tier: fields?.tier?.value ?? null };
  }

  /** Should two creators claim one code, the later claim holds it. */
  #codeMap(): Map<string, Stamped<string>> {
    if (this.#codes) return this.#codes;
    const codes = new Map<string, Stamped<string>>();
    for (const [creatorId, fields] of this.#creators) {
      const c = fields.code;
      if (!c) continue;
      const held = codes.get(c.value);
      if (!held || newer(c, held)) codes.set(c.value, { value: creatorId, ts: c.ts, id: c.id });
    }
    return (this.#codes = codes);
  }
}

function newer(a: { ts: number; id: string }, b: { ts: number; id: string }): boolean {
  return a.ts > b.ts || (a.ts === b.ts && a.id > b.id);
}
