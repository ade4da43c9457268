// Ready-made sets of streams: the live demo (two KOLs and four KOCs on one evening, three of them
// with fraud) and the authenticity evaluation set (half clean, half with fraud of varied strength).
import { createAudiencePool } from './audience.js';
import { pickProducts } from './catalog.js';
import { Rng, type Seed } from './random.js';
import type { FraudKind, FraudOptions, FraudWindow, Platform, StreamOptions, Tier } from './sim-types.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Six overlapping streams sharing a pool of returning viewers, so attribution paths cross creators. */
export function demoScenario(seed: Seed, startTs: number): StreamOptions[] {
  const rng = new Rng(seed).fork('demo');
  const audiencePool = { users: createAudiencePool(`${String(seed)}/demo`, 6000), share: 0.08 };
  const s = (i: number, p: Omit<StreamOptions, 'seed' | 'streamId' | 'creatorId' | 'products' | 'audiencePool'> & { products?: number }): StreamOptions => {
    const { products = 5, ...rest } = p;
    return { seed: `${String(seed)}/demo/${i}`, streamId: `demo-${i}`, creatorId: `demo-creator-${i}`, products: pickProducts(rng, products), audiencePool, ...rest };
  };
  return [
    s(1, { creator: { name: '可可Coco', tier: 'KOL', followers: 3_200_000, fee: '80000.00' }, platform: 'douyin', title: '秋冬护肤专场', startTs, durationMin: 90, size: 40_000, products: 6 }),
    s(2, { creator: { name: '大刘说好物', tier: 'KOL', followers: 1_500_000, fee: '50000.00' }, platform: 'kuaishou', title: '宠粉福利夜', startTs: startTs + 4 * MIN, durationMin: 75, size: 15_000, fraud: { boughtViewers: { strength: 0.8, startMin: 15 } } }),
    s(3, { creator: { name: '小鹿的衣橱', tier: 'KOC', followers: 18_000, fee: '1500.00' }, platform: 'xiaohongshu', title: '通勤穿搭分享', startTs: startTs + 2 * MIN, durationMin: 60, size: 250 }),
    s(4, { creator: { name: '阿杰数码', tier: 'KOC', followers: 42_000, fee: '3000.00' }, platform: 'douyin', title: '数码好物开箱', startTs: startTs + 6 * MIN, durationMin: 70, size: 600, fraud: { commentBots: { strength: 0.7, startMin: 10, endMin: 45 } } }),
    s(5, { creator: { name: '吃货小美', tier: 'KOC', followers: 9_000, fee: '800.00' }, platform: 'taobao', title: '零食囤货', startTs: startTs + 10 * MIN, durationMin: 50, size: 120, fraud: { brushedOrders: { strength: 0.8, startMin: 8 } } }),
    s(6, { creator: { name: 'Mia Home', tier: 'KOC', followers: 25_000, fee: '2000.00' }, platform: 'tiktok', title: 'Cozy home finds', startTs: startTs + 1 * MIN, durationMin: 65, size: 400 }),
  ];
}

const PLATFORMS: readonly Platform[] = ['douyin', 'douyin', 'kuaishou', 'taobao', 'xiaohongshu', 'wechat', 'tiktok'];
const KINDS: readonly FraudKind[] = ['boughtViewers', 'commentBots', 'brushedOrders'];

/**
 * `n` independent streams, 3 h apart: half clean, half with one to three frauds (strength
 * 0.2–1.0, windows anywhere in the stream). Peak 50 to 200,000 viewers (log-uniform), 20–120 min.
 */
export function evaluationSet(n: number, seed: Seed): StreamOptions[] {
  const rng = new Rng(seed).fork('evaluation');
  const frauded = rng.shuffle(Array.from({ length: n }, (_, i) => i < Math.floor(n / 2)));
  const base = Date.UTC(2024, 5, 1, 10);
  return frauded.map((withFraud, i) => {
    const size = Math.round(Math.exp(rng.uniform(Math.log(50), Math.log(200_000))));
    const tier: Tier = size >= 20_000 ? 'KOL' : size <= 1_000 ? 'KOC' : rng.chance(0.5) ? 'KOL' : 'KOC';
    const durationMin = rng.int(20, 120);
    const followers = Math.round(size * rng.uniform(20, 80));
    const fee = tier === 'KOL' ? rng.int(20, 300) * 1000 : rng.int(3, 50) * 100;
    return {
      seed: `${String(seed)}/eval/${i}`,
      streamId: `eval-${String(seed)}-${i}`,
      creatorId: `eval-creator-${String(seed)}-${i}`,
      creator: { name: `${tier} ${i}`, tier, followers, fee: `${fee}.00` },
      platform: rng.pick(PLATFORMS),
      title: `evaluation stream ${i}`,
      startTs: base + i * 3 * HOUR,
      durationMin,
      size,
      products: pickProducts(rng, rng.int(3, 8)),
      ...(withFraud ? { fraud: drawFraud(rng, durationMin) } : {}),
    };
  });
}

function drawFraud(rng: Rng, durationMin: number): FraudOptions {
  const count = rng.weighted([1, 2, 3], [60, 30, 10]);
  const kinds = rng.shuffle([...KINDS]).slice(0, count);
  const fraud: FraudOptions = {};
  for (const kind of kinds) fraud[kind] = drawWindow(rng, durationMin);
  return fraud;
}

function drawWindow(rng: Rng, durationMin: number): FraudWindow {
  const strength = Math.round(rng.uniform(0.2, 1) * 100) / 100;
  const startMin = Math.floor(rng.uniform(0, 0.6) * durationMin);
  if (rng.chance(0.5) || durationMin - startMin < 15) return { strength, startMin };
  return { strength, startMin, endMin: startMin + rng.int(10, durationMin - startMin) };
}
