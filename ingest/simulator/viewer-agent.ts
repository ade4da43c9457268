// One real viewer's visit, planned when they arrive: join, chat in bursts, replies to the host's
// prompts, likes, follows, gifts, product clicks after pins, cart adds, orders, leave. Viewers whose
// messages the platform does not sample still buy: only their orders arrive.
import { realAccount } from './audience.js';
import type { Rng } from './random.js';
import type { Account, Room } from './room.js';
import { drawQty, maybeRefundReal, placeOrder } from './shop.js';
import { FLASH_PRESENT_BUY, pinAt, pinsBetween, priceAt } from './stream-plan.js';

/** A moment the viewer sees a product on show: the pin on screen when they arrive, or a new pin. */
interface Moment { ts: number; productIndex: number; flash: boolean }
interface Buy { ts: number; clickTs: number; cartTs: number | null; productIndex: number; qty: number; unitMinor: number }

/** Share of viewers who chat at all (the rest lurk, like, click or reply to prompts). */
export const COMMENTER_SHARE = { KOC: 0.25, KOL: 0.15 } as const;
/** Mean messages per minute of a chatter: lognormal, median 0.25, σ 0.8 (capped at 4). */
export const CHATTER_MEAN_RATE = 0.25 * Math.exp(0.32);

/** Buyers whose card opening the platform reports; the rest buy from the bag without a click event. */
const BUY_CLICK_SEEN = 0.9;

const GIFTS = [['rose', 1], ['heart', 5], ['lightstick', 10], ['cheer', 52], ['crown', 99], ['rocket', 520], ['carnival', 3000]] as const;
const GIFT_WEIGHTS = [50, 20, 12, 8, 5, 4, 1];

/** A viewer whose per-user messages arrive: the whole visit. */
export function visit(room: Room, rng: Rng, arrival: number, buyChance: number): void {
  const koc = room.options.creator.tier === 'KOC';
  const end = room.endTs;
  const account = room.realAccount(realAccount);
  let leave = arrival + room.stay.drawMs(rng);
  const moments = momentsSeen(room, arrival, leave);
  const buys = planBuys(room, rng, moments, arrival, rng.chance(buyChance));
  for (const b of buys) leave = Math.max(leave, b.ts + rng.lognormalMedian(60_000, 0.8));
  const stop = Math.min(leave, end);
  room.join(arrival, account, 1);
  room.leave(leave, account, 1);

  for (const b of buys) {
    const productId = room.options.products[b.productIndex]!.id;
    if (rng.chance(BUY_CLICK_SEEN)) room.userEvent('product_click', b.clickTs, account, { productId });
    if (b.cartTs !== null) room.userEvent('cart_add', b.cartTs, account, { productId, qty: b.qty });
    maybeRefundReal(room, rng, placeOrder(room, b.ts, account.id, b.productIndex, b.qty, b.unitMinor));
  }
  const interest = rng.lognormal(-0.5, 1);
  for (const m of moments) {
    if (buys.length > 0 || !rng.chance(Math.min(0.9, room.resolved.clickRate * interest * (m.flash ? 2 : 1)))) continue;
    const clickTs = m.ts + rng.lognormalMedian(20_000, 0.8);
    if (clickTs >= stop) continue;
    const productId = room.options.products[m.productIndex]!.id;
    room.userEvent('product_click', clickTs, account, { productId });
    const cartTs = clickTs + rng.lognormalMedian(20_000, 0.8);
    if (rng.chance(0.2) && cartTs < stop) room.userEvent('cart_add', cartTs, account, { productId, qty: 1 });
  }

  const commenter = rng.chance(koc ? COMMENTER_SHARE.KOC : COMMENTER_SHARE.KOL);
  if (commenter) chatter(room, rng, account, arrival, stop, buys);
  crowdReplies(room, rng, account, arrival, stop, commenter ? 0.3 : 0.06);
  if (rng.chance(koc ? 0.3 : 0.2)) likes(room, rng, account, arrival, stop);
  if (rng.chance(koc ? 0.06 : 0.025)) room.userEvent('follow', rng.uniform(arrival, stop), account, {});
  if (rng.chance(0.015)) room.userEvent('share', rng.uniform(arrival, stop), account, {});
  if (rng.chance(koc ? 0.012 : 0.02)) {
    const n = rng.chance(0.2) ? rng.int(2, 3) : 1;
    for (let i = 0; i < n; i++) {
      const [giftId, value] = rng.weighted(GIFTS, GIFT_WEIGHTS);
      const quantity = value < 10 && rng.chance(0.3) ? rng.zipf(99, 1.3) : 1;
      room.userEvent('gift', rng.uniform(arrival, stop), account, { giftId, quantity, value: value * quantity });
    }
  }
}

/** A viewer whose room messages the platform leaves out: only their orders (and refunds) arrive. */
export function silentBuyer(room: Room, rng: Rng, arrival: number, moment?: Moment): void {
  const account = room.realAccount(realAccount);
  const moments = moment ? [moment] : momentsSeen(room, arrival, arrival + room.stay.drawMs(rng));
  for (const b of planBuys(room, rng, moments, arrival, true)) {
    maybeRefundReal(room, rng, placeOrder(room, b.ts, account.id, b.productIndex, b.qty, b.unitMinor));
  }
}

