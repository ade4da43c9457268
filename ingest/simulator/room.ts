// The state one simulated room shares between its parts: resolved options, the run sheet, the
// event queue, the presence ledger behind viewer_count, id factories and the ground truth.
import { StayModel } from './audience.js';
import { Chat } from './chat.js';
import { IdFactory } from './ids.js';
import { Rng } from './random.js';
import { planStream, type StreamPlan } from './stream-plan.js';
import { TimeQueue } from './time-queue.js';
import { parseMinor } from './shop.js';
import type { FraudEpisode, PendingEvent, Platform, PoolUser, SimTruth, StreamOptions, UserAttrs } from './sim-types.js';

/** Above this many peak viewers, platforms send per-user messages for a share of the audience only. */
export const SAMPLING_THRESHOLD = 2000;

export interface Account { id: string; attrs: UserAttrs }

export interface ResolvedOptions {
  platform: Platform;
  title: string;
  conversionRate: number;
  refundRate: number;
  sampleRate: number;
  userAttributes: boolean;
  zhShare: number;
  /** Chance a viewer opens the card of a product pinned while they watch (before interest). */
  clickRate: number;
}

/** Per-user event types, with the fields beyond `ts`, `streamId`, `userId` and `user`. */
type UserPending = Extract<PendingEvent, { userId: string; user?: UserAttrs }>;
type UserExtra<T extends UserPending['type']> = UserPending extends infer E
  ? E extends { type: infer U } ? (T extends U ? Omit<E, 'type' | 'ts' | 'streamId' | 'userId' | 'user'> : never) : never
  : never;

export class Room {
  readonly options: StreamOptions;
  readonly resolved: ResolvedOptions;
  readonly streamId: string;
  readonly rng: Rng;
  readonly stay: StayModel;
  readonly plan: StreamPlan;
  readonly chat: Chat;
  readonly ids: IdFactory;
  readonly queue = new TimeQueue<PendingEvent>();
  /** Changes of the number of people in the room (weighted: a sampled-in bot stands for 1/rate). */
  readonly presence = new TimeQueue<number>();
  readonly truth: SimTruth = { fraud: [], botUserIds: new Set(), fakeOrderIds: new Set() };
  readonly #attrsRng: Rng;
  readonly #pool: PoolUser[];
  readonly #accountRng: Rng;

  constructor(options: StreamOptions) {
    if (!Number.isInteger(options.durationMin) || options.durationMin < 1) throw new Error('durationMin must be a whole number of minutes ≥ 1');
    if (!(options.size >= 1)) throw new Error('size must be at least 1');
    if (options.products.length === 0) throw new Error('at least one product is needed');
    this.options = options;
    this.streamId = options.streamId;
    this.rng = new Rng(`${String(options.seed)}|${options.streamId}`);
    this.resolved = resolve(options, this.rng.fork('defaults'));
    this.stay = new StayModel(options.creator.tier, options.durationMin * 60 + 120);
    const priceMinor = options.products.map((p) => parseMinor(p.price));
    this.plan = planStream(this.rng.fork('plan'), { startTs: options.startTs, durationMin: options.durationMin, size: options.size, priceMinor, small: options.size < 500 }, this.stay);
    this.chat = new Chat(options.products, options.creator.name);
    this.ids = new IdFactory(this.rng.fork('ids'));
    this.#attrsRng = this.rng.fork('attrs');
    this.#accountRng = this.rng.fork('accounts');
    this.#pool = this.rng.fork('pool').shuffle([...(options.audiencePool?.users ?? [])]);
    for (const u of this.#pool) this.ids.reserveUser(u.id);
  }

  get startTs(): number {
    return this.plan.startTs;
  }

  get endTs(): number {
    return this.plan.endTs;
  }

  emit(event: PendingEvent): void {
    this.queue.push(event.ts, event);
  }

  /** A per-user event; `user` attributes ride along by one rule for every account, real or not. */
  userEvent<T extends UserPending['type']>(type: T, ts: number, account: Account, extra: UserExtra<T>): void {
    const withAttrs = this.resolved.userAttributes && (type === 'member_join' || this.#attrsRng.chance(0.3));
    const event = { type, ts: Math.round(ts), streamId: this.streamId, userId: account.id, ...extra, ...(withAttrs ? { user: { ...account.attrs } } : {}) };
    this.emit(event as unknown as PendingEvent);
  }

  /** A real viewer's account: from the shared pool now and then, otherwise a fresh one. */
  realAccount(draw: (rng: Rng) => UserAttrs): Account {
    const share = this.options.audiencePool?.share ?? 0;
    if (this.#pool.length > 0 && this.#accountRng.chance(share)) {
      const u = this.#pool.pop()!;
      return { id: u.id, attrs: u.attrs };
    }
    return { id: this.ids.userId(), attrs: draw(this.#accountRng) };
  }

  /** A fake account, from the very same id factory. */
  fakeAccount(draw: (rng: Rng) => UserAttrs): Account {
    return { id: this.ids.userId(), attrs: draw(this.#accountRng) };
  }

  /** Enter/leave the room: the event (if `visible`) and the presence change behind viewer_count. */
  join(at: number, account: Account, weight: number, visible = true): void {
    const ts = Math.round(at);
    this.presence.push(ts, weight);
    if (visible) this.userEvent('member_join', ts, account, {});
  }

  leave(at: number, account: Account, weight: number, visible = true): void {
    const ts = Math.round(at);
    if (ts >= this.endTs) return;
    this.presence.push(ts, -weight);
    if (visible) this.userEvent('member_leave', ts, account, {});
  }

  addEpisode(episode: FraudEpisode): void {
    this.truth.fraud.push(episode);
    for (const id of episode.botUserIds) this.truth.botUserIds.add(id);
    for (const id of episode.fakeOrderIds) this.truth.fakeOrderIds.add(id);
  }

  /** A fraud window clamped to the stream, in ms. */
  window(startMin: number, endMin: number | undefined): { from: number; to: number } {
    const from = this.startTs + Math.max(0, Math.min(this.options.durationMin - 1, startMin)) * 60_000;
    const to = Math.min(this.endTs, this.startTs + (endMin ?? this.options.durationMin) * 60_000);
    return { from, to: Math.max(from + 60_000, to) };
  }
}

function resolve(o: StreamOptions, rng: Rng): ResolvedOptions {
  const koc = o.creator.tier === 'KOC';
  const defaultConversion = koc ? rng.uniform(0.01, 0.03) : rng.uniform(0.002, 0.007);
  const defaultSample = o.size <= SAMPLING_THRESHOLD ? 1 : SAMPLING_THRESHOLD / o.size;
  const platform = o.platform ?? 'douyin';
  return {
    platform,
    title: o.title ?? `${o.creator.name} 直播间`,
    conversionRate: o.conversionRate ?? defaultConversion,
    refundRate: o.refundRate ?? rng.uniform(0.05, 0.15),
    sampleRate: Math.min(1, Math.max(1e-4, o.sampleRate ?? defaultSample)),
    userAttributes: o.userAttributes ?? rng.chance(0.6),
    zhShare: o.zhShare ?? (platform === 'tiktok' ? 0.15 : 0.9),
    clickRate: (koc ? 0.09 : 0.05) * rng.uniform(0.7, 1.3),
  };
}
