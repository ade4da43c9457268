// bench:query — read latency on big data: a 4-hour stream of 5,000,000 events (summary, series,
// report) and attribution over 100,000 purchases and 1,000,000 touchpoints (every model). The
// baseline, run in the same process, is the naive way: recomputing a few summary fields from
// the stored events with SQL on each request.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createKolpulse } from '../server/app.js';
import { configFromEnv } from '../server/config.js';
import { bigStream, purchaseHistory } from './query-data.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const EVENTS = flag('events', 5_000_000);
const PURCHASES = flag('purchases', 100_000);
const TOUCHES = flag('touches', 1_000_000);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kolpulse-bench-query-'));
const kp = await createKolpulse(configFromEnv({ KOLPULSE_DATA_DIR: dir, KOLPULSE_ADMIN_TOKEN: 'bench', KOLPULSE_SQLITE_SYNC: 'normal' }));
const ws = kp.boot.defaultWorkspace!;
const auth = { headers: { authorization: `Bearer ${ws.readToken}` } };
const T0 = Date.UTC(2026, 10, 11, 12, 0, 0);
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);

async function load(frames: Generator<Array<Record<string, unknown>>>, label: string): Promise<void> {
  const t = performance.now();
  let n = 0;
  let pending: Array<Promise<unknown>> = [];
  for (const f of frames) {
    pending.push(kp.ingest.submit(ws.id, null, f).then((a) => {
      if (a.rejected.length) throw new Error(`rejected: ${JSON.stringify(a.rejected[0])}`);
    }));
    n += f.length;
    if (pending.length >= 8) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  const s = (performance.now() - t) / 1000;
  console.log(`loaded ${label}: ${n.toLocaleString('en-US')} events in ${s.toFixed(1)} s (${Math.round(n / s).toLocaleString('en-US')} events/s through ingest)`);
}

async function timed(label: string, runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  const sorted = [...ms].sort((a, b) => a - b);
  console.log(`${label.padEnd(34)} first ${ms[0]!.toFixed(1).padStart(8)} ms   median ${sorted[sorted.length >> 1]!.toFixed(1).padStart(8)} ms   max ${sorted[sorted.length - 1]!.toFixed(1).padStart(8)} ms`);
  return ms;
}

const get = async (p: string) => {
  const res = await kp.app.request(p, auth);
  if (res.status !== 200) throw new Error(`${p} → ${res.status} ${await res.text()}`);
  return res.text();
};

console.log(`bench:query on ${os.cpus().length} cores, node ${process.version}`);
await load(bigStream({ events: EVENTS, startTs: T0, hours: 4, users: 300_000, seed: 7 }), `a 4-hour stream`);
await load(purchaseHistory({ purchases: PURCHASES, touches: TOUCHES, streams: 400, creators: 60, users: 150_000, days: 60, startTs: T0 - 70 * 86_400_000, seed: 11 }), 'the purchase history');

// Let the background work that follows a load finish (a big stream quiet for 2 s is assessed,
// about 2 s of main-thread time for 5M events), so that the reads below measure reads.
await new Promise((r) => setTimeout(r, 8000));

console.log('\nstream of ' + EVENTS.toLocaleString('en-US') + ' events (target: summary and series < 50 ms, report < 1 s)');
const summary = await timed('summary', 20, () => get('/api/streams/big-room/summary'));
const series = await timed('series step=60', 20, () => get('/api/streams/big-room/series?step=60'));
await timed('series step=600', 10, () => get('/api/streams/big-room/series?step=600'));
const report = await timed('report json', 5, () => get('/api/streams/big-room/report?format=json'));
await timed('report html', 5, () => get('/api/streams/big-room/report?format=html'));
await timed('report csv', 5, () => get('/api/streams/big-room/report?format=csv'));

const db = kp.backend.db;
const naive = await timed('baseline: SQL recount of 4 fields', 3, () => db.selectFrom('events')
  .select([
    sql<number>`sum(case when type = 'member_join' then 1 else 0 end)`.as('views'),
    sql<number>`count(distinct user_id)`.as('unique_viewers'),
    sql<number>`sum(case when type = 'purchase' then amount_minor else 0 end)`.as('gmv'),
    sql<number>`count(distinct case when type = 'purchase' then order_id end)`.as('orders'),
  ])
  .where('workspace_id', '=', ws.id).where('stream_id', '=', 'big-room').execute());
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
console.log(`rollup summary vs SQL recount: ${(median(naive) / median(summary)).toFixed(0)}× faster`);

console.log(`\nattribution over ${PURCHASES.toLocaleString('en-US')} purchases and ${TOUCHES.toLocaleString('en-US')} touchpoints (target < 5 s each)`);
for (const model of ['direct', 'last_touch', 'first_touch', 'linear', 'time_decay', 'position_based', 'data_driven']) {
  await timed(`attribution ${model}`, 3, () => get(`/api/attribution?model=${model}`));
}
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
console.log(`\npeak RSS ${mb(peakRss)} (all data in one process: the 5M-event stream, the history, and the engines)`);
console.log(`verdict: summary ${median(summary) < 50 ? 'meets' : 'misses'} 50 ms, series ${median(series) < 50 ? 'meets' : 'misses'} 50 ms, report ${median(report) < 1000 ? 'meets' : 'misses'} 1 s`);
await kp.close();
fs.rmSync(dir, { recursive: true, force: true });
