// TikTok LIVE → canonical events: a pure mapping of tiktok-live-connector's events, for both field
// generations (≤ 2.1: flat or `comment`/`likeCount`/`viewerCount`/`giftDetails`; ≥ 2.4: `content`,
// `count`, `total`, `gift`). Ids derive from the platform message id, so a replay de-duplicates.
import {
  events, FieldError, idOf, ignored, intOf, isObj, mapSafely, objAt, epochMs, requireId, textOf, userAttrs,
  type Mapped, type Obj, type WireEvent,
} from './bridge-common.js';

/** The connector events the bridge listens to; `social` is left out, it repeats follow and share. */
export const TIKTOK_EVENTS = ['chat', 'gift', 'like', 'member', 'follow', 'share', 'roomUser', 'oecLiveShopping', 'streamEnd'] as const;
export type TikTokEventName = (typeof TIKTOK_EVENTS)[number];

export interface TikTokContext {
  streamId: string;
  creatorId: string;
  /** Receipt time, for messages that carry no time of their own. */
  now: () => number;
}

/** The member action that means "joined the room" (`actionId` ≤ 2.1, `action` ≥ 2.4). */
const MEMBER_JOINED = 1;
/** `giftType`/`gift.type` of gifts that can be sent in a streak. */
const STREAKABLE = 1;

/** The `stream_start` the bridge sends once connected; one id per stream, so reconnects repeat it harmlessly. */
export function tiktokStreamStart(ctx: TikTokContext, roomInfo?: unknown): WireEvent {
  const room = objAt(roomInfo);
  const event: WireEvent = {
    id: `tiktok:${ctx.streamId}:start`, type: 'stream_start', ts: epochMs(room.create_time) ?? ctx.now(),
    streamId: ctx.streamId, creatorId: ctx.creatorId, platform: 'tiktok',
  };
  const title = textOf(room.title);
  if (title) event.title = title;
  return event;
}

export function mapTikTok(name: TikTokEventName, data: unknown, ctx: TikTokContext): Mapped {
  if (name === 'streamEnd') return streamEnd(data, ctx);
  if (!isObj(data)) return { kind: 'malformed', error: `${name}: the message is not an object` };
  return mapSafely(() => {
    switch (name) {
      case 'chat': return chat(data, ctx);
      case 'gift': return gift(data, ctx);
      case 'like': return like(data, ctx);
      case 'member': return member(data, ctx);
      case 'follow':
      case 'share': return events({ ...byUser(data, ctx, name), type: name });
      case 'roomUser': return roomUser(data, ctx);
      case 'oecLiveShopping': return productPin(data, ctx);
    }
  });
}

/** Message id and time: `common` (≥ 2.0), or flat (`msgId`/`createTime`, ≤ 1.x), or `event` (older). */
function meta(d: Obj, ctx: TikTokContext): { msgId: string | undefined; ts: number } {
  const common = objAt(d.common);
  const event = objAt(d.event);
  return {
    msgId: idOf(common.msgId ?? d.msgId ?? event.msgId),
    ts: epochMs(common.createTime ?? d.createTime ?? event.createTime) ?? ctx.now(),
  };
}

function messageId(d: Obj, ctx: TikTokContext): { id: string; ts: number } {
  const m = meta(d, ctx);
  if (!m.msgId) throw new FieldError('msgId: required (common.msgId or msgId; the event id derives from it)');
  return { id: `tiktok:${m.msgId}`, ts: m.ts };
}

/** The sender: nested `user` (≥ 2.0) or the flat user fields of ≤ 1.x. */
function sender(d: Obj): { userId: string; user?: Obj } {
  const u = isObj(d.user) ? d.user : d;
  const userId = requireId(u.userId ?? u.id, 'user.userId');
  const user = userAttrs(u.followInfo, u.verified);
  return user ? { userId, user } : { userId };
}

function byUser(d: Obj, ctx: TikTokContext, type: WireEvent['type']): WireEvent {
  return { ...messageId(d, ctx), type, streamId: ctx.streamId, ...sender(d) };
}

function chat(d: Obj, ctx: TikTokContext): Mapped {
  const text = d.content ?? d.comment;
  if (typeof text !== 'string') throw new FieldError('content (≥ 2.4) or comment (≤ 2.1): required text');
  return events({ ...byUser(d, ctx, 'comment'), text: text.slice(0, 2000) });
}

function like(d: Obj, ctx: TikTokContext): Mapped {
  const count = intOf(d.count ?? d.likeCount);
  if (!count) throw new FieldError('count (≥ 2.4) or likeCount (≤ 2.1): required, an integer ≥ 1');
  return events({ ...byUser(d, ctx, 'like'), count });
}

function member(d: Obj, ctx: TikTokContext): Mapped {
  const action = intOf(d.action ?? d.actionId);
  if (action !== undefined && action !== MEMBER_JOINED) return ignored(`member action ${action} is not a join`);
  return events(byUser(d, ctx, 'member_join'));
}

