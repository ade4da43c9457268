// The figures of one bench:ingest run and their report beside the targets
// (docs/performance.md "Ingest (bench:ingest)").
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import type { ClientResult } from './load-worker.js';

export const TARGET = { eventsPerSec: 100_000, ratio: 0.4, p99Ms: 100, rssMb: 400 } as const;

export interface RunFigures {
  target: 'kolpulse' | 'bare';
  events: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  retries: number;
  seconds: number;
  eventsPerSec: number;
  /** Events acknowledged per whole second of the run: the slowest and the median second. */
  perSecondMin: number;
  perSecondMedian: number;
  p50: number;
  p99: number;
  max: number;
  /** Highest VmRSS sampled (every 100 ms) from the first warm-up frame to the last ack. */
  peakRssMb: number;
  /** VmHWM: the lifetime peak, start-up included. */
  hwmMb: number;
  /** VmRSS at the last ack. */
  endRssMb: number;
  serverCpuSeconds: number;
  clientCpuSeconds: number;
  firstRejects: string[];
  /** Accepted in the warm-up, before timing: stored too. */
  warmupAccepted: number;
  warmupRejected: number;
  stored?: number;
  storedRejected?: number;
  exitCode?: number | null;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** What the server process and the load generator used while timed. */
export interface Costs { cpuSeconds: number; clientCpuSeconds: number; peakRssKb: number; hwmKb: number; endRssKb: number }

/** Throughput, latency percentiles and per-second rates from the clients' per-frame records. */
export function figures(target: RunFigures['target'], results: ClientResult[], wallFrom: number, costs: Costs): RunFigures {
  const lat = Float64Array.from(results.flatMap((r) => Array.from(r.latency)));
  lat.sort();
  const start = Math.min(...results.map((r) => r.firstSendAt), wallFrom);
  const end = Math.max(...results.flatMap((r) => Array.from(r.ackAt)));
  const accepted = results.reduce((n, r) => n + r.accepted, 0);
  const answered = results.reduce((n, r) => n + r.accepted + r.duplicates + r.rejected, 0);
  // Events answered in each whole second after the start (the last, partial second left out).
  const perSecond: number[] = [];
  for (const r of results) {
    r.ackAt.forEach((at, i) => {
      const s = Math.floor((at - start) / 1000);
      perSecond[s] = (perSecond[s] ?? 0) + r.eventsIn[i]!;
    });
  }
  const whole = Array.from({ length: Math.floor((end - start) / 1000) }, (_, s) => perSecond[s] ?? 0).sort((a, b) => a - b);
  const seconds = (end - start) / 1000;
  return {
    target,
    events: answered,
    accepted,
    duplicates: results.reduce((n, r) => n + r.duplicates, 0),
    rejected: results.reduce((n, r) => n + r.rejected, 0),
    retries: results.reduce((n, r) => n + r.retries, 0),
    seconds,
    eventsPerSec: (target === 'kolpulse' ? accepted : answered) / seconds,
    perSecondMin: whole[0] ?? NaN,
    perSecondMedian: whole[Math.floor(whole.length / 2)] ?? NaN,
    p50: percentile(lat, 0.5),
    p99: percentile(lat, 0.99),
    max: lat[lat.length - 1] ?? NaN,
    peakRssMb: costs.peakRssKb / 1024,
    hwmMb: costs.hwmKb / 1024,
    endRssMb: costs.endRssKb / 1024,
    serverCpuSeconds: costs.cpuSeconds,
    clientCpuSeconds: costs.clientCpuSeconds,
    firstRejects: results.flatMap((r) => r.firstRejects).slice(0, 5),
    warmupAccepted: 0,
    warmupRejected: 0,
  };
}


export const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–');
const pad = (s: string, w: number) => s.padStart(w);

export function machine(dir: string): string {
  const cpus = os.cpus();
  let fsType = '';
  try {
    const mounts = fs.readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' ')).filter((f) => f.length > 2 && dir.startsWith(f[1]!));
    const best = mounts.sort((a, b) => b[1]!.length - a[1]!.length)[0];
    if (best) fsType = `, ${dir} on ${best[2]} (${best[0]})`;
  } catch { /* not Linux */ }
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}${fsType}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

