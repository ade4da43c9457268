// The Douyin webcast mapping on NDJSON written from the protobuf definitions of open-source
// fetchers: every message type maps to the events written out by hand; bad lines are skipped.
import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { WireEvent } from '../../ingest/bridges/bridge-common.js';
import { BridgeTally } from '../../ingest/bridges/bridge-tally.js';
import { runDouyinNdjson } from '../../ingest/bridges/douyin-webcast.js';
import { fixturePath, readFixture } from './fixtures.js';

async function run(file: string, ctx: { streamId?: string; creatorId?: string } = {}) {
  const tally = new BridgeTally();
  const sent: Array<{ event: WireEvent; at: string }> = [];
  await runDouyinNdjson(fs.createReadStream(fixturePath(file)), { ...ctx, now: () => 0 }, tally, (event, at) => sent.push({ event, at }));
  return { tally, sent, events: sent.map((s) => s.event) };
}

describe('Douyin webcast mapping', () => {
  test('each message type maps to the expected events; 64-bit ids stay exact', async () => {
    const { events, tally } = await run('douyin-messages.ndjson');
    expect(events).toEqual(readFixture('douyin-messages.expected.json'));
    // The combo step before repeatEnd and the unmapped rank message.
    expect([tally.messages, tally.ignored, tally.malformed]).toEqual([14, 2, 0]);
  });

  test('--stream-id and --creator-id: the stream is renamed and opened by a stream_start', async () => {
    const { events } = await run('douyin-messages.ndjson', { streamId: 'dy-live-1', creatorId: 'lin' });
    expect(events[0]).toEqual({ id: 'douyin:dy-live-1:start', type: 'stream_start', ts: 1718712001000, streamId: 'dy-live-1', creatorId: 'lin', platform: 'douyin' });
    expect(new Set(events.map((e) => e.streamId))).toEqual(new Set(['dy-live-1']));
    expect(events).toHaveLength(13);
  });

  test('malformed lines are reported with their line and skipped; the lines after them still go', async () => {
    const { sent, tally } = await run('douyin-malformed.ndjson');
    expect(sent.map((s) => [s.at, s.event.id])).toEqual([['line 1', 'douyin:7380000000000000101'], ['line 9', 'douyin:7380000000000000106']]);
    expect(tally.problems.map((p) => p.at)).toEqual(['line 2', 'line 3', 'line 4', 'line 5', 'line 6', 'line 7']);
    expect(tally.problems.map((p) => p.error)).toEqual([
      expect.stringMatching(/^not JSON/),
      'content: required text',
      expect.stringMatching(/^not a webcast message/),
      'user.id: required (a non-empty string id)',
      'common.msgId: required (a non-empty string id)',
      'common.roomId (or pass --stream-id): required (a non-empty string id)',
    ]);
  });
});
