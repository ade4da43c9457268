// A small, realistic workspace for the browser tests: a KOL's live launch (joins, viewer counts,
// chat, likes, product pins, clicks, purchases, a refund), a KOC's ended haul, a second live KOC
// room, and buyers who watched both creators before buying outside the room (so the attribution
// models disagree).

export type Event = Record<string, unknown>;

export const MINUTE = 60_000;
export const LIVE = 'live-kol-launch';
export const ENDED = 'koc-haul-0412';
export const LIVE_KOC = 'live-koc-daily';
export const XSS = '<img src=x onerror=window.__xss=1>';

let n = 0;
const id = (p: string) => `${p}-${++n}`;

export function scenario(now = Date.now()): { events: Event[]; t0: number } {
  const t0 = Math.floor(now / MINUTE) * MINUTE - 20 * MINUTE;
  const ev: Event[] = [];
  const push = (e: Event) => ev.push({ id: id(String(e.type)), ...e });
  const say = (streamId: string, ts: number, userId: string, text: string) => push({ type: 'comment', streamId, ts, userId, text });

  // The KOC's stream, three hours ago, ended.
  const h0 = t0 - 3 * 60 * MINUTE;
  push({
    type: 'stream_start', streamId: ENDED, ts: h0, creatorId: 'koc-leo', platform: 'xiaohongshu', title: 'Budget makeup haul',
    creator: { name: 'Leo Wang', tier: 'KOC', followers: 18_000, fee: { amount: 800, currency: 'CNY' } },
  });
  for (let m = 0; m < 30; m++) {
    const ts = h0 + m * MINUTE;
    push({ type: 'viewer_count', streamId: ENDED, ts: ts + 5_000, current: 80 + Math.round(40 * Math.sin(m / 5)) + m });
    for (let k = 0; k < 3; k++) push({ type: 'member_join', streamId: ENDED, ts: ts + 10_000 + k, userId: `h${m * 3 + k}` });
    if (m % 2 === 0) say(ENDED, ts + 20_000, `h${m}`, m % 4 ? 'love this palette' : '链接在哪里？');
    if (m % 3 === 0) push({ type: 'like', streamId: ENDED, ts: ts + 30_000, userId: `h${m + 1}`, count: 5 });
  }
  push({ type: 'product_pin', streamId: ENDED, ts: h0 + 2 * MINUTE, productId: 'sku-palette', title: 'Eyeshadow palette', price: 89 });
  for (let k = 0; k < 6; k++) {
    push({ type: 'product_click', streamId: ENDED, ts: h0 + (4 + k) * MINUTE, userId: `h${k * 5}`, productId: 'sku-palette' });
    push({ type: 'purchase', streamId: ENDED, ts: h0 + (5 + k * 3) * MINUTE, orderId: `o-koc-${k}`, userId: `h${k * 5}`, amount: '89.00', currency: 'CNY', productId: 'sku-palette' });
  }
  // Three people watch the KOC, later the KOL, and buy outside any room.
  for (const u of ['x1', 'x2', 'x3']) push({ type: 'member_join', streamId: ENDED, ts: h0 + 8 * MINUTE, userId: u });
  push({ type: 'stream_end', streamId: ENDED, ts: h0 + 30 * MINUTE });

  // The KOL's launch, live for 20 minutes now.
  push({
    type: 'stream_start', streamId: LIVE, ts: t0, creatorId: 'kol-mia', platform: 'douyin', title: 'Spring skincare launch',
    creator: { name: 'Mia Chen', tier: 'KOL', followers: 1_200_000, fee: { amount: 5000, currency: 'CNY' } },
  });
  const pins: Array<[number, string, string, number]> = [[1, 'sku-serum', 'Hydra serum', 199], [8, 'sku-cream', 'Night cream', 299], [14, 'sku-mask', 'Sheet mask ×10', 59]];
  for (const [m, productId, title, price] of pins) push({ type: 'product_pin', streamId: LIVE, ts: t0 + m * MINUTE + 1000, productId, title, price });
  let order = 0;
  for (let m = 0; m < 20; m++) {
    const ts = t0 + m * MINUTE;
    push({ type: 'viewer_count', streamId: LIVE, ts: ts + 2_000, current: 400 + m * 45 + (m % 3) * 20 });
    for (let k = 0; k < 8; k++) push({ type: 'member_join', streamId: LIVE, ts: ts + 3_000 + k * 900, userId: `v${m * 8 + k}` });
    for (let k = 0; k < 3; k++) say(LIVE, ts + 15_000 + k * 7_000, `v${m * 8 + k}`, ['好用吗？', 'ordered two!', 'is it ok for dry skin?', '主播皮肤好好', 'price for 2?'][(m + k) % 5]!);
    push({ type: 'like', streamId: LIVE, ts: ts + 40_000, userId: `v${m * 8 + 4}`, count: 10 + m });
    const product = pins.filter(([pm]) => pm <= m).at(-1);
    if (product) {
      push({ type: 'product_click', streamId: LIVE, ts: ts + 45_000, userId: `v${m * 8 + 5}`, productId: product[1] });
      if (m % 2 === 1 || m > 12) {
        push({ type: 'purchase', streamId: LIVE, ts: ts + 50_000, orderId: `o-kol-${order++}`, userId: `v${m * 8 + 5}`, amount: product[3].toFixed(2), currency: 'CNY', productId: product[1] });
      }
    }
  }
  push({ type: 'refund', ts: t0 + 19 * MINUTE, orderId: 'o-kol-1', amount: '199.00' });
  for (const u of ['x1', 'x2']) push({ type: 'member_join', streamId: LIVE, ts: t0 + 6 * MINUTE, userId: u });
  push({ type: 'purchase', ts: t0 + 10 * MINUTE, orderId: 'o-out-1', userId: 'x1', amount: '299.00', currency: 'CNY' });
  push({ type: 'purchase', ts: t0 + 11 * MINUTE, orderId: 'o-out-2', userId: 'x2', amount: '120.50', currency: 'CNY' });
  push({ type: 'purchase', ts: t0 + 12 * MINUTE, orderId: 'o-out-3', userId: 'x3', amount: '45.00', currency: 'CNY' });

  // A second, smaller live room of another KOC, with no fee known.
  push({
    type: 'stream_start', streamId: LIVE_KOC, ts: t0 + 5 * MINUTE, creatorId: 'koc-yu', platform: 'kuaishou', title: '每日好物分享',
    creator: { name: '小雨', tier: 'KOC', followers: 9_500 },
  });
  for (let m = 5; m < 20; m++) {
    push({ type: 'viewer_count', streamId: LIVE_KOC, ts: t0 + m * MINUTE + 4_000, current: 60 + m * 3 });
    push({ type: 'member_join', streamId: LIVE_KOC, ts: t0 + m * MINUTE + 9_000, userId: `k${m}` });
    if (m % 4 === 0) push({ type: 'purchase', streamId: LIVE_KOC, ts: t0 + m * MINUTE + 30_000, orderId: `o-yu-${m}`, userId: `k${m}`, amount: '39.90', currency: 'CNY' });
  }
  return { events: ev, t0 };
}

export function nextEventId(prefix: string): string {
  return id(prefix);
}