/** The commit measured, and whether the server's sources differ from it. */
export function codeVersion(root: string): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'server', 'ingest', 'db', 'bin', 'cli'], { cwd: root, encoding: 'utf8' }).trim();
    return `${head}${dirty ? ` + uncommitted changes in ${dirty.split('\n').length} server file(s)` : ''}`;
  } catch {
    return 'unknown (no git)';
  }
}

/** Prints the table; returns false when the stored count does not match what was acknowledged. */
export function report(k: RunFigures | undefined, b: RunFigures | undefined, stop: string): boolean {
  const col = 14;
  const cell = (r: RunFigures | undefined, f: (r: RunFigures) => string) => pad(r ? f(r) : '–', col);
  const line = (label: string, f: (r: RunFigures) => string, target = '', verdict = '') =>
    console.log(`${label.padEnd(30)}${cell(k, f)}${cell(b, f)}   ${target.padEnd(20)}${verdict}`);
  const ok = (pass: boolean | undefined) => (pass === undefined ? '' : pass ? 'met' : 'MISSED');
  const ratio = k && b ? k.eventsPerSec / b.eventsPerSec : undefined;

  console.log('');
  console.log(`${''.padEnd(30)}${pad('kolpulse', col)}${pad('bare ws', col)}   target`);
  line('events answered', (r) => fmt(r.events));
  line('wall time (s)', (r) => fmt(r.seconds, 2));
  line('sustained events/s', (r) => fmt(r.eventsPerSec), `≥ ${fmt(TARGET.eventsPerSec)} durable`, ok(k && k.eventsPerSec >= TARGET.eventsPerSec));
  line('  slowest / median second', (r) => (Number.isFinite(r.perSecondMin) ? `${fmt(r.perSecondMin / 1000)}k / ${fmt(r.perSecondMedian / 1000)}k` : '–'));
  line('ack latency p50 (ms)', (r) => fmt(r.p50, 1));
  line('ack latency p99 (ms)', (r) => fmt(r.p99, 1), `< ${TARGET.p99Ms}`, ok(k && k.p99 < TARGET.p99Ms));
  line('ack latency max (ms)', (r) => fmt(r.max, 1));
  line('server peak RSS (MB)', (r) => fmt(r.peakRssMb), `< ${TARGET.rssMb}`, ok(k && k.peakRssMb < TARGET.rssMb));
  line('  RSS at end / VmHWM (MB)', (r) => `${fmt(r.endRssMb)} / ${fmt(r.hwmMb)}`);
  line('server CPU (s / cores busy)', (r) => `${fmt(r.serverCpuSeconds, 1)} / ${fmt(r.serverCpuSeconds / r.seconds, 2)}`);
  line('clients CPU (s / cores busy)', (r) => `${fmt(r.clientCpuSeconds, 1)} / ${fmt(r.clientCpuSeconds / r.seconds, 2)}`);
  line('server µs CPU per event', (r) => fmt((r.serverCpuSeconds * 1e6) / r.events, 2));
  if (ratio !== undefined) {
    console.log(`${'kolpulse / bare (events/s)'.padEnd(30)}${pad(fmt(ratio, 2), col)}${pad('', col)}   ${`≥ ${TARGET.ratio}`.padEnd(20)}${ok(ratio >= TARGET.ratio)}`);
  }

  let intact = true;
  if (k) {
    console.log('');
    const storedOk = k.stored === k.accepted + k.warmupAccepted;
    const rejectsOk = k.storedRejected === k.rejected + k.warmupRejected;
    intact = storedOk && rejectsOk && k.exitCode !== undefined;
    const accepted = k.accepted + k.warmupAccepted;
    console.log(`kolpulse: accepted ${fmt(k.accepted)} timed + ${fmt(k.warmupAccepted)} warm-up, duplicates ${fmt(k.duplicates)}, rejected ${fmt(k.rejected + k.warmupRejected)}, frames retried ${fmt(k.retries)}; stopped with ${stop}, exit ${k.exitCode}`);
    console.log(`stored events (select count(*) from events, read-only after exit) = ${fmt(k.stored ?? NaN)} ${storedOk ? '= accepted ✓' : `≠ accepted ${fmt(accepted)} ✗`}; rejected log ${fmt(k.storedRejected ?? NaN)} ${rejectsOk ? '✓' : '✗'}`);
    for (const r of k.firstRejects) console.log(`  rejected: ${r}`);
  }
  return intact;
}
