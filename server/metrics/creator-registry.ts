// Creators and streams of one workspace: who hosts each stream, tier, tracking code and fee.
// `stream_start` registers creators (latest event time wins per field); settings saved with
// PUT /api/creators/:id take precedence over what events say.
import type { EventOf } from '../../ingest/event-schema.js';
import { LatestFields } from './latest-fields.js';

export type Tier = 'KOL' | 'KOC';

export interface CreatorSettings {
  name?: string | null;
  tier?: Tier | null;
  code?: string | null;
  followers?: number | null;
  /** Fee per stream, minor units. */
  fee?: number | null;
}

export interface Creator {
  creatorId: string;
  name: string | null;
  tier: Tier | null;
  code: string;
  followers: number | null;
  fee: number | null;
}

export interface StreamMeta {
  streamId: string;
  creatorId: string | null;
  platform: string | null;
  title: string | null;
  startedAt: number | null;
  endedAt: number | null;
  /** Fee of this appearance (minor units), from its stream_start; null: the creator's current fee. */
  fee: number | null;
}


export class CreatorRegistry {
  readonly #fromEvents = new Map<string, LatestFields<CreatorSettings>>();
  readonly #settings = new Map<string, CreatorSettings>();
  readonly #streams = new Map<string, StreamMeta & { latest: LatestFields<Pick<StreamMeta, 'creatorId' | 'platform' | 'title' | 'fee'>> }>();
  #codes: Map<string, string> | null = null;

  stream(streamId: string): StreamMeta | undefined {
    return this.#streams.get(streamId);
  }

  streams(): IterableIterator<StreamMeta> {
    return this.#streams.values();
  }

  /** Ensures a stream is known even before its stream_start arrives. */
  touchStream(streamId: string): StreamMeta {
    return this.#touch(streamId);
  }

  #touch(streamId: string) {
    let s = this.#streams.get(streamId);
    if (!s) {
      s = { streamId, creatorId: null, platform: null, title: null, startedAt: null, endedAt: null, fee: null, latest: new LatestFields() };
      this.#streams.set(streamId, s);
    }
    return s;
  }

  foldStart(e: EventOf<'stream_start'>): void {
    const s = this.#touch(e.streamId);
    s.startedAt = s.startedAt === null ? e.ts : Math.min(s.startedAt, e.ts);
    // Each field from the newest stream_start that carries it, whatever the arrival order.
    s.latest.update({ creatorId: e.creatorId, platform: e.platform, title: e.title, fee: e.creator?.fee?.amount }, e.ts, e.id);
    s.creatorId = s.latest.values.creatorId ?? null;
    s.platform = s.latest.values.platform ?? null;
    s.title = s.latest.values.title ?? null;
    s.fee = s.latest.values.fee ?? null;
    const c = e.creator;
    let known = this.#fromEvents.get(e.creatorId);
    if (!known) this.#fromEvents.set(e.creatorId, (known = new LatestFields()));
    known.update({ name: c?.name, tier: c?.tier, followers: c?.followers, code: c?.code, fee: c?.fee?.amount }, e.ts, e.id);
    this.#codes = null;
  }

  foldEnd(e: EventOf<'stream_end'>): void {
    const s = this.touchStream(e.streamId);
    s.endedAt = s.endedAt === null ? e.ts : Math.max(s.endedAt, e.ts);
  }

  /** Settings saved through the API for a creator (empty when none). */
  settings(creatorId: string): CreatorSettings {
    return { ...this.#settings.get(creatorId) };
  }

  /** Merges settings over earlier ones and returns the merged settings. */
  applySettings(creatorId: string, settings: CreatorSettings): CreatorSettings {
    const merged = { ...this.#settings.get(creatorId), ...settings };
    this.#settings.set(creatorId, merged);
    this.#codes = null;
    return merged;
  }

  creator(creatorId: string): Creator {
    const ev: Partial<CreatorSettings> = this.#fromEvents.get(creatorId)?.values ?? {};
    const set = this.#settings.get(creatorId) ?? {};
    const pick = <K extends keyof CreatorSettings>(k: K): CreatorSettings[K] | null =>
      set[k] !== undefined && set[k] !== null ? set[k] : ev[k] ?? null;
    return {
      creatorId,
      name: pick('name') ?? null,
      tier: pick('tier') ?? null,
      code: pick('code') ?? creatorId,
      followers: pick('followers') ?? null,
      fee: pick('fee') ?? null,
    };
  }

  creatorIds(): Set<string> {
    return new Set([...this.#fromEvents.keys(), ...this.#settings.keys()]);
  }

  creatorOfStream(streamId: string): string | undefined {
    return this.#streams.get(streamId)?.creatorId ?? undefined;
  }

  /** Tracking code → creator. A code set explicitly wins over another creator's default (its id). */
  creatorByCode(code: string): string | undefined {
    if (!this.#codes) {
      const codes = new Map<string, string>();
      const ids = this.creatorIds();
      for (const id of ids) codes.set(id, id);
      for (const id of ids) codes.set(this.creator(id).code, id);
      this.#codes = codes;
    }
    return this.#codes.get(code);
  }

  describe(creatorId: string): { name: string | null; tier: Tier | null } {
    const c = this.creator(creatorId);
    return { name: c.name, tier: c.tier };
  }
}
