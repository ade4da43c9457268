// kolpulse end to end on PostgreSQL (KOLPULSE_DATABASE_URL, CONTRACT §1): ingest, read a summary,
// restart, and find the same summary, with resent events reported as duplicates.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { openBackend } from '../../server/app.js';
import { configFromEnv } from '../../server/config.js';
import { TS } from '../helpers/events.js';
import { TestKolpulse } from '../helpers/kolpulse.js';
import { freshPostgresDatabase } from './fixtures.js';

let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
let t: TestKolpulse | undefined;
beforeEach(async () => {
  database = await freshPostgresDatabase();
  t = await TestKolpulse.start({ env: { KOLPULSE_DATABASE_URL: database.url } });
});
afterEach(async () => {
  try {
    await t?.close();
  } finally {
    t = undefined;
    await database.drop();
  }
});

const events = [
  { id: 'start-1', type: 'stream_start', ts: TS, streamId: 'room-pg', creatorId: 'creator-1' },
  { id: 'c-1', type: 'comment', ts: TS + 1_000, streamId: 'room-pg', userId: 'u1', text: 'price?' },
  { id: 'c-2', type: 'comment', ts: TS + 2_000, streamId: 'room-pg', userId: 'u2', text: 'nice' },
  { id: 'p-1', type: 'purchase', ts: TS + 3_000, streamId: 'room-pg', orderId: 'o-1', userId: 'u1', amount: '19.90', currency: 'CNY' },
  { id: 'p-2', type: 'purchase', ts: TS + 4_000, streamId: 'room-pg', orderId: 'o-2', userId: 'u2', amount: '5.10', currency: 'CNY' },
];

async function summary(k: TestKolpulse): Promise<Record<string, unknown>> {
  const res = await k.request('/api/streams/room-pg/summary', { headers: { authorization: `Bearer ${k.defaultWorkspace.readToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

test('events, summary and duplicate detection survive a restart on PostgreSQL', async () => {
  let k = t!;
  const bad = { id: 'no-room', type: 'like', ts: TS, userId: 'u1' }; // like needs a streamId
  expect(await k.ingest([...events, bad])).toMatchObject({ accepted: 5, duplicates: 0, rejected: [{ index: 5, id: 'no-room' }] });
  const before = await summary(k);
  // 19.90 + 5.10 CNY from two orders, by hand.
  expect(before).toMatchObject({ gmv: 25, orders: 2, creatorId: 'creator-1' });

  k = t = await k.restart();
  expect(await summary(k)).toEqual(before);
  expect(await k.ingest(events)).toEqual({ seq: null, accepted: 0, duplicates: 5, rejected: [] });
  expect(await summary(k)).toEqual(before);
  expect((await k.rejected()).map((r) => r.id)).toEqual(['no-room']);
  expect((await k.storedEvents()).map((r) => r.id)).toEqual(events.map((e) => e.id));
  // The data dir keeps only the operator's token files: no SQLite database was made.
  expect(fs.existsSync(path.join(k.dataDir, 'kolpulse.sqlite'))).toBe(false);
  expect(fs.existsSync(path.join(k.dataDir, 'default-workspace.json'))).toBe(true);
});

test('a database URL that is not PostgreSQL is refused with a clear error', async () => {
  const config = configFromEnv({ KOLPULSE_DATABASE_URL: 'mysql://localhost/kp', KOLPULSE_DATA_DIR: '/nonexistent' });
  expect(() => openBackend(config)).toThrow(/postgres:\/\/ or postgresql:\/\//);
});
