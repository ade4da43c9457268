// bench:soak — sustained ingest at half the sustainable rate for --minutes (default 10): prints
// the server's RSS and the ack latency each minute, then the trend of both over the run (least
// squares, after the first minute's warm-up) and whether every acknowledged event is stored.
import { parseArgs } from 'node:util';
import { fmt } from './ingest-report.js';
import { pacedRun, type IntervalFigures } from './paced.js';

const { values: flags } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '35000' },
    clients: { type: 'string', default: '4' },
  },
});
const minutes = Number(flags.minutes);
const rate = Number(flags.rate);
console.log(`kolpulse bench:soak — ${fmt(rate)} events/s (about half the sustainable rate: bench:ingest gave 62-92 k/s with bounded batches, median 67.5 k; docs/performance.md) for ${minutes} min, ${flags.clients} clients, frames of 500`);
console.log('minute   accepted/s   refused   ack p50 ms   ack p99 ms   RSS MB   heap MB   after full GC MB   external MB   GC young/full s   loop max ms (s > 100 ms)   GC max pause ms   writer µs/row   writer max tx / round trip (to, back) ms   biggest batch   CPU s main/other threads');
const outcome = await pacedRun({
  clients: Number(flags.clients), perFrame: 500, eventsPerSec: rate, durationMs: minutes * 60_000, reportEveryMs: 60_000,
  onInterval: (f) => console.log(`${String(f.index).padStart(6)}${fmt(f.accepted / 60).padStart(13)}${fmt(f.refused).padStart(10)}${fmt(f.p50, 1).padStart(13)}${fmt(f.p99, 1).padStart(13)}${fmt(f.rssMb).padStart(9)}${fmt(f.heapUsedMb).padStart(10)}${fmt(f.afterFullGcMb).padStart(19)}${fmt(f.externalMb).padStart(14)}${`${fmt(f.youngGcMs / 1000, 1)}/${fmt(f.fullGcMs / 1000, 1)}`.padStart(18)}${`${fmt(f.loopMaxMs)} (${f.loopSlowSeconds})`.padStart(27)}${fmt(f.maxGcPauseMs).padStart(18)}${fmt(f.writerUsPerRow, 1).padStart(16)}${`${fmt(f.writerMaxBatchMs)} / ${fmt(f.writerMaxRoundTripMs)} (${fmt(f.writerMaxToMs)}, ${fmt(f.writerMaxFromMs)})`.padStart(44)}${fmt(f.writerMaxBatchRows).padStart(16)}${`${fmt(f.cpuMainS, 1)}/${fmt(f.cpuOtherS, 1)}`.padStart(28)}`),
});

/** Slope per minute by least squares. */
function slope(points: IntervalFigures[], y: (f: IntervalFigures) => number): number {
  const xs = points.map((f) => f.index);
  const ys = points.map(y);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const num = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0);
  const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}
const steady = outcome.intervals.slice(1);
if (steady.length >= 3) {
  const rss = slope(steady, (f) => f.rssMb);
  const p99 = slope(steady, (f) => f.p99);
  const meanRss = steady.reduce((a, f) => a + f.rssMb, 0) / steady.length;
  const meanP99 = steady.reduce((a, f) => a + f.p99, 0) / steady.length;
  // "Trending up": the fitted line would grow by more than 10 % of the mean over the run.
  const up = (s: number, mean: number) => s * steady.length > 0.1 * mean;
  console.log(`trend after minute 1: RSS ${fmt(rss, 2)} MB/min (${up(rss, meanRss) ? 'UPWARDS' : 'flat'}, mean ${fmt(meanRss)} MB); ack p99 ${fmt(p99, 2)} ms/min (${up(p99, meanP99) ? 'UPWARDS' : 'flat'}, mean ${fmt(meanP99, 1)} ms)`);
} else {
  console.log('too short for a trend: run at least 4 minutes');
}
console.log(`peak RSS ${fmt(outcome.peakRssMb)} MB; every acknowledged event stored: ${outcome.missing === 0 ? 'yes' : 'NO'} (${fmt(outcome.ackedEvents)} acknowledged, ${fmt(outcome.missing)} missing); server exit ${outcome.exitCode}`);
if (outcome.missing !== 0) process.exitCode = 1;
