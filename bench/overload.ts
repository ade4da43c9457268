// bench:overload — offers 5× the sustainable ingest rate for 60 s, open loop (frames go out on
// schedule whatever the answers), and prints the accepted rate, the refusals and their reasons,
// what backpressure held back, peak RSS, and whether every acknowledged event is stored. Run
// twice in one process: with the default settings (backpressure and the bounded queue hold the
// load back), and with a per-token rate limit below the offer. docs/performance.md.
import { parseArgs } from 'node:util';
import { fmt } from './ingest-report.js';
import { pacedRun, type PacedOutcome } from './paced.js';

const { values: flags } = parseArgs({
  options: {
    sustainable: { type: 'string', default: '50000' },
    factor: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '60' },
    clients: { type: 'string', default: '4' },
  },
});
const sustainable = Number(flags.sustainable);
const offered = sustainable * Number(flags.factor);
const seconds = Number(flags.seconds);
console.log(`kolpulse bench:overload — ${fmt(offered)} events/s offered (${flags.factor}× the sustainable ${fmt(sustainable)}/s of docs/performance.md) for ${seconds} s, ${flags.clients} clients, frames of 500; a client holds a frame back while 16 of its frames wait for answers`);

function summary(label: string, o: PacedOutcome): boolean {
  const sum = (f: (r: PacedOutcome['results'][number]) => number) => o.results.reduce((n, r) => n + f(r), 0);
  const accepted = sum((r) => r.accepted);
  // The rate over the offering window, from acks inside it (answers after it are the drain).
  const first = Math.min(...o.results.flatMap((r) => r.ackAt));
  const inWindow = o.results.reduce((n, r) => n + r.ackAt.filter((t) => t - first <= seconds * 1000).length, 0) * 500;
  const reasons = [...new Set(o.results.flatMap((r) => r.refusedReasons))];
  const ok = o.missing === 0;
  console.log(`\n${label}`);
  console.log(`  offered ${fmt(sum((r) => r.offered))} frames; held back by backpressure ${fmt(sum((r) => r.heldBack))}; acked ${fmt(sum((r) => r.acked))}; refused ${fmt(sum((r) => r.refused))}${reasons.length ? ` (${reasons.join('; ')})` : ''}; unanswered at the end ${fmt(sum((r) => r.unanswered))}`);
  console.log(`  accepted ${fmt(accepted)} events in all; ${fmt(inWindow / seconds)} events/s while offered (${fmt((100 * inWindow) / seconds / offered, 1)} % of the offer)`);
  console.log(`  peak server RSS ${fmt(o.peakRssMb)} MB; server exit ${o.exitCode}`);
  console.log(`  every acknowledged event stored: ${ok ? 'yes' : 'NO'} (${fmt(o.ackedEvents)} acknowledged, ${fmt(o.missing)} missing)`);
  return ok;
}

const run = (env: Record<string, string>) => pacedRun({
  clients: Number(flags.clients), perFrame: 500, eventsPerSec: offered, durationMs: seconds * 1000, reportEveryMs: 10_000, env,
  onInterval: (f) => console.log(`  ${fmt(f.seconds, 0).padStart(4)} s: accepted ${fmt(f.accepted / 10).padStart(8)} events/s, refused ${fmt(f.refused).padStart(5)} frames, ack p99 ${fmt(f.p99, 0).padStart(6)} ms, RSS ${fmt(f.rssMb)} MB`),
});
console.log('\nwith the default settings (rate limit 50,000 events/s per token) …');
const limited = summary('default settings (rate limit on)', await run({}));
console.log('\nwith a per-token rate limit of 10,000 events/s …');
const overLimit = summary('KOLPULSE_RATE_LIMIT=10000 (the client is over its limit)', await run({ KOLPULSE_RATE_LIMIT: '10000' }));
if (!limited || !overLimit) process.exitCode = 1;
