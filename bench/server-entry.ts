// kolpulse's server process for benchmarks: `kolpulse serve` without its first step, the
// dashboard build (vite), which ingest does not use and which would fail or take minutes while
// client/ is being edited. Same settings, same server/main.ts.
// With KOLPULSE_BENCH_MEMLOG=FILE it also writes, once a second, one JSON line to FILE
// (overwritten): process.memoryUsage(), the heap in use just after the last full (mark-compact)
// GC, and the milliseconds spent in young and full GCs so far. A benchmark can then tell what
// the engines keep from garbage that has not been collected yet, and from native memory.
// Besides memory, the line says where an answer waits: the SQLite writer thread's rows and time
// in transactions so far, and for each of the last 10 seconds the longest event-loop delay and GC
// pause (a busy or paused main thread) and the writer's longest transaction, round trip (and its
// two legs) and biggest batch.
import fs from 'node:fs';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { takeWriterPeaks, writerTimings } from '../db/sqlite-writer-client.js';
import { main } from '../server/main.js';

const memlog = process.env.KOLPULSE_BENCH_MEMLOG;
if (memlog) {
  let afterFullGc = NaN;
  const gcMs = { young: 0, full: 0 };
  let maxGcPauseMs = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      maxGcPauseMs = Math.max(maxGcPauseMs, entry.duration);
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        gcMs.full += entry.duration;
        afterFullGc = process.memoryUsage().heapUsed;
      } else gcMs.young += entry.duration;
    }
  }).observe({ entryTypes: ['gc'] });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  // The peaks of each of the last 10 seconds, stamped, so a reader that skips a write (both run
  // once a second) still sees every second once.
  const seconds: Array<{ at: number; loopMaxMs: number; maxGcPauseMs: number } & ReturnType<typeof takeWriterPeaks>> = [];
  setInterval(() => {
    seconds.push({ at: Date.now(), loopMaxMs: loop.max / 1e6, maxGcPauseMs, ...takeWriterPeaks() });
    if (seconds.length > 10) seconds.shift();
    loop.reset();
    maxGcPauseMs = 0;
    const tmp = `${memlog}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ ...process.memoryUsage(), afterFullGc, gcMs, writer: writerTimings, seconds }));
    fs.renameSync(tmp, memlog);
  }, 1_000).unref();
}
await main();
