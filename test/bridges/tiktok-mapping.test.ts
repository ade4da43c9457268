// The TikTok LIVE mapping on fixtures of both connector generations: each maps to the events
// written out by hand, streaks count once, malformed messages are reported, replays keep their ids.
import { describe, expect, test } from 'vitest';
import type { WireEvent } from '../../ingest/bridges/bridge-common.js';
import { BridgeTally } from '../../ingest/bridges/bridge-tally.js';
import { mapTikTok, priceFromText, type TikTokEventName } from '../../ingest/bridges/tiktok-live.js';
import { readFixture } from './fixtures.js';

type Message = [TikTokEventName, unknown];
const ctx = { streamId: 'tt-room-1', creatorId: 'lin', now: () => 1718712999000 };

function mapAll(messages: Message[]): { events: WireEvent[]; tally: BridgeTally } {
  const tally = new BridgeTally();
  const events = messages.flatMap(([name, data], i) => tally.take(`#${i}`, mapTikTok(name, data, ctx)));
  return { events, tally };
}

describe('TikTok LIVE mapping', () => {
  test('≤ 2.1 messages (flat 1.x fields, 2.0 giftDetails/comment) map to the expected events', () => {
    const { events, tally } = mapAll(readFixture<Message[]>('tiktok-legacy.json'));
    expect(events).toEqual(readFixture('tiktok-legacy.expected.json'));
    // The two streak steps before repeatEnd are ignored on purpose.
    expect([tally.ignored, tally.malformed]).toEqual([2, 0]);
  });

  test('≥ 2.4 messages (common/user, content, count/total, gift) map to the expected events', () => {
    const { events, tally } = mapAll(readFixture<Message[]>('tiktok-v2.json'));
    expect(events).toEqual(readFixture('tiktok-v2.expected.json'));
    expect([tally.ignored, tally.malformed]).toEqual([2, 0]);
    expect([...tally.ignoredReasons.keys()].sort()).toEqual(['gift streak in progress; counted once at repeatEnd', 'member action 7 is not a join']);
  });

  test('malformed messages are reported with the offending field and skipped', () => {
    const { events, tally } = mapAll(readFixture<Message[]>('tiktok-malformed.json'));
    expect(events).toEqual([]);
    expect(tally.malformed).toBe(8);
    const errors = tally.problems.map((p) => p.error);
    expect(errors[0]).toMatch(/^content .* or comment/);
    expect(errors[1]).toMatch(/^count/);
    expect(errors[2]).toMatch(/beyond 2\^53/);
    expect(errors[3]).toMatch(/not an object/);
    expect(errors[4]).toMatch(/product id/);
    expect(errors[5]).toMatch(/^msgId: required/);
    expect(errors[6]).toMatch(/^viewerCount .* or total/);
    expect(errors[7]).toMatch(/^user\.userId: required/);
  });

  test('a gift streak counts once, even when its end is delivered twice', () => {
    const step = (repeatCount: number, repeatEnd: number, msgId: string): Message => ['gift', {
      common: { msgId, createTime: '1718712100' }, giftId: '5655', repeatCount, repeatEnd, groupId: '9001',
      user: { userId: '7100000000000000009' }, gift: { id: '5655', type: 1, diamondCount: 1 },
    }];
    const { events } = mapAll([step(1, 0, 'm1'), step(2, 0, 'm2'), step(3, 0, 'm3'), step(4, 1, 'm4'), step(4, 1, 'm5')]);
    expect(events).toHaveLength(2);
    expect(new Set(events.map((e) => e.id))).toEqual(new Set(['tiktok:gift:7100000000000000009:9001:5655']));
    expect(events[0]).toMatchObject({ quantity: 4, value: 4 });
  });

  test('a replayed source yields the same event ids', () => {
    const messages = readFixture<Message[]>('tiktok-v2.json');
    expect(mapAll(messages).events.map((e) => e.id)).toEqual(mapAll(messages).events.map((e) => e.id));
  });

  test('prices read from the shop text', () => {
    expect(priceFromText('$55.99')).toBe('55.99');
    expect(priceFromText('US$1,299.5')).toBe('1299.5');
    expect(priceFromText('¥120')).toBe('120');
    expect(priceFromText('free')).toBeUndefined();
  });
});
