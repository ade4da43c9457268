// The end-to-end half of bench:client: kolpulse in-process (TestKolpulse) with a 4-hour live
// stream at minute resolution, the real dashboard on #/stream/<id>, and live ingest from Node
// at 20 batches a second: once with the server's own push (one coalesced update a second) and
// once with a push after every batch (20 updates a second reach the page).
import type { Browser } from 'playwright-core';
import { getRequestListener } from '@hono/node-server';
import { TestKolpulse } from '../../test/helpers/kolpulse.js';
import { bigStream } from '../query-data.js';
import { rng, type WireEvent } from '../event-gen.js';
import { context } from './browser.js';
import type { Built } from './build.js';
import type { E2eMarks } from './probe-entry.js';
import { cpuSample, cpuShare, type CpuShare } from './cpu.js';
import type { WindowFigures } from './probe.js';
import { serve } from './serve.js';

const STREAM = 'big-room';
const HOUR = 3_600_000;
const MINUTE = 60_000;

export interface E2eOptions { events: number; seconds: number; rate: number; dpr: number; log(line: string): void }

export interface PhaseFigures extends WindowFigures {
  name: string;
  batchesPerSec: number;
  eventsPerSec: number;
  updates: number;
  updatesPerSec: number;
  /** Server time per forced push (LivePush.tick), when forced. */
  tickP50Ms: number | null;
  tickMaxMs: number | null;
  cpu: CpuShare;
}

export interface E2eFigures {
  events: number;
  seriesPoints: number;
  snapshotBytes: number;
  navToSnapshotMs: number;
  snapshotToDrawnMs: number;
  snapshotToPaintMs: number;
  navToPaintMs: number;
  loadLongTasks: number;
  loadLongTaskMaxMs: number;
  phases: PhaseFigures[];
  pageErrors: string[];
}

