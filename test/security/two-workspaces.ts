// Two brands with distinct data, for the isolation suite. Every string a brand sends carries its
// `mark` (a random suffix), so "nothing of B appears" is one search: B's mark, id and tokens.
import crypto from 'node:crypto';
import type { TestKolpulse, WorkspaceTokens } from '../helpers/kolpulse.js';

export interface Brand extends WorkspaceTokens {
  /** In every id and text this brand sent. */
  mark: string;
  stream: string;
  creator: string;
  /** Strings that must never reach another workspace's token holder. */
  secrets: string[];
}

export const T0 = Date.UTC(2026, 5, 18, 12, 0, 0);
const MIN = 60_000;

/** The events of one brand: a KOL stream with chat, a product, sales, a refund, brushed orders and a rejected event. */
function brandEvents(m: (s: string) => string, streams: number): unknown[] {
  const events: unknown[] = [];
  for (let s = 0; s < streams; s++) {
    const room = s === 0 ? m('stream') : m(`stream${s}`);
    const at = T0 + s * 3 * 60 * MIN;
    const e = (n: string, type: string, dt: number, rest: Record<string, unknown>) => events.push({ id: m(`${n}${s}`), type, ts: at + dt * MIN, ...rest });
    e('start', 'stream_start', 0, { streamId: room, creatorId: m('creator'), platform: 'douyin', title: m('title'), creator: { name: m('Creator Name'), tier: 'KOL', fee: { amount: '100.00' } } });
    e('vc', 'viewer_count', 1, { streamId: room, current: 120 });
    e('join', 'member_join', 1, { streamId: room, userId: m('viewer') });
    e('chat', 'comment', 2, { streamId: room, userId: m('viewer'), text: m('secret chat') });
    e('like', 'like', 2, { streamId: room, userId: m('viewer'), count: 3 });
    e('pin', 'product_pin', 3, { streamId: room, productId: m('sku'), title: m('product title'), price: '59.90' });
    e('click', 'product_click', 4, { streamId: room, userId: m('viewer'), productId: m('sku') });
    e('cart', 'cart_add', 4, { streamId: room, userId: m('viewer'), productId: m('sku') });
    e('buy', 'purchase', 5, { orderId: m(`order${s}`), userId: m('viewer'), amount: '59.90', currency: 'CNY', streamId: room, productId: m('sku') });
    e('refund', 'refund', 30, { orderId: m(`order${s}`), amount: '10.00' });
    for (let i = 0; i < 4; i++) e(`brush${i}-`, 'purchase', 6 + i, { orderId: m(`brush${s}-${i}`), userId: m('brusher'), amount: '9.90', currency: 'CNY', streamId: room, productId: m('sku') });
    e('end', 'stream_end', 60, { streamId: room });
  }
  events.push({ id: m('rejected'), type: 'comment', ts: T0, streamId: m('stream'), userId: m('viewer') }); // no text
  return events;
}

/** A workspace with its data ingested and its creator's settings saved. */
export async function makeBrand(t: TestKolpulse, name: string, streams: number): Promise<Brand> {
  const ws = await t.createWorkspace(name);
  const mark = `${name}${crypto.randomBytes(6).toString('hex')}`;
  const m = (s: string) => `${s}-${mark}`;
  const ack = await t.ingest(brandEvents(m, streams), ws.ingestToken);
  if (ack.rejected!.length !== 1) throw new Error(`unexpected rejects: ${JSON.stringify(ack.rejected)}`);
  const put = await t.request(`/api/creators/${encodeURIComponent(m('creator'))}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ws.ingestToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ code: m('code'), followers: 4321 }),
  });
  if (put.status !== 200) throw new Error(`PUT /api/creators answered ${put.status}`);
  return { ...ws, mark, stream: m('stream'), creator: m('creator'), secrets: [mark, ws.id, ws.ingestToken, ws.readToken] };
}

/** The secrets of `other` found in `text`. */
export function leaks(text: string, other: Brand): string[] {
  return other.secrets.filter((s) => text.includes(s));
}
