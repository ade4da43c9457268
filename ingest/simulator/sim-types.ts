// Public types of the live-stream simulator: its options, the wire events it emits (CONTRACT §3.2,
// money as decimal strings) and the ground truth it returns for evaluation.
import type { PLATFORMS } from '../event-schema.js';
import type { Seed } from './random.js';

export type Platform = (typeof PLATFORMS)[number];
export type Tier = 'KOL' | 'KOC';

export interface Product {
  id: string;
  /** Shown on the pin and used in Chinese chat. */
  title: string;
  /** Decimal string in CNY, e.g. "199.00". */
  price: string;
  /** Short English name for English chat; a generic noun is used without it. */
  titleEn?: string;
  /** Lets the chat ask product-specific questions; generic ones only without it. */
  category?: 'beauty' | 'fashion' | 'food' | 'home' | 'tech';
}

export interface CreatorProfile {
  name: string;
  tier: Tier;
  followers: number;
  /** Fee for the stream, decimal string in CNY. */
  fee: string;
}

/** One injected fraud episode, from `startMin` to `endMin` (default: the stream's end). */
export interface FraudWindow {
  /** 0..1; 0.3 ≈ weak, 0.6 medium, 1.0 strong (see fraud-*.ts for what each kind scales). */
  strength: number;
  startMin: number;
  endMin?: number;
}

export interface FraudOptions {
  boughtViewers?: FraudWindow;
  commentBots?: FraudWindow;
  brushedOrders?: FraudWindow;
}

export type FraudKind = keyof FraudOptions;

export interface UserAttrs {
  accountAgeDays: number;
  followers: number;
  following: number;
  verified?: boolean;
}

/** A returning viewer shared by several streams, so that attribution paths cross creators. */
export interface PoolUser {
  id: string;
  attrs: UserAttrs;
}

export interface AudiencePool {
  users: readonly PoolUser[];
  /** Share of arriving real viewers drawn from the pool (each at most once per stream). */
  share: number;
}

export interface StreamOptions {
  seed: Seed;
  streamId: string;
  creatorId: string;
  creator: CreatorProfile;
  platform?: Platform;
  title?: string;
  /** ms since epoch. */
  startTs: number;
  durationMin: number;
  /** Peak concurrent viewers (the platform's figure, before any bought viewers). */
  size: number;
  products: readonly Product[];
  /** Share of arriving viewers who buy, before the flash-sale lift; default 1–3% for KOC, 0.2–0.7% for KOL. */
  conversionRate?: number;
  /** Share of real orders refunded, default 5–15%. */
  refundRate?: number;
  /**
   * Share of the audience whose per-user messages (join, leave, comment, like, follow, share,
   * gift, product_click, cart_add) arrive. Orders and viewer_count always arrive in full.
   * Default: 1 up to SAMPLING_THRESHOLD peak viewers, then SAMPLING_THRESHOLD / size.
   */
  sampleRate?: number;
  /** Whether the platform sends `user` attributes at all; default drawn from the seed (60% yes). */
  userAttributes?: boolean;
  /** Share of Chinese-speaking viewers; default 0.15 on tiktok, 0.9 elsewhere. */
  zhShare?: number;
  audiencePool?: AudiencePool;
  fraud?: FraudOptions;
}

interface EventBase { id: string; ts: number }
interface RoomEventBase extends EventBase { streamId: string }
interface UserEventBase extends RoomEventBase { userId: string; user?: UserAttrs }

export interface StreamStartEvent extends RoomEventBase {
  type: 'stream_start';
  creatorId: string;
  platform: Platform;
  title: string;
  creator: { name: string; tier: Tier; followers: number; fee: { amount: string; currency: 'CNY' } };
}
export interface StreamEndEvent extends RoomEventBase { type: 'stream_end' }
export interface ViewerCountEvent extends RoomEventBase { type: 'viewer_count'; current: number; cumulative: number }
export interface PresenceEvent extends UserEventBase { type: 'member_join' | 'member_leave' | 'follow' | 'share' }
export interface CommentEvent extends UserEventBase { type: 'comment'; text: string }
export interface LikeEvent extends UserEventBase { type: 'like'; count: number }
export interface GiftEvent extends UserEventBase { type: 'gift'; giftId: string; quantity: number; value: number }
export interface ProductPinEvent extends RoomEventBase { type: 'product_pin'; productId: string; title: string; price: string }
export interface ProductActionEvent extends UserEventBase { type: 'product_click' | 'cart_add'; productId: string; qty?: number }
export interface PurchaseEvent extends EventBase {
  type: 'purchase';
  streamId: string;
  orderId: string;
  userId: string;
  amount: string;
  currency: 'CNY';
  productId: string;
  qty: number;
}
export interface RefundEvent extends EventBase { type: 'refund'; orderId: string; amount: string }

export type SimEvent =
  | StreamStartEvent | StreamEndEvent | ViewerCountEvent | PresenceEvent | CommentEvent | LikeEvent
  | GiftEvent | ProductPinEvent | ProductActionEvent | PurchaseEvent | RefundEvent;

/** The event type(s) carrying `type` T, e.g. `SimEventOf<'member_join'>`. */
export type SimEventOf<T extends SimEvent['type']> = SimEvent extends infer E
  ? E extends { type: infer U } ? (T extends U ? E & { type: T } : never) : never
  : never;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event before it gets its id, which is assigned in time order on release. */
export type PendingEvent = DistributiveOmit<SimEvent, 'id'>;

export interface FraudEpisode {
  kind: FraudKind;
  /** The configured window, clamped to the stream. */
  startTs: number;
  endTs: number;
  /** First and last moment the fraud shows in the events (first step, bot post, fake order). */
  firstTs: number;
  lastTs: number;
  strength: number;
  /** Accounts of this episode that appear in the events. */
  botUserIds: string[];
  fakeOrderIds: string[];
}

export interface SimTruth {
  fraud: FraudEpisode[];
  botUserIds: Set<string>;
  fakeOrderIds: Set<string>;
}

export interface SimResult {
  events: SimEvent[];
  truth: SimTruth;
}
