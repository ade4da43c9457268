// What each engine keeps per event of a long live stream, in one process with a full GC after
// every round: the soak's workload (bench:soak — the same viewers coming back, each round later
// in time) parsed once, then folded round after round into each engine on its own and into all
// of them together. Prints the heap each holds after each round and the bytes per event it adds.
//   node --expose-gc --import tsx bench/retained.ts [--rounds N] [--clients N]
import { parseArgs } from 'node:util';
import { parseEvent, type CanonicalEvent } from '../ingest/event-schema.js';
import { OrderLedger } from '../ingest/order-ledger.js';
import { OrderRegistry } from '../ingest/order-table.js';
import { AttributionService } from '../server/attribution/attribution-service.js';
import { AuthenticityService } from '../server/authenticity/authenticity-service.js';
import { MetricsService } from '../server/metrics/metrics-service.js';
import { buildFrames, EventGenerator } from './event-gen.js';

const { values: flags } = parseArgs({ options: { rounds: { type: 'string', default: '12' }, clients: { type: 'string', default: '4' } } });
const ROUNDS = Number(flags.rounds);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

// The pool of bench:soak (bench/paced-worker.ts): 200 frames of 500 per client, 3 streams each.
const pool: CanonicalEvent[][] = [];
for (let c = 0; c < Number(flags.clients); c++) {
  const frames = buildFrames(new EventGenerator({ seed: 7_000 + c, source: c, streams: 3 }), 200, 500);
  const events: CanonicalEvent[] = [];
  for (const f of frames) {
    for (const raw of (JSON.parse(f) as { events: unknown[] }).events) {
      const r = parseEvent(raw);
      if (r.ok) events.push({ ...r.event, id: `${c}-${r.event.id}` });
    }
  }
  pool.push(events);
}
let first = Infinity;
let last = -Infinity;
for (const events of pool) for (const e of events) [first, last] = [Math.min(first, e.ts), Math.max(last, e.ts)];
const span = last - first + 1_000;
const perRound = pool.reduce((n, p) => n + p.length, 0);

/** Round r of the pool: each event later by r spans, with ids and order ids of its own. */
function round(r: number): CanonicalEvent[] {
  const out: CanonicalEvent[] = [];
  for (const events of pool) {
    for (const e of events) {
      const moved = { ...e, id: `r${r}-${e.id}`, ts: e.ts + r * span } as CanonicalEvent & { orderId?: string };
      if (moved.orderId !== undefined) moved.orderId = `r${r}-${moved.orderId}`;
      out.push(moved);
    }
  }
  // As the server gets them, parsed from JSON: flat strings, new for every event (the template
  // literals above would make cons strings, which would count in the ledger's kept ids).
  return JSON.parse(JSON.stringify(out)) as CanonicalEvent[];
}

type Fold = (events: CanonicalEvent[]) => void;
const engines: Array<[string, () => Fold]> = [
  ['order ledger', () => { const l = new OrderLedger(); return (ev) => l.fold('w', ev); }],
  ['metrics', () => { const m = new MetricsService(); return (ev) => m.fold('w', ev); }],
  ['authenticity', () => { const m = new MetricsService(); const a = new AuthenticityService(m, { reuseSlow: false }); return (ev) => a.fold('w', ev); }],
  ['attribution', () => { const m = new MetricsService(); const a = new AttributionService(m); return (ev) => a.fold('w', ev); }],
  ['all four', () => {
    // As in server/app.ts: one order numbering shared by the ledger and the engines.
    const orders = new OrderRegistry();
    const l = new OrderLedger(orders);
    const m = new MetricsService(orders);
    const au = new AuthenticityService(m, { reuseSlow: false });
    const at = new AttributionService(m);
    return (ev) => { l.fold('w', ev); au.fold('w', ev); at.fold('w', ev); m.fold('w', ev); };
  }],
];

console.log(`retained heap per engine, ${ROUNDS} rounds of ${perRound.toLocaleString('en-US')} events (bench:soak's pool), full GC after each`);
console.log(`${'engine'.padEnd(14)}${'after round 1 MB'.padStart(18)}${`after round ${ROUNDS} MB`.padStart(19)}${'B/event, rounds 2+'.padStart(20)}`);
for (const [name, make] of engines) {
  let keep: Fold | null = make();
  gc();
  const base = process.memoryUsage().heapUsed;
  const heaps: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const events = round(r);
    keep(events);
    gc();
    heaps.push(process.memoryUsage().heapUsed - base);
  }
  const perEvent = (heaps[ROUNDS - 1]! - heaps[0]!) / ((ROUNDS - 1) * perRound);
  console.log(`${name.padEnd(14)}${(heaps[0]! / 2 ** 20).toFixed(1).padStart(18)}${(heaps[ROUNDS - 1]! / 2 ** 20).toFixed(1).padStart(19)}${perEvent.toFixed(1).padStart(20)}`);
  keep = null;
  gc();
}
