// The host's run sheet, decided before the stream starts: the audience curve (ramp, drift, flash
// surges, decay), the product pins, the flash sales and the moments the host asks chat to type.
import type { StayModel } from './audience.js';
import type { Rng } from './random.js';

export interface Pin { ts: number; productIndex: number; priceMinor: number; flash: boolean }
export interface FlashSale { startTs: number; endTs: number; productIndex: number; priceMinor: number }
/** The host asks for a crowd reply ("扣1", "想要"): many viewers type the same short word. */
export interface PromptWave { ts: number; endTs: number; kind: 'one' | 'want' }

export interface StreamPlan {
  startTs: number;
  endTs: number;
  durationMin: number;
  /** Expected arrivals of the whole audience per minute, scaled so the expected peak is `size`. */
  arrivals: Float64Array;
  /** Expected concurrent (real) viewers at each minute's midpoint. */
  expectedPresent: Float64Array;
  listPriceMinor: number[];
  pins: Pin[];
  flashSales: FlashSale[];
  waves: PromptWave[];
}

const MIN = 60_000;
/** Viewers arriving around a flash sale buy this much more often. */
export const FLASH_BOOST = 1.6;
/** Chance (× conversion rate) that a viewer already in the room buys at a flash sale. */
export const FLASH_PRESENT_BUY = 0.8;

export function planStream(rng: Rng, p: { startTs: number; durationMin: number; size: number; priceMinor: number[]; small: boolean }, stay: StayModel): StreamPlan {
  const D = p.durationMin;
  const startTs = p.startTs;
  const endTs = startTs + D * MIN;
  const flashSales = planFlashSales(rng, startTs, D, p.priceMinor);
  const shape = audienceShape(rng, D, flashSales.map((f) => [(f.startTs - startTs) / MIN, (f.endTs - startTs) / MIN] as const), p.small);
  const arrivals = new Float64Array(D);
  for (let m = 0; m < D; m++) {
    const steady = (shape[m]! * 60) / stay.meanSec;
    const rise = m === 0 ? shape[0]! : shape[m]! - shape[m - 1]!;
    arrivals[m] = Math.max(0.25 * steady, steady + rise);
  }
  const expectedPresent = new Float64Array(D);
  let peak = 0;
  for (let k = 0; k < D; k++) {
    let sum = 0;
    for (let m = 0; m <= k; m++) sum += arrivals[m]! * stay.presentShare((k - m) * 60 + 30);
    expectedPresent[k] = sum;
    peak = Math.max(peak, sum);
  }
  const scale = peak > 0 ? p.size / peak : 0;
  for (let m = 0; m < D; m++) {
    arrivals[m] = arrivals[m]! * scale;
    expectedPresent[m] = expectedPresent[m]! * scale;
  }
  const pins = planPins(rng, startTs, endTs, p.priceMinor, flashSales);
  const waves = planWaves(rng, pins, flashSales, endTs);
  return { startTs, endTs, durationMin: D, arrivals, expectedPresent, listPriceMinor: p.priceMinor, pins, flashSales, waves };
}

/** Relative audience per minute: ramp-up, slow drift, noise, flash surges, end decay; max 1. */
function audienceShape(rng: Rng, D: number, flashes: ReadonlyArray<readonly [number, number]>, small: boolean): Float64Array {
  const shape = new Float64Array(D);
  const rampMin = Math.max(2, D * rng.uniform(0.08, 0.2));
  const tailMin = Math.max(2, D * rng.uniform(0.08, 0.15));
  const hump = rng.uniform(-0.1, 0.3);
  const surge = flashes.map(() => rng.uniform(1.3, 1.8));
  const noiseSd = small ? 0.07 : 0.04;
  let noise = 0;
  let max = 0;
  for (let m = 0; m < D; m++) {
    const t = m + 0.5;
    const ramp = 0.25 + 0.75 * smoothstep(Math.min(1, t / rampMin));
    const drift = 1 + hump * Math.sin((Math.PI * t) / D);
    const tail = 1 - 0.45 * smoothstep(Math.max(0, (t - (D - tailMin)) / tailMin));
    noise = 0.8 * noise + rng.normal(0, noiseSd);
    let flash = 1;
    flashes.forEach(([from, to], i) => {
      const rise = smoothstep(Math.min(1, Math.max(0, (t - from + 1) / 2)));
      const fall = t <= to ? 1 : Math.max(0, 1 - (t - to) / 3);
      flash = Math.max(flash, 1 + (surge[i]! - 1) * rise * fall);
    });
    shape[m] = ramp * drift * tail * Math.exp(noise) * flash;
    max = Math.max(max, shape[m]!);
  }
  for (let m = 0; m < D; m++) shape[m] = shape[m]! / max;
  return shape;
}

