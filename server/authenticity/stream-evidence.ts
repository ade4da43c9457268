// What the detectors need to remember of one stream, folded event by event: per user their
// account attributes, joins, first engagement and comments; the stream's orders. Folding
// commutes (minima, sets, multisets, latest-by-ts), so arrival order does not change any verdict.
import type { CanonicalEvent } from '../../ingest/event-schema.js';
import { ChatClusters } from './chat-clusters.js';
import { withValue, type GroupBag } from '../compact/group-bag.js';
import { LatestFields } from '../metrics/latest-fields.js';
import { timeListOf, withTime, type TimeList } from '../compact/time-list.js';

export interface AccountAttrs { accountAgeDays?: number; followers?: number; following?: number; verified?: boolean }

export interface UserEvidence {
  attrs: AccountAttrs | null;
  /** Each attribute from the newest event that carries it. */
  latestAttrs: LatestFields<AccountAttrs> | null;
  /** Each member_join time; null before the first. */
  joins: TimeList | null;
  leaves: number;
  /** Earliest comment, like, follow, share, gift, product click or cart add. */
  firstEngagement: number;
  /**
   * Each comment's time; null before the first. The detectors never pair a comment's time with
   * its group, so the two are kept apart, each in its cheapest form: about 3 bytes a time and 1
   * to 2 a group instead of 8 to 12 each in number arrays, and one 24-byte string, not a 180-byte
   * array, for the many users who comment once.
   */
  commentTs: TimeList | null;
  /** The near-duplicate group of each comment that has one (short texts have none); null if none has. */
  commentGroups: GroupBag | null;
}

export interface OrderEvidence { orderId: string; userId: string; ts: number; amount: number; productId: string | null; qty: number }

const ENGAGEMENT = new Set(['comment', 'like', 'follow', 'share', 'gift', 'product_click', 'cart_add']);

/** An empty or fresh account, judged only from attributes the platform sent. */
export function isEmptyAccount(a: AccountAttrs | null): boolean | null {
  if (!a) return null;
  const fresh = a.accountAgeDays !== undefined ? a.accountAgeDays <= 14 : null;
  const empty = a.followers !== undefined && a.following !== undefined ? a.followers <= 2 && a.following <= 2 : null;
  if (a.verified) return false;
  if (fresh === null && empty === null) return null;
  return (fresh ?? true) && (empty ?? true);
}

function withTimeOrNew(list: TimeList | null, t: number): TimeList {
  return list === null ? timeListOf(t) : withTime(list, t);
}

export class StreamEvidence {
  readonly users = new Map<string, UserEvidence>();
  /** The stream's orders (their first purchases), in the order folded. */
  readonly orders: OrderEvidence[] = [];
  /** minute → product ids pinned in that minute. */
  readonly pins = new Map<number, Set<string>>();
  readonly chat = new ChatClusters();
  readonly viewerReadings: Array<{ ts: number; value: number }> = [];
  /** An example text of each near-duplicate group (by group index), for evidence. */
  readonly groupText: string[] = [];
  version = 0;

  #user(id: string): UserEvidence {
    let u = this.users.get(id);
    if (!u) {
      u = { attrs: null, latestAttrs: null, joins: null, leaves: 0, firstEngagement: Infinity, commentTs: null, commentGroups: null };
      this.users.set(id, u);
    }
    return u;
  }

  /** `firstOfOrder`: false for a purchase of an order already folded (the workspace knows). */
  fold(e: CanonicalEvent, firstOfOrder = true): void {
    this.version++;
    if (e.type === 'viewer_count') {
      this.viewerReadings.push({ ts: e.ts, value: e.current });
      return;
    }
    if (e.type === 'product_pin') {
      const m = Math.floor(e.ts / 60_000);
      let set = this.pins.get(m);
      if (!set) this.pins.set(m, (set = new Set()));
      set.add(e.productId);
      return;
    }
    if (!('userId' in e) || e.userId === undefined) return;
    const u = this.#user(e.userId);
    if (e.user) {
      (u.latestAttrs ??= new LatestFields()).update(e.user, e.ts, e.id);
      u.attrs = u.latestAttrs.values;
    }
    if (ENGAGEMENT.has(e.type)) u.firstEngagement = Math.min(u.firstEngagement, e.ts);
    switch (e.type) {
      case 'member_join':
        u.joins = withTimeOrNew(u.joins, e.ts);
        break;
      case 'member_leave':
        u.leaves++;
        break;
      case 'comment': {
        const group = this.chat.add(e.text);
        // The smallest text, not the first: evidence must not depend on the order events arrive in.
        const text = e.text.slice(0, 120);
        if (group >= 0 && (this.groupText[group] === undefined || text < this.groupText[group]!)) this.groupText[group] = text;
        u.commentTs = withTimeOrNew(u.commentTs, e.ts);
        if (group >= 0) u.commentGroups = withValue(u.commentGroups, group);
        break;
      }
      case 'purchase':
        // The first purchase of an order stays, as in the metrics and the attribution.
        if (!firstOfOrder) break;
        this.orders.push({ orderId: e.orderId, userId: e.userId, ts: e.ts, amount: e.amount, productId: e.productId ?? null, qty: e.qty ?? 1 });
        break;
      default:
        break;
    }
  }
}
