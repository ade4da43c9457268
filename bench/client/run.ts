// bench:client — the dashboard in Debian's chromium. Synthetic: the stream page's real charts and
// live path fed a 4-hour stream at 1 s (14,400 points a series), beside the same at 1 min (240
// points, what the API serves) as the baseline in the same run. End to end: the real stream
// page against kolpulse in-process while 20 ingest batches a second arrive.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import type { Browser } from 'playwright-core';
import { context, launch } from './browser.js';
import { buildAll, ROOT } from './build.js';
import { endToEnd } from './e2e.js';
import type { FirstPaint, LiveFigures } from './page.js';
import type { WindowFigures } from './probe.js';
import { cpuSample, cpuShare, type CpuShare } from './cpu.js';
import { render, verdicts, type RunFigures, type SizeFigures } from './report.js';
import { serve } from './serve.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const has = (name: string) => args.includes(`--${name}`);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const HOURS_MS = 4 * 3_600_000;
const POINTS = flag('points', 14_400);
const BASELINE = flag('baseline', 240);
const ROUNDS = Math.max(1, flag('rounds', 3));
const PAINTS = flag('paints', 2);
const SECONDS = flag('seconds', 10);
const RATE = flag('rate', 20);
const EVENTS = flag('events', 200_000);
const DPR = flag('dpr', 1);
const JSON_OUT = opt('json');

if (has('help')) {
  console.log('npm run bench:client -- [--points 14400] [--baseline 240] [--rounds 3] [--paints 2] [--seconds 10] [--rate 20] [--events 200000] [--dpr 1] [--no-e2e] [--json FILE]');
  process.exit(0);
}

const git = (...a: string[]) => {
  try {
    return execFileSync('git', a, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
};
const dirty = git('status', '--porcelain', '--', 'client', 'bench/client');

interface PageRun { paint: FirstPaint; live: (LiveFigures & { cpu: CpuShare }) | null; idle: (WindowFigures & { cpu: CpuShare }) | null }

async function sizeRun(browser: Browser, baseUrl: string, points: number, mode: 'paint' | 'live' | 'idle+live'): Promise<PageRun> {
  const ctx = await context(browser, DPR);
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const measured = async <T>(expr: string): Promise<T & { cpu: CpuShare }> => {
    const a = cpuSample();
    const fig = (await page.evaluate(expr)) as T;
    return { ...fig, cpu: cpuShare(a, cpuSample()) };
  };
  try {
    await page.goto(`${baseUrl}/index.html`);
    await page.waitForFunction('window.kpBench !== undefined', undefined, { timeout: 30_000 });
    const stepMs = HOURS_MS / points;
    const paint = (await page.evaluate(`window.kpBench.firstPaint(${points}, ${stepMs})`)) as FirstPaint;
    const idle = mode === 'idle+live' ? await measured<WindowFigures>(`window.kpBench.idle(${SECONDS})`) : null;
    const live = mode !== 'paint' ? await measured<LiveFigures>(`window.kpBench.live(${SECONDS}, ${RATE})`) : null;
    if (errors.length) throw new Error(`page errors: ${errors.join(' | ')}`);
    return { paint, idle, live };
  } finally {
    await ctx.close();
  }
}

const log = (s: string) => console.log(s);
const cpu = os.cpus()[0]?.model ?? '?';
log(`bench:client on ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}, node ${process.version}`);
log(`commit ${git('rev-parse', '--short', 'HEAD')}${dirty ? ' (client/ or bench/client/ changed in the working tree)' : ''}, ${new Date().toISOString()}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

const tb = performance.now();
const built = await buildAll();
log(`built the bench page, the dashboard and the probe with vite in ${((performance.now() - tb) / 1000).toFixed(1)} s`);
const site = await serve(built.benchDir);
const browser = await launch();
log(`chromium ${browser.version()}, viewport 1280×800 at dpr ${DPR}`);
try {
  const sizes: Record<'full' | 'baseline', SizeFigures> = {
    full: { points: POINTS, stepMs: HOURS_MS / POINTS, firstPaint: [], idle: null, live: [] },
    baseline: { points: BASELINE, stepMs: HOURS_MS / BASELINE, firstPaint: [], idle: null, live: [] },
  };
  // The browser's own first page (its processes, fonts, ICU data) is not the dashboard's cost.
  for (const points of [BASELINE, POINTS]) await sizeRun(browser, site.baseUrl, points, 'paint');
  // A fresh page per first paint (cold, as on opening the page). Sizes alternate, and swap
  // order every round, so that a busy neighbour hits both alike. Each round ends with a live
  // phase per size; the first round also measures the idle page first (the noise floor).
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? (['full', 'baseline'] as const) : (['baseline', 'full'] as const);
    for (let p = 0; p < PAINTS; p++) {
      for (const key of order) sizes[key].firstPaint.push((await sizeRun(browser, site.baseUrl, sizes[key].points, 'paint')).paint);
    }
    for (const key of order) {
      const s = sizes[key];
      const r = await sizeRun(browser, site.baseUrl, s.points, round === 0 ? 'idle+live' : 'live');
      s.firstPaint.push(r.paint);
      if (r.idle) s.idle = r.idle;
      s.live.push(r.live!);
      const l = r.live!;
      log(`  round ${round + 1}, ${String(s.points).padStart(6)} points: first paints ${s.firstPaint.slice(-PAINTS - 1).map((x) => x.paintedMs.toFixed(0)).join(', ')} ms;` +
        (r.idle ? ` idle: ${r.idle.longTasks} long tasks;` : '') +
        ` live: ${l.updates} updates, ${l.redraws} redraws, ${l.longTasks} long tasks (max ${l.longTaskMaxMs} ms), max frame gap ${l.maxFrameGapMs.toFixed(1)} ms,` +
        ` CPU others ${l.cpu.others.toFixed(2)} cores`);
    }
  }
  const e2e = has('no-e2e') ? null : await endToEnd(browser, built, { events: EVENTS, seconds: SECONDS, rate: RATE, dpr: DPR, log });
  const run: RunFigures = { full: sizes.full, baseline: sizes.baseline, e2e, rate: RATE, seconds: SECONDS };
  log('');
  log(render(run));
  const v = verdicts(run);
  log('');
  log(`first paint of ${POINTS.toLocaleString('en-US')} points < 300 ms: ${v.firstPaintAll ? 'met in every run' : v.firstPaintMedian ? 'met by the median, not in every run' : 'MISSED'}`);
  log(`no long task over 50 ms at ${RATE} updates/s, ${POINTS.toLocaleString('en-US')} points: met in ${v.liveRoundsClean} of ${v.liveRounds} rounds` +
    ` (${BASELINE} points: ${v.liveBaselineRoundsClean} of ${v.liveRounds})` + (v.liveE2e === null ? '' : `; end to end ${v.liveE2e ? 'met' : 'MISSED'}`));
  if (JSON_OUT) {
    fs.appendFileSync(JSON_OUT, JSON.stringify({ at: new Date().toISOString(), commit: git('rev-parse', 'HEAD'), dirty: Boolean(dirty), load: os.loadavg(), ...run }) + '\n');
  }
} finally {
  await browser.close().catch(() => {});
  await site.close();
  built.remove();
}