function momentsSeen(room: Room, arrival: number, leave: number): Moment[] {
  const moments: Moment[] = [];
  const current = pinAt(room.plan, arrival);
  if (current) moments.push({ ts: arrival, productIndex: current.productIndex, flash: current.flash });
  for (const p of pinsBetween(room.plan, arrival, leave)) moments.push({ ts: p.ts, productIndex: p.productIndex, flash: p.flash });
  if (moments.length === 0) {
    const next = room.plan.pins.find((p) => p.ts > arrival);
    if (next) moments.push({ ts: next.ts, productIndex: next.productIndex, flash: next.flash });
  }
  return moments;
}

/** Orders of one viewer: one for a buyer, now and then a second or third; flash sales tempt anyone. */
function planBuys(room: Room, rng: Rng, moments: Moment[], arrival: number, buyer: boolean): Buy[] {
  const buys: Buy[] = [];
  const end = room.endTs - 1_000;
  const q = room.resolved.conversionRate;
  const buyAt = (m: Moment, after: number): void => {
    const from = Math.max(m.ts, after);
    const ts = from + rng.lognormalMedian(m.ts > arrival ? 50_000 : 70_000, 0.8);
    if (ts >= end) return;
    const clickTs = ts - (ts - from) * rng.uniform(0.3, 0.9);
    const cartTs = rng.chance(0.55) ? clickTs + (ts - clickTs) * rng.uniform(0.3, 0.85) : null;
    buys.push({ ts, clickTs, cartTs, productIndex: m.productIndex, qty: drawQty(rng), unitMinor: priceAt(room.plan, m.productIndex, ts) });
  };
  let first: Moment | undefined;
  if (buyer && moments.length > 0) {
    first = moments.length > 1 && rng.chance(0.5) ? rng.pick(moments.slice(1)) : moments[0]!;
    buyAt(first, arrival);
    if (buys.length > 0 && rng.chance(0.06)) {
      buyAt(rng.pick(moments), buys[buys.length - 1]!.ts);
      if (rng.chance(0.25)) buyAt(rng.pick(moments), buys[buys.length - 1]!.ts);
    }
  }
  for (const m of moments) if (m.flash && m !== first && rng.chance(q * FLASH_PRESENT_BUY)) buyAt(m, m.ts);
  return buys.sort((a, b) => a.ts - b.ts);
}

/** A commenter's messages: heavy-tailed rate, bursty gaps (coefficient of variation above 1). */
function chatter(room: Room, rng: Rng, account: Account, arrival: number, stop: number, buys: Buy[]): void {
  const style = room.chat.style(rng, room.resolved.zhShare);
  const rate = Math.min(4, rng.lognormalMedian(0.25, 0.8));
  const meanGap = 60_000 / rate;
  const medianGap = meanGap * Math.exp(-0.5);
  let t = arrival + rng.exponential(meanGap * 0.5);
  for (let n = 0; t < stop && n < 300; n++) {
    const pin = pinAt(room.plan, t);
    const bought = buys.find((b) => b.ts < t && t - b.ts < 180_000)?.productIndex;
    const flashEnded = room.plan.flashSales.find((f) => t >= f.endTs && t - f.endTs < 120_000);
    const intent = room.chat.intent(rng, { pinned: pin?.productIndex, freshPin: pin !== undefined && t - pin.ts < 90_000, bought, afterFlash: flashEnded !== undefined });
    let product: number | undefined;
    if (intent === 'bought') product = bought;
    else if (intent === 'missed') product = flashEnded?.productIndex;
    else if ((intent === 'askPrice' || intent === 'askDetail') && rng.chance(0.8)) product = pin?.productIndex;
    else if (intent === 'praise' && rng.chance(0.6)) product = pin?.productIndex;
    room.userEvent('comment', t, account, { text: room.chat.say(rng, style, intent, product) });
    t += rng.lognormalMedian(medianGap, 1.0);
  }
}

/** Replies to the host's "扣1" / "想要" prompts made while the viewer is in. */
function crowdReplies(room: Room, rng: Rng, account: Account, arrival: number, stop: number, p: number): void {
  let style: ReturnType<Room['chat']['style']> | undefined;
  for (const w of room.plan.waves) {
    if (w.ts >= stop || w.endTs <= arrival || !rng.chance(p)) continue;
    style ??= room.chat.style(rng, room.resolved.zhShare);
    const posts = rng.chance(0.35) ? rng.int(2, 3) : 1;
    let t = Math.max(w.ts, arrival) + rng.lognormalMedian(6_000, 0.8);
    for (let i = 0; i < posts && t < Math.min(stop, w.endTs + 20_000); i++) {
      room.userEvent('comment', t, account, { text: room.chat.waveReply(rng, style, w.kind) });
      t += 1_000 + rng.exponential(8_000);
    }
  }
}

function likes(room: Room, rng: Rng, account: Account, arrival: number, stop: number): void {
  let t = arrival + rng.exponential(60_000);
  for (let n = 0; t < stop && n < 200; n++) {
    room.userEvent('like', t, account, { count: Math.min(99, Math.floor(rng.pareto(1, 1.2))) });
    t += rng.lognormalMedian(50_000, 1.1);
  }
}
