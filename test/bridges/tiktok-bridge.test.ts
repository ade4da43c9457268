// The TikTok bridge end to end: a fake connector with tiktok-live-connector's EventEmitter
// interface, the real `kolpulse bridge tiktok` command, a real server on a socket; the events are
// found in the stream summary, a reconnect that replays messages de-duplicates, bad ones are skipped.
import { EventEmitter } from 'node:events';
import { afterEach, expect, test } from 'vitest';
import { bridgeCommand } from '../../cli/bridge.js';
import { TestKolpulse } from '../helpers/kolpulse.js';
import { collectingIo, readFixture } from './fixtures.js';

class FakeConnector extends EventEmitter {
  connects = 0;
  async connect() {
    this.connects++;
    return { roomId: '7399999999999999999', roomInfo: { title: 'Glow live', create_time: 1718712000 } };
  }
  disconnect() {}
}

let t: TestKolpulse | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

test('bridge tiktok forwards through a real server; a reconnect replay de-duplicates', async () => {
  t = await TestKolpulse.start();
  const { baseUrl } = await t.listen();
  const fake = new FakeConnector();
  const io = collectingIo();
  const done = bridgeCommand(
    ['tiktok', '@glow', '--stream-id', 'tt-live-1', '--creator-id', 'lin', '--url', baseUrl, '--token', t.defaultWorkspace.ingestToken],
    io, { connectTikTok: async () => fake, now: () => 1718712999000 },
  );
  const messages = readFixture<Array<[string, unknown]>>('tiktok-v2.json');
  const end = messages.pop()!;
  await until(() => fake.connects === 1);
  for (const [name, data] of messages) fake.emit(name, data);
  fake.emit('chat', { common: { msgId: '7400000000000000099' }, user: { userId: '7100000000000000001' } }); // no text
  // The connection drops; on reconnect the connector replays what it had sent.
  fake.emit('disconnected');
  await until(() => fake.connects === 2);
  for (const [name, data] of messages) fake.emit(name, data);
  fake.emit(end[0], end[1]);
  expect(await done).toBe(0);

  const out = io.out.join('');
  // Sent: stream_start + 8 events, again on the reconnect, then stream_end: 10 new, 9 duplicates.
  expect(out).toContain('19 events sent, 19 acknowledged (10 accepted, 9 duplicates, 0 rejected)');
  expect(out).toContain('1 malformed and skipped');
  expect(io.err.join('')).toMatch(/skipped chat #\d+: content/);

  const read = { authorization: `Bearer ${t.defaultWorkspace.readToken}` };
  const summary = await (await t.request('/api/streams/tt-live-1/summary', { headers: read })).json() as Record<string, number>;
  // By hand from tiktok-v2.json: ana joins and comments; ben likes ×15, follows, sends a 5-Rose
  // streak; cai shares; dee's member message is not a join. Viewer count 1480.
  expect(summary).toMatchObject({
    views: 1, uniqueViewers: 3, peakViewers: 1480, comments: 1, likes: 15, follows: 1, shares: 1,
    engagedUsers: 3, engagementRate: 1, orders: 0,
  });
  const streams = await (await t.request('/api/streams', { headers: read })).json() as Array<Record<string, unknown>>;
  expect(streams).toEqual([expect.objectContaining({ streamId: 'tt-live-1', creatorId: 'lin', platform: 'tiktok', title: 'Glow live', startedAt: 1718712000000, endedAt: 1718712011000, live: false })]);
});
