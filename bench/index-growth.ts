// How the cost of storing an event grows with the table when event ids are random, against
// ids that grow with time (snowflake, ULID, UUIDv7): the same rows through the same statement
// and schema as the SQLite writer (db/migrations.ts, db/sqlite-writer.mjs), in batches, with
// synchronous=FULL and WAL. Prints µs per row for each million rows stored.
//   node --import tsx bench/index-growth.ts [--rows N] [--batch N] [--cache-mb N]
// --cache-mb adds a run of random ids with an SQLite page cache of N MB (the writer's is SQLite's
// default, 2 MB), to show what memory buys back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { rng } from './event-gen.js';
import { INSERT_EVENT_SQL, openRawEventsDb } from './raw-sqlite.js';

const { values: flags } = parseArgs({ options: { rows: { type: 'string', default: '4000000' }, batch: { type: 'string', default: '2000' }, 'cache-mb': { type: 'string' } } });
const ROWS = Number(flags.rows);
const BATCH = Number(flags.batch);
const STEP = 1_000_000;
const WORKSPACE = '5f0c6a43-8a3e-4c1e-9d55-0b8f1d2f6a11';
const body = JSON.stringify({ id: '7301234567890123456', type: 'comment', ts: 1_790_000_000_000, streamId: 'room-1', userId: '7209876543210987654', text: '这个多少钱 how much' });

async function run(label: string, idOf: (i: number) => string, cacheMb?: number): Promise<number[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kolpulse-index-'));
  const file = path.join(dir, 'kolpulse.sqlite');
  const db = await openRawEventsDb(file, 'FULL');
  if (cacheMb !== undefined) db.pragma(`cache_size = -${cacheMb * 1024}`);
  const insert = db.prepare(INSERT_EVENT_SQL);
  const write = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) insert.run(WORKSPACE, idOf(i), 'comment', 1_790_000_000_000 + i, 'room-1', `u${i % 200_000}`, null, null, body, 1_790_000_000_000);
  });
  const perStep: number[] = [];
  let t = performance.now();
  for (let i = 0; i < ROWS; i += BATCH) {
    write(i, Math.min(ROWS, i + BATCH));
    if ((i + BATCH) % STEP === 0) {
      perStep.push(((performance.now() - t) * 1000) / STEP);
      t = performance.now();
    }
  }
  const mb = fs.statSync(file).size / 2 ** 20;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`${label.padEnd(34)}${perStep.map((us) => us.toFixed(1).padStart(8)).join('')}   (${mb.toFixed(0)} MB file)`);
  return perStep;
}

console.log(`SQLite insert cost by ids, ${ROWS.toLocaleString('en-US')} rows in batches of ${BATCH}, synchronous=FULL; µs per row for each successive million:`);
const random = rng(42);
const randomIds = Array.from({ length: ROWS }, () => String(Math.floor(1e18 + random() * 8e18)).padStart(19, '0'));
await run('random 19-digit ids', (i) => randomIds[i]!);
await run('ids growing with time (snowflake)', (i) => String(7_300_000_000_000_000_000n + BigInt(i) * 4096n));
if (flags['cache-mb']) await run(`random ids, ${flags['cache-mb']} MB page cache`, (i) => randomIds[i]!, Number(flags['cache-mb']));
