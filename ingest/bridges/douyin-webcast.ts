// Douyin webcast → canonical events: decoded webcast messages as JSON, one a line, as open-source
// fetchers write them (protobuf JSON: camelCase fields, 64-bit ids as strings). The message type is
// `common.method` (or an envelope's `method`/`type`); ids derive from `common.msgId`.
import readline from 'node:readline';
import {
  events, FieldError, idOf, ignored, intOf, isObj, malformed, mapSafely, objAt, epochMs, parseJsonKeepingBigInts,
  requireId, userAttrs, type Mapped, type Obj, type WireEvent,
} from './bridge-common.js';
import type { BridgeTally } from './bridge-tally.js';

export interface DouyinContext {
  /** Overrides the room id of the messages as the stream id. */
  streamId?: string;
  /** With it, a `stream_start` naming this creator is sent before a stream's first event. */
  creatorId?: string;
  now: () => number;
}

/** `ControlMessage.status` when the host has ended the live. */
const CONTROL_LIVE_ENDED = 3;
const MEMBER_ENTERED = 1;
const SOCIAL_FOLLOW = 1;

/** Unwraps `{method, payload}` / `{type, data}` envelopes; returns the method and the message. */
export function douyinMessage(line: unknown): { method: string; msg: Obj } | null {
  if (!isObj(line)) return null;
  const inner = isObj(line.payload) ? line.payload : isObj(line.data) ? line.data : line;
  const method = [line.method, line.type, objAt(inner.common).method].find((m) => typeof m === 'string' && m !== '');
  return typeof method === 'string' ? { method, msg: inner } : null;
}

export function mapDouyin(line: unknown, ctx: DouyinContext): Mapped {
  const m = douyinMessage(line);
  if (!m) return malformed('not a webcast message: no common.method (or method/type envelope)');
  const { method, msg } = m;
  return mapSafely(() => {
    switch (method) {
      case 'WebcastChatMessage': {
        if (typeof msg.content !== 'string') throw new FieldError('content: required text');
        return events({ ...byUser(msg, ctx, 'comment'), text: msg.content.slice(0, 2000) });
      }
      case 'WebcastLikeMessage': {
        const count = intOf(msg.count);
        if (!count) throw new FieldError('count: required, an integer ≥ 1');
        return events({ ...byUser(msg, ctx, 'like'), count });
      }
      case 'WebcastMemberMessage': {
        const action = intOf(msg.action);
        if (action !== undefined && action !== MEMBER_ENTERED) return ignored(`member action ${action} is not an entry`);
        return events(byUser(msg, ctx, 'member_join'));
      }
      case 'WebcastSocialMessage': {
        const share = (intOf(msg.shareType) ?? 0) > 0 || (typeof msg.shareTarget === 'string' && msg.shareTarget !== '');
        const action = intOf(msg.action);
        if (!share && action !== undefined && action !== SOCIAL_FOLLOW) return ignored(`social action ${action} is neither a follow nor a share`);
        return events(byUser(msg, ctx, share ? 'share' : 'follow'));
      }
      case 'WebcastGiftMessage': return gift(msg, ctx);
      case 'WebcastRoomUserSeqMessage': {
        const current = intOf(msg.total);
        if (current === undefined) throw new FieldError('total: required, an integer ≥ 0');
        const event: WireEvent = { ...messageMeta(msg, ctx), type: 'viewer_count', current };
        const cumulative = intOf(msg.totalUser);
        if (cumulative) event.cumulative = cumulative;
        return events(event);
      }
      case 'WebcastControlMessage': {
        const status = intOf(msg.status);
        if (status !== CONTROL_LIVE_ENDED) return ignored(`control status ${status ?? 'absent'} is not the end of the live`);
        const { ts, streamId } = messageMeta(msg, ctx);
        return events({ id: `douyin:${streamId}:end`, type: 'stream_end', ts, streamId });
      }
      case 'WebcastProductChangeMessage': return productChange(msg, ctx);
      case 'WebcastLiveShoppingMessage': {
        const productId = idOf(msg.promotionId);
        if (!productId) return ignored('live shopping message without a promotionId');
        return events({ ...messageMeta(msg, ctx), type: 'product_pin', productId });
      }
      default:
        return ignored(`${method} is not mapped`);
    }
  });
}