/**
 * A gift. Streakable gifts arrive once per step of the streak with a growing `repeatCount`; only
 * the message with `repeatEnd` counts, and its id comes from the streak (`groupId`), so a streak is
 * counted once even if its end is delivered twice.
 */
function gift(d: Obj, ctx: TikTokContext): Mapped {
  // ≥ 2.4: `gift` is the gift itself; ≤ 1.x adds a compatibility `gift` {gift_id, gift_type, …}
  // and flattens the details onto the message; 2.0–2.1 nest them in `giftDetails`.
  const compat = isObj(d.gift) && 'gift_id' in d.gift;
  const details = !compat && isObj(d.gift) ? d.gift : isObj(d.giftDetails) ? d.giftDetails : d;
  const giftType = intOf(details.type ?? details.giftType ?? d.giftType);
  const repeatEnd = d.repeatEnd === true || (intOf(d.repeatEnd) ?? 0) > 0;
  if (giftType === STREAKABLE && !repeatEnd) return ignored('gift streak in progress; counted once at repeatEnd');
  const quantity = intOf(d.repeatCount) ?? 1;
  if (quantity < 1) throw new FieldError('repeatCount: must be an integer ≥ 1');
  const { userId, user } = sender(d);
  const giftId = idOf(d.giftId ?? details.id);
  const groupId = idOf(d.groupId);
  const m = meta(d, ctx);
  let id: string;
  if (giftType === STREAKABLE && groupId) id = `tiktok:gift:${userId}:${groupId}:${giftId ?? ''}`;
  else if (m.msgId) id = `tiktok:${m.msgId}`;
  else throw new FieldError('msgId: required (common.msgId or msgId; the event id derives from it)');
  const event: WireEvent = { id, type: 'gift', ts: m.ts, streamId: ctx.streamId, userId, quantity };
  if (user) event.user = user;
  if (giftId) event.giftId = giftId;
  const diamonds = intOf(details.diamondCount ?? d.diamondCount);
  if (diamonds !== undefined) event.value = diamonds * quantity;
  return events(event);
}

function roomUser(d: Obj, ctx: TikTokContext): Mapped {
  const current = intOf(d.viewerCount ?? d.total);
  if (current === undefined) throw new FieldError('viewerCount (≤ 2.1) or total (≥ 2.4): required, an integer ≥ 0');
  const m = meta(d, ctx);
  // ≤ 1.x roomUser carries no message id: the id is the receipt time and the figure.
  const id = m.msgId ? `tiktok:${m.msgId}` : `tiktok:${ctx.streamId}:viewers:${m.ts}:${current}`;
  const event: WireEvent = { id, type: 'viewer_count', ts: m.ts, streamId: ctx.streamId, current };
  const cumulative = intOf(d.totalUser);
  if (cumulative) event.cumulative = cumulative;
  return events(event);
}

/** The product id in a TikTok Shop product link (`…/product/1729…`), if any. */
function productIdFromUrl(v: unknown): string | undefined {
  return typeof v === 'string' ? /\/product\/(\d+)/.exec(v)?.[1] : undefined;
}

/** `"$55.99"`, `"Rp 15.000"` → a decimal amount when it reads as one (at most 2 decimals). */
export function priceFromText(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /(\d[\d,]*)(?:\.(\d{1,2}))?(?!\d)/.exec(v.replace(/\s/g, ''));
  if (!m || !/^\d{1,3}(,\d{3})*$|^\d+$/.test(m[1]!)) return undefined;
  return `${m[1]!.replace(/,/g, '')}${m[2] ? `.${m[2]}` : ''}`;
}

function productPin(d: Obj, ctx: TikTokContext): Mapped {
  const shop = objAt(d.shopData);
  const productId = productIdFromUrl(shop.shopUrl) ?? productIdFromUrl(shop.shopUrl2) ?? idOf(objAt(d.details).id1);
  if (!productId) throw new FieldError('shopData.shopUrl (a /product/<id> link) or details.id1: required, the product id');
  const m = meta(d, ctx);
  const id = m.msgId ? `tiktok:${m.msgId}` : `tiktok:${ctx.streamId}:pin:${productId}:${m.ts}`;
  const event: WireEvent = { id, type: 'product_pin', ts: m.ts, streamId: ctx.streamId, productId };
  const title = textOf(shop.title);
  const price = priceFromText(shop.priceString);
  if (title) event.title = title;
  if (price) event.price = price;
  return events(event);
}

/** `streamEnd` passes the control action (≤ 1.x, a number) or the control message (≥ 2.0). */
function streamEnd(data: unknown, ctx: TikTokContext): Mapped {
  const ts = isObj(data) ? meta(data, ctx).ts : ctx.now();
  return events({ id: `tiktok:${ctx.streamId}:end`, type: 'stream_end', ts, streamId: ctx.streamId });
}
