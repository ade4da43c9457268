// The open-loop run shared by bench:overload and bench:soak: kolpulse as a child process on a
// fresh data dir, paced clients in worker threads (bench/paced-worker.ts), the server's RSS
// sampled every second, figures per interval while it runs, and at the end a check that every
// acknowledged event is on disk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { defaultWorkspaceOf, freePort, readProc, readThreadTicks, ServerProcess, ticksToSeconds, waitHealthy } from './child.js';
import type { FromPaced, PacedResult, PacedSetup, ToPaced } from './paced-worker.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface PacedOptions {
  clients: number;
  perFrame: number;
  /** Events per second offered by all clients together. */
  eventsPerSec: number;
  durationMs: number;
  reportEveryMs: number;
  /** Server settings (environment). */
  env?: Record<string, string>;
  onInterval(figures: IntervalFigures): void;
}

export interface IntervalFigures {
  index: number; seconds: number; rssMb: number; accepted: number; refused: number; p99: number; p50: number;
  /** The server's V8 heap in use and external (ArrayBuffers, native) memory, from its last second. */
  heapUsedMb: number; externalMb: number;
  /** The heap in use just after the server's last full GC (what it holds on to), and the GC time of this interval. */
  afterFullGcMb: number; youngGcMs: number; fullGcMs: number;
  /** The longest event-loop delay of the interval, its seconds with a delay over 100 ms, its longest GC pause. */
  loopMaxMs: number; loopSlowSeconds: number; maxGcPauseMs: number;
  /** The writer thread: µs per row inside its transactions, longest transaction, longest round trip, biggest batch. */
  writerUsPerRow: number; writerMaxBatchMs: number; writerMaxRoundTripMs: number; writerMaxBatchRows: number;
  /** Longest wait from posting a batch to its transaction's start, and from its end to the main thread taking the answer. */
  writerMaxToMs: number; writerMaxFromMs: number;
  /** The server's CPU seconds in the interval: its main thread, and its other threads together. */
  cpuMainS: number; cpuOtherS: number;
}

export interface PacedOutcome {
  results: PacedResult[];
  peakRssMb: number;
  intervals: IntervalFigures[];
  ackedEvents: number;
  missing: number;
  exitCode: number | null;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

interface Memlog {
  heapUsed: number; external: number; afterFullGc: number; gcMs: { young: number; full: number };
  writer: { rows: number; busyMs: number };
  /** The peaks of each of the server's last seconds. */
  seconds: Array<{ at: number; loopMaxMs: number; maxGcPauseMs: number; maxBatchMs: number; maxRoundTripMs: number; maxBatchRows: number; maxToWriterMs: number; maxFromWriterMs: number }>;
}

function readMemlog(file: string): Memlog {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Memlog;
  } catch {
    return { heapUsed: NaN, external: NaN, afterFullGc: NaN, gcMs: { young: NaN, full: NaN }, writer: { rows: NaN, busyMs: NaN }, seconds: [] };
  }
}

