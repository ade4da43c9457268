// No cheating on artefacts: bots, brushers and viewers get ids of one format, fake orders look
// like real ones, event ids only tell time, `user` rides on bots' and viewers' events alike, bot
// texts come from the grammar viewers use, and nothing ticks on exact intervals.
import { describe, expect, test } from 'vitest';
import { simulateStream } from '../../ingest/simulator/stream-sim.js';
import { koc, kol, ofType, similarity } from './sim-fixtures.js';

const strong = simulateStream(kol({
  seed: 61, size: 1_800, userAttributes: true,
  fraud: { boughtViewers: { strength: 1, startMin: 5 }, commentBots: { strength: 1, startMin: 5 }, brushedOrders: { strength: 1, startMin: 5 } },
}));
const bots = strong.truth.botUserIds;
const realIds = [...new Set(strong.events.flatMap((e) => ('userId' in e && !bots.has(e.userId) ? [e.userId] : [])))];

function lengthShares(ids: readonly string[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const id of ids) m.set(id.length, (m.get(id.length) ?? 0) + 1 / ids.length);
  return m;
}


describe('ids', () => {
  test('bot and real user ids share one format: digits, same length distribution', () => {
    expect(bots.size).toBeGreaterThan(200);
    const botIds = [...bots];
    for (const id of [...botIds, ...realIds]) expect(id).toMatch(/^[1-9]\d{14,18}$/);
    const a = lengthShares(botIds);
    const b = lengthShares(realIds);
    for (let len = 15; len <= 19; len++) expect(Math.abs((a.get(len) ?? 0) - (b.get(len) ?? 0))).toBeLessThan(0.06);
    const firstDigit = (ids: string[], d: string): number => ids.filter((id) => id.startsWith(d)).length / ids.length;
    expect(Math.abs(firstDigit(botIds, '1') - firstDigit(realIds, '1'))).toBeLessThan(0.06);
  });

  test('fake order ids look like real ones and are not ordered apart from them', () => {
    const orders = ofType(strong.events, 'purchase').map((p) => p.orderId);
    for (const id of orders) expect(id).toMatch(/^\d{19}$/);
    const sorted = [...orders].sort();
    const fakeRanks = sorted.flatMap((id, i) => (strong.truth.fakeOrderIds.has(id) ? [i / sorted.length] : []));
    const meanRank = fakeRanks.reduce((a, b) => a + b, 0) / fakeRanks.length;
    expect(meanRank).toBeGreaterThan(0.42);
    expect(meanRank).toBeLessThan(0.58);
  });

  test('event ids follow time only: their counter rises with ts, bots and viewers interleaved', () => {
    const counters = strong.events.map((e) => parseInt(e.id.slice(e.id.lastIndexOf('.') + 1), 36));
    let rising = true;
    for (let i = 1; i < counters.length; i++) if (counters[i]! !== counters[i - 1]! + 1) rising = false;
    expect(rising).toBe(true);
    const prefixes = new Set(strong.events.map((e) => e.id.slice(0, e.id.lastIndexOf('.'))));
    expect(prefixes.size).toBe(1);
  });
});

describe('attributes and timing', () => {
  test('`user` comes on bots\' and viewers\' comments at the same rate', () => {
    const comments = ofType(strong.events, 'comment');
    const share = (list: typeof comments): number => list.filter((c) => c.user).length / list.length;
    const bot = comments.filter((c) => bots.has(c.userId));
    const real = comments.filter((c) => !bots.has(c.userId));
    expect(bot.length).toBeGreaterThan(200);
    expect(Math.abs(share(bot) - share(real))).toBeLessThan(0.07);
  });

  test('bot events are not aligned on whole seconds any more than viewers\' are', () => {
    const aligned = (list: { ts: number }[]): number => list.filter((e) => e.ts % 1000 === 0).length / list.length;
    const userEvents = strong.events.filter((e) => 'userId' in e && e.type !== 'purchase');
    const bot = userEvents.filter((e) => 'userId' in e && bots.has(e.userId));
    expect(aligned(bot)).toBeLessThan(0.01);
    expect(aligned(userEvents)).toBeLessThan(0.01);
  });
});

describe('texts', () => {
  const realChat = [...new Set([101, 102, 103].flatMap((seed) => ofType(simulateStream(koc({ seed, durationMin: 90 })).events, 'comment').map((c) => c.text)))];

  test('bot texts change from campaign to campaign and are close to what viewers write elsewhere', () => {
    const botTexts = (seed: number): string[] => {
      const { events, truth } = simulateStream(koc({ seed, fraud: { commentBots: { strength: 0.6, startMin: 0 } } }));
      return [...new Set(ofType(events, 'comment').filter((c) => truth.botUserIds.has(c.userId)).map((c) => c.text))];
    };
    const a = botTexts(1);
    const b = botTexts(2);
    const inBoth = a.filter((t) => b.includes(t));
    expect(inBoth.length).toBeLessThan(0.1 * a.length);
    for (const texts of [a, b]) {
      const matched = texts.filter((t) => realChat.some((r) => similarity(t, r) >= 0.4)).length;
      expect(matched / texts.length).toBeGreaterThan(0.7);
    }
  });
});
