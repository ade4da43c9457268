// What the detectors need to remember of one stream, folded event by event: per user their
// account attributes, joins, first engagement and comments; the stream's orders. Folding
// commutes (minima, sets, latest-by-ts), so arrival order does not change any verdict.
import type { CanonicalEvent } from '../../ingest/event-schema.js';
import { ChatClusters } from './chat-clusters.js';
import { LatestFields } from '../metrics/latest-fields.js';

export interface AccountAttrs { accountAgeDays?: number; followers?: number; following?: number; verified?: boolean }

export interface UserEvidence {
  attrs: AccountAttrs | null;
  /** Each attribute from the newest event that carries it. */
  latestAttrs: LatestFields<AccountAttrs> | null;
  joins: number[];
  leaves: number;
  /** Earliest comment, like, follow, share, gift, product click or cart add. */
  firstEngagement: number;
  /**
   * Comments in arrival order as two columns: time, and near-duplicate group (-1 for short
   * texts). Columns, not an object per comment: a third of the memory, kept for every comment.
   */
  commentTs: number[];
  commentGroup: number[];
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

export class StreamEvidence {
  readonly users = new Map<string, UserEvidence>();
  readonly orders = new Map<string, OrderEvidence>();
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
      u = { attrs: null, latestAttrs: null, joins: [], leaves: 0, firstEngagement: Infinity, commentTs: [], commentGroup: [] };
      this.users.set(id, u);
    }
    return u;
  }

  fold(e: CanonicalEvent): void {
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
        u.joins.push(e.ts);
        break;
      case 'member_leave':
        u.leaves++;
        break;
      case 'comment': {
        const group = this.chat.add(e.text);
        // The smallest text, not the first: evidence must not depend on the order events arrive in.
        const text = e.text.slice(0, 120);
        if (group >= 0 && (this.groupText[group] === undefined || text < this.groupText[group]!)) this.groupText[group] = text;
        u.commentTs.push(e.ts);
        u.commentGroup.push(group);
        break;
      }
      case 'purchase':
        // The first purchase of an order stays, as in the metrics and the attribution.
        if (this.orders.has(e.orderId)) break;
        this.orders.set(e.orderId, { orderId: e.orderId, userId: e.userId, ts: e.ts, amount: e.amount, productId: e.productId ?? null, qty: e.qty ?? 1 });
        break;
      default:
        break;
    }
  }
}