export async function pacedRun(opts: PacedOptions): Promise<PacedOutcome> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kolpulse-paced-'));
  const port = await freePort();
  const memlog = path.join(dataDir, 'memory.json');
  const server = new ServerProcess(['--import', 'tsx', path.join(ROOT, 'bench/server-entry.ts')], {
    ...process.env, PORT: String(port), HOST: '127.0.0.1', KOLPULSE_DATA_DIR: dataDir, KOLPULSE_ADMIN_TOKEN: `bench-${process.pid}`,
    KOLPULSE_BENCH_MEMLOG: memlog, ...opts.env,
  }, ROOT);
  const workers: Worker[] = [];
  try {
    await waitHealthy(server, port);
    const { id: workspaceId, ingestToken } = defaultWorkspaceOf(dataDir);
    const framesPerSec = opts.eventsPerSec / opts.perFrame / opts.clients;
    // 200 distinct frames per client (100,000 events); later rounds reuse them with fresh ids.
    const poolFrames = 200;
    const inbox: FromPaced[] = [];
    let wakers: Array<() => void> = [];
    const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(new URL('./paced-worker.ts', import.meta.url).href)}); })`;
    for (let c = 0; c < opts.clients; c++) {
      const setup: PacedSetup = { client: c, seed: 7_000 + c, poolFrames, perFrame: opts.perFrame, streams: 3 };
      const w = new Worker(boot, { eval: true, workerData: setup });
      w.on('message', (m: FromPaced) => {
        if (m.type === 'failed') console.error(`client ${m.client}: ${m.error}`);
        inbox.push(m);
        const woken = wakers;
        wakers = [];
        for (const f of woken) f();
      });
      workers.push(w);
    }
    const waitFor = async <T extends FromPaced['type']>(type: T, n: number): Promise<Array<Extract<FromPaced, { type: T }>>> => {
      for (;;) {
        const got = inbox.filter((m) => m.type === type);
        if (got.length >= n) {
          for (const m of got) inbox.splice(inbox.indexOf(m), 1);
          return got as Array<Extract<FromPaced, { type: T }>>;
        }
        await new Promise<void>((r) => wakers.push(r));
      }
    };
    await waitFor('ready', opts.clients);

    const post = (m: ToPaced) => workers.forEach((w) => w.postMessage(m));
    const t0 = performance.now();
    let peakRssMb = 0;
    // The memlog's per-second peaks, gathered over each interval.
    const noPeaks = { loopMaxMs: 0, loopSlowSeconds: 0, maxGcPauseMs: 0, maxBatchMs: 0, maxRoundTripMs: 0, maxBatchRows: 0, maxToWriterMs: 0, maxFromWriterMs: 0 };
    let peaks = { ...noPeaks };
    let lastSecond = 0;
    const sampler = setInterval(() => {
      const s = readProc(server.pid);
      if (s) peakRssMb = Math.max(peakRssMb, s.rssKb / 1024);
      for (const sec of readMemlog(memlog).seconds) {
        if (sec.at <= lastSecond) continue;
        lastSecond = sec.at;
        peaks.loopMaxMs = Math.max(peaks.loopMaxMs, sec.loopMaxMs);
        if (sec.loopMaxMs > 100) peaks.loopSlowSeconds++;
        peaks.maxBatchMs = Math.max(peaks.maxBatchMs, sec.maxBatchMs);
        peaks.maxRoundTripMs = Math.max(peaks.maxRoundTripMs, sec.maxRoundTripMs);
        peaks.maxGcPauseMs = Math.max(peaks.maxGcPauseMs, sec.maxGcPauseMs);
        peaks.maxBatchRows = Math.max(peaks.maxBatchRows, sec.maxBatchRows);
        peaks.maxToWriterMs = Math.max(peaks.maxToWriterMs, sec.maxToWriterMs);
        peaks.maxFromWriterMs = Math.max(peaks.maxFromWriterMs, sec.maxFromWriterMs);
      }
    }, 1_000);
    // Like ResendingClient's default: a client keeps at most 16 frames waiting for their answers.
    post({ type: 'run', url: `ws://127.0.0.1:${port}/ingest?token=${encodeURIComponent(ingestToken)}`, framesPerSec, durationMs: opts.durationMs, maxUnanswered: 16, reportEveryMs: opts.reportEveryMs });
    const intervals: IntervalFigures[] = [];
    let before = readMemlog(memlog);
    let ticksBefore = readThreadTicks(server.pid) ?? { main: 0, other: 0 };
    const done = waitFor('done', opts.clients);
    let finished = false;
    void done.then(() => (finished = true));
    while (!finished) {
      const batch = await Promise.race([waitFor('interval', opts.clients), done.then(() => null)]);
      if (!batch) break;
      const latency = batch.flatMap((m) => m.latency);
      const memory = readMemlog(memlog);
      const ticks = readThreadTicks(server.pid) ?? ticksBefore;
      const figures: IntervalFigures = {
        index: intervals.length + 1,
        seconds: (performance.now() - t0) / 1000,
        rssMb: (readProc(server.pid)?.rssKb ?? 0) / 1024,
        accepted: batch.reduce((n, m) => n + m.accepted, 0),
        refused: batch.reduce((n, m) => n + m.refused, 0),
        p50: percentile(latency, 0.5),
        p99: percentile(latency, 0.99),
        heapUsedMb: memory.heapUsed / 2 ** 20,
        externalMb: memory.external / 2 ** 20,
        afterFullGcMb: memory.afterFullGc / 2 ** 20,
        youngGcMs: memory.gcMs.young - before.gcMs.young,
        fullGcMs: memory.gcMs.full - before.gcMs.full,
        loopMaxMs: peaks.loopMaxMs,
        loopSlowSeconds: peaks.loopSlowSeconds,
        maxGcPauseMs: peaks.maxGcPauseMs,
        writerMaxBatchRows: peaks.maxBatchRows,
        writerMaxToMs: peaks.maxToWriterMs,
        writerMaxFromMs: peaks.maxFromWriterMs,
        writerUsPerRow: (1000 * (memory.writer.busyMs - before.writer.busyMs)) / (memory.writer.rows - before.writer.rows),
        writerMaxBatchMs: peaks.maxBatchMs,
        writerMaxRoundTripMs: peaks.maxRoundTripMs,
        cpuMainS: ticksToSeconds(ticks.main - ticksBefore.main),
        cpuOtherS: ticksToSeconds(ticks.other - ticksBefore.other),
      };
      ticksBefore = ticks;
      before = memory;
      peaks = { ...noPeaks };
      intervals.push(figures);
      opts.onInterval(figures);
    }
    clearInterval(sampler);
    const results = (await done).map((m) => m.result);
    const exitCode = await server.stop('SIGTERM');
    post({ type: 'verify', dbFile: path.join(dataDir, 'kolpulse.sqlite'), workspaceId });
    const verified = await waitFor('verified', opts.clients);
    return {
      results,
      peakRssMb,
      intervals,
      ackedEvents: verified.reduce((n, v) => n + v.ackedEvents, 0),
      missing: verified.reduce((n, v) => n + v.missing, 0),
      exitCode,
    };
  } finally {
    for (const w of workers) await w.terminate();
    if (server.child.exitCode === null && server.child.signalCode === null) await server.stop('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