function planFlashSales(rng: Rng, startTs: number, D: number, prices: number[]): FlashSale[] {
  const count = D < 25 ? (rng.chance(0.4) ? 1 : 0) : rng.int(1, Math.min(3, 1 + Math.floor(D / 40)));
  const sales: FlashSale[] = [];
  for (let tries = 0; sales.length < count && tries < 50; tries++) {
    const from = rng.uniform(0.2 * D, 0.85 * D);
    const len = rng.int(3, 6);
    if (from + len > D - 1 || sales.some((s) => Math.abs((s.startTs - startTs) / MIN - from) < 10)) continue;
    const productIndex = rng.int(0, prices.length - 1);
    sales.push({ startTs: startTs + Math.round(from * MIN), endTs: startTs + Math.round((from + len) * MIN), productIndex, priceMinor: flashPrice(rng, prices[productIndex]!) });
  }
  return sales.sort((a, b) => a.startTs - b.startTs);
}

/** A promotional price, 55–80% of list, ending in .90 for anything above ten yuan. */
function flashPrice(rng: Rng, listMinor: number): number {
  const raw = listMinor * rng.uniform(0.55, 0.8);
  if (listMinor < 1000) return Math.max(1, Math.round(raw));
  return Math.max(100, Math.round(raw / 100) * 100 - 10);
}

function planPins(rng: Rng, startTs: number, endTs: number, prices: number[], flashSales: FlashSale[]): Pin[] {
  const order = rng.shuffle(prices.map((_, i) => i));
  const hero = order[0]!;
  const pins: Pin[] = [];
  let next = 0;
  for (let t = startTs + rng.uniform(20_000, 90_000); t < endTs - 30_000; t += clamp(rng.lognormalMedian(4.5 * MIN, 0.35), 2 * MIN, 10 * MIN)) {
    const ts = Math.round(t);
    if (flashSales.some((f) => ts > f.startTs - MIN && ts < f.endTs + 30_000)) continue;
    const productIndex = rng.chance(0.35) ? hero : order[next++ % order.length]!;
    pins.push({ ts, productIndex, priceMinor: prices[productIndex]!, flash: false });
  }
  for (const f of flashSales) {
    pins.push({ ts: f.startTs, productIndex: f.productIndex, priceMinor: f.priceMinor, flash: true });
    const back = f.endTs + Math.round(rng.uniform(10_000, 60_000));
    const productIndex = rng.pick(order);
    if (back < endTs - 30_000) pins.push({ ts: back, productIndex, priceMinor: prices[productIndex]!, flash: false });
  }
  return pins.sort((a, b) => a.ts - b.ts);
}

function planWaves(rng: Rng, pins: Pin[], flashSales: FlashSale[], endTs: number): PromptWave[] {
  const waves: PromptWave[] = [];
  const add = (ts: number): void => {
    if (ts < endTs - 10_000) waves.push({ ts, endTs: Math.min(endTs, ts + Math.round(rng.uniform(30_000, 90_000))), kind: rng.chance(0.6) ? 'one' : 'want' });
  };
  for (const f of flashSales) add(f.startTs - Math.round(rng.uniform(15_000, 60_000)));
  for (const pin of pins) if (!pin.flash && rng.chance(0.25)) add(pin.ts + Math.round(rng.uniform(0, 40_000)));
  return waves.sort((a, b) => a.ts - b.ts);
}

/** The pin showing at `ts` (the last one at or before it). */
export function pinAt(plan: StreamPlan, ts: number): Pin | undefined {
  const pins = plan.pins;
  let lo = 0;
  let hi = pins.length - 1;
  let found: Pin | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pins[mid]!.ts <= ts) {
      found = pins[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Pins made strictly after `from` and before `to`. */
export function pinsBetween(plan: StreamPlan, from: number, to: number): Pin[] {
  return plan.pins.filter((p) => p.ts > from && p.ts < to);
}

/** Price paid for a product at `ts`: the flash price while its flash sale runs. */
export function priceAt(plan: StreamPlan, productIndex: number, ts: number): number {
  for (const f of plan.flashSales) if (f.productIndex === productIndex && ts >= f.startTs && ts < f.endTs + 2 * MIN) return f.priceMinor;
  return plan.listPriceMinor[productIndex]!;
}

/** Whether `ts` falls in a flash sale or the two minutes of build-up before it. */
export function nearFlash(plan: StreamPlan, ts: number): boolean {
  return plan.flashSales.some((f) => ts >= f.startTs - 2 * MIN && ts < f.endTs);
}

/** Mean expected real concurrency over [fromTs, toTs). */
export function meanPresent(plan: StreamPlan, fromTs: number, toTs: number): number {
  const a = Math.max(0, Math.floor((fromTs - plan.startTs) / MIN));
  const b = Math.min(plan.durationMin, Math.ceil((toTs - plan.startTs) / MIN));
  let sum = 0;
  for (let m = a; m < b; m++) sum += plan.expectedPresent[m]!;
  return b > a ? sum / (b - a) : 0;
}

/** Expected arrivals over [fromTs, toTs). */
export function arrivalsBetween(plan: StreamPlan, fromTs: number, toTs: number): number {
  const a = Math.max(0, Math.floor((fromTs - plan.startTs) / MIN));
  const b = Math.min(plan.durationMin, Math.ceil((toTs - plan.startTs) / MIN));
  let sum = 0;
  for (let m = a; m < b; m++) sum += plan.arrivals[m]!;
  return sum;
}

function smoothstep(x: number): number {
  return x * x * (3 - 2 * x);
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