/** One 50 ms batch of a busy room: ≈ 25 events, a purchase every other batch. */
function liveBatch(r: () => number, k: number, now: number): WireEvent[] {
  const out: WireEvent[] = [];
  const user = () => `lu${Math.floor(r() ** 1.3 * 40_000)}`;
  const ev = (e: Record<string, unknown> & { type: string }) => out.push({ id: `live-${k}-${out.length}`, ts: now - Math.floor(r() * 500), streamId: STREAM, ...e });
  for (let i = 0; i < 12; i++) ev({ type: 'like', userId: user(), count: 1 + Math.floor(r() * 4) });
  for (let i = 0; i < 6; i++) ev({ type: 'comment', userId: user(), text: `还有 ${Math.floor(r() * 9)} 号吗 size ${Math.floor(r() * 9)}?` });
  for (let i = 0; i < 4; i++) ev({ type: 'member_join', userId: user() });
  ev({ type: 'member_leave', userId: user() });
  ev({ type: 'product_click', userId: user(), productId: `sku-${Math.floor(r() * 40)}` });
  if (k % 2 === 0) {
    out.push({ id: `live-${k}-order`, type: 'purchase', ts: now, orderId: `lo${k}`, userId: user(), amount: `${89 + Math.floor(r() * 300)}.00`, currency: 'CNY', streamId: STREAM, productId: `sku-${Math.floor(r() * 40)}` });
  }
  if (k % 80 === 0) ev({ type: 'viewer_count', current: 120_000 + Math.floor(r() * 5000) });
  return out;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]! : 0;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function endToEnd(browser: Browser, built: Built, o: E2eOptions): Promise<E2eFigures> {
  const kp = await TestKolpulse.start({ env: { KOLPULSE_SQLITE_SYNC: 'normal' } });
  const ws = kp.defaultWorkspace;
  const site = await serve(built.clientDir, { api: getRequestListener(kp.app.fetch), upgrade: (req, s, head) => kp.kp.handleUpgrade(req, s, head) });
  try {
    // A 4-hour stream that is still live: it started four hours ago and has not ended.
    const startTs = Math.floor(Date.now() / MINUTE) * MINUTE - 4 * HOUR;
    const t = performance.now();
    let pending: Array<Promise<unknown>> = [];
    for (const frame of bigStream({ events: o.events, startTs, hours: 4, users: 60_000, seed: 7 })) {
      const events = frame.filter((e) => e.type !== 'stream_end');
      pending.push(kp.kp.ingest.submit(ws.id, null, events).then((a) => {
        if (a.rejected.length) throw new Error(`rejected: ${JSON.stringify(a.rejected[0])}`);
      }));
      if (pending.length >= 8) {
        await Promise.all(pending);
        pending = [];
      }
    }
    await Promise.all(pending);
    o.log(`e2e: ingested a 4-hour stream of ${o.events.toLocaleString('en-US')} events in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const ctx = await context(browser, o.dpr);
    await ctx.addInitScript({ path: built.probeFile });
    await ctx.addInitScript({ content: `localStorage.setItem('kolpulse.token', ${JSON.stringify(ws.readToken)}); localStorage.setItem('kolpulse.lang', 'en');` });
    const page = await ctx.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${site.baseUrl}/#/stream/${STREAM}`);
    await page.waitForFunction('window.kpProbe && window.kpProbe.marks.chartsPaintedAt !== null', undefined, { timeout: 60_000 });
    const marks = (await page.evaluate('window.kpProbe.marks')) as E2eMarks;
    const snapshot = marks.messages.find((m) => m.kind === 'snapshot');
    if (!snapshot) throw new Error('the page drew its charts without a /live snapshot');
    const load = (await page.evaluate(`window.kpProbe.probe.window(0, ${marks.chartsPaintedAt})`)) as WindowFigures;
    const seriesPoints = (await page.evaluate('document.querySelector(\'[data-chart="sales"]\').uplot.data[0].length')) as number;
    // Let the pins, chat and suspect orders arrive before the live phases.
    await sleep(2000);

    const r = rng(99);
    let k = 0;
    const phase = async (name: string, forcePush: boolean): Promise<PhaseFigures> => {
      const ticks: number[] = [];
      const pageFrom = (await page.evaluate('performance.now()')) as number;
      const seenBefore = ((await page.evaluate('window.kpProbe.marks.messages.length')) as number);
      const cpuFrom = cpuSample();
      const from = performance.now();
      const n = o.seconds * o.rate;
      let events = 0;
      for (let i = 0; i < n; i++) {
        const wait = from + (i * 1000) / o.rate - performance.now();
        if (wait > 0) await sleep(wait);
        const batch = liveBatch(r, k++, Date.now());
        events += batch.length;
        const a = await kp.kp.ingest.submit(ws.id, null, batch);
        if (a.rejected.length) throw new Error(`rejected: ${JSON.stringify(a.rejected[0])}`);
        if (forcePush) {
          const t0 = performance.now();
          kp.kp.live.tick();
          ticks.push(performance.now() - t0);
        }
      }
      const secs = (performance.now() - from) / 1000;
      const cpu = cpuShare(cpuFrom, cpuSample());
      await sleep(1200);
      const pageTo = (await page.evaluate('performance.now()')) as number;
      const fig = (await page.evaluate(`window.kpProbe.probe.window(${pageFrom}, ${pageTo})`)) as WindowFigures;
      const msgs = ((await page.evaluate(`window.kpProbe.marks.messages.slice(${seenBefore})`)) as E2eMarks['messages']).filter((m) => m.kind === 'update');
      const span = msgs.length > 1 ? (msgs.at(-1)!.at - msgs[0]!.at) / 1000 : 0;
      return {
        ...fig, name, batchesPerSec: n / secs, eventsPerSec: events / secs,
        updates: msgs.length, updatesPerSec: span > 0 ? (msgs.length - 1) / span : msgs.length,
        tickP50Ms: forcePush ? quantile(ticks, 0.5) : null, tickMaxMs: forcePush ? quantile(ticks, 1) : null, cpu,
      };
    };
    const phases = [await phase('server push', false), await phase('push per batch', true)];
    await ctx.close();
    return {
      events: o.events,
      seriesPoints,
      snapshotBytes: snapshot.bytes,
      navToSnapshotMs: snapshot.at,
      snapshotToDrawnMs: marks.chartsDrawnAt! - snapshot.at,
      snapshotToPaintMs: marks.chartsPaintedAt! - snapshot.at,
      navToPaintMs: marks.chartsPaintedAt!,
      loadLongTasks: load.longTasks,
      loadLongTaskMaxMs: load.longTaskMaxMs,
      phases,
      pageErrors,
    };
  } finally {
    await site.close();
    await kp.close();
  }
}