export function douyinStreamStart(streamId: string, creatorId: string, ts: number): WireEvent {
  return { id: `douyin:${streamId}:start`, type: 'stream_start', ts, streamId, creatorId, platform: 'douyin' };
}

function streamOf(msg: Obj, ctx: DouyinContext): string {
  return ctx.streamId ?? requireId(objAt(msg.common).roomId, 'common.roomId (or pass --stream-id)');
}

/** Id, time and stream of a message. Douyin's `createTime` is ms; some fetchers write seconds. */
function messageMeta(msg: Obj, ctx: DouyinContext): { id: string; ts: number; streamId: string } {
  const common = objAt(msg.common);
  const msgId = requireId(common.msgId, 'common.msgId');
  const ts = epochMs(common.createTime) ?? epochMs(msg.eventTime) ?? ctx.now();
  return { id: `douyin:${msgId}`, ts, streamId: streamOf(msg, ctx) };
}

function sender(msg: Obj): { userId: string; user?: Obj } {
  const u = objAt(msg.user);
  const userId = requireId(u.idStr ?? u.id, 'user.id');
  const user = userAttrs(u.followInfo ?? u.FollowInfo, u.verified ?? u.Verified);
  return user ? { userId, user } : { userId };
}

function byUser(msg: Obj, ctx: DouyinContext, type: WireEvent['type']): WireEvent {
  return { ...messageMeta(msg, ctx), type, ...sender(msg) };
}

/** A combo gift (`gift.combo`) counts once, at `repeatEnd`, with its id from the streak's `groupId`. */
function gift(msg: Obj, ctx: DouyinContext): Mapped {
  const g = objAt(msg.gift);
  const combo = g.combo === true;
  if (combo && !((intOf(msg.repeatEnd) ?? 0) > 0 || msg.repeatEnd === true)) return ignored('gift combo in progress; counted once at repeatEnd');
  const quantity = intOf(msg.comboCount) || intOf(msg.repeatCount) || 1;
  const event: WireEvent = { ...byUser(msg, ctx, 'gift'), quantity };
  const giftId = idOf(msg.giftId ?? g.id);
  const groupId = idOf(msg.groupId);
  if (combo && groupId) event.id = `douyin:gift:${event.userId as string}:${groupId}:${giftId ?? ''}`;
  if (giftId) event.giftId = giftId;
  const diamonds = intOf(g.diamondCount);
  if (diamonds !== undefined) event.value = diamonds * quantity;
  return events(event);
}

/** Products put forward (讲解) in one change: one `product_pin` per promotion id. */
function productChange(msg: Obj, ctx: DouyinContext): Mapped {
  const list = Array.isArray(msg.updateProductInfoList) ? msg.updateProductInfoList : [];
  const ids = list.map((p) => idOf(objAt(p).promotionId)).filter((id): id is string => id !== undefined);
  if (ids.length === 0) return ignored('product change without promotion ids');
  const meta = messageMeta(msg, ctx);
  return events(...ids.map((productId): WireEvent => ({ ...meta, id: `${meta.id}:${productId}`, type: 'product_pin', productId })));
}

/**
 * Reads NDJSON messages and hands each valid event to `send`, tagged with its line. Lines that are
 * not JSON or not a mappable message are counted as malformed and skipped; the rest go on.
 * Every 100 lines it waits for `ready`, so a big recorded file is read no faster than it is sent.
 */
export async function runDouyinNdjson(
  input: NodeJS.ReadableStream, ctx: DouyinContext, tally: BridgeTally, send: (event: WireEvent, at: string) => void, ready: () => Promise<unknown> = async () => {},
): Promise<void> {
  const started = new Set<string>();
  let n = 0;
  for await (const raw of readline.createInterface({ input, crlfDelay: Infinity })) {
    n++;
    if (n % 100 === 0) await ready();
    const text = raw.trim();
    if (text === '') continue;
    let line: unknown;
    try {
      line = parseJsonKeepingBigInts(text);
    } catch (err) {
      tally.take(`line ${n}`, malformed(`not JSON: ${(err as Error).message}`));
      continue;
    }
    for (const event of tally.take(`line ${n}`, mapDouyin(line, ctx))) {
      const streamId = event.streamId as string;
      if (ctx.creatorId && !started.has(streamId)) {
        started.add(streamId);
        send(douyinStreamStart(streamId, ctx.creatorId, event.ts as number), `line ${n}`);
      }
      send(event, `line ${n}`);
    }
  }
}
