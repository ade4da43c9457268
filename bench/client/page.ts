// The synthetic half of bench:client, in the browser: the stream page's two real charts, fed a
// 4-hour stream at any resolution along the stream page's own path (snapshot text → JSON.parse
// → cloneSeries → frameCommit → charts; updates → mergeSeries → one setData per chart a frame).
// run.ts calls window.kpBench.firstPaint() and then .live() and reads the figures.
import 'uplot/dist/uPlot.min.css';
import '../../client/styles.css';
import { salesChart, type SalesChart } from '../../client/charts/sales-chart.ts';
import { signalsChart, type SignalsChart } from '../../client/charts/signals-chart.ts';
import type { ChartHost } from '../../client/charts/chart-base.ts';
import { ZoomGroup } from '../../client/charts/zoom-group.ts';
import { frameCommit } from '../../client/frame-commit.ts';
import { cloneSeries, mergeSeries } from '../../client/series-merge.ts';
import type { LiveMessage, SeriesColumns } from '../../client/types.ts';
import { afterPaint, Probe, quantile, type WindowFigures } from './probe.ts';
import { pinsFor, snapshotText, streamColumns, updateTexts, type StreamShape } from './synthetic-stream.ts';

export interface FirstPaint {
  points: number;
  snapshotBytes: number;
  /** Each from the start of the handoff (the snapshot text in hand). */
  parsedMs: number;
  clonedMs: number;
  frameMs: number;
  builtMs: number;
  drawnMs: number;
  paintedMs: number;
  longTaskMaxMs: number;
}

export interface LiveFigures extends WindowFigures {
  updates: number;
  updatesPerSec: number;
  redraws: number;
  handlerP50Ms: number;
  handlerMaxMs: number;
  redrawP50Ms: number;
  redrawP95Ms: number;
  redrawMaxMs: number;
  /** From the start of a redraw to the end of its frame: the setData calls plus the browser's
   * style, layout, paint and canvas raster of that frame. */
  frameP50Ms: number;
  frameP95Ms: number;
  frameMaxMs: number;
  /** Handler + redraw time (JavaScript only) over the live window. */
  busyPct: number;
  /** Long tasks over 50 ms that contain one of the redraws (the others hold none of this code's work). */
  longTasksWithRedraw: number;
  pointsAtEnd: number;
}

const T0 = Date.UTC(2026, 10, 11, 12, 0, 0);
const probe = new Probe();
const salesHost = document.querySelector('[data-chart="sales"]') as ChartHost;
const signalsHost = document.querySelector('[data-chart="signals"]') as ChartHost;

let shape: StreamShape | null = null;
let cols: SeriesColumns | null = null;
let charts: { sales: SalesChart; signals: SignalsChart } | null = null;
let onBuilt: ((frameAt: number, builtAt: number) => void) | null = null;
let onRedraw: ((start: number, end: number) => void) | null = null;
let onFramePainted: ((start: number, end: number) => void) | null = null;
const drawnAt = { sales: 0, signals: 0 };

/** Records each chart's last completed draw (uPlot fires `draw` at the end of its commit). */
function watchDraws(host: ChartHost, key: keyof typeof drawnAt): void {
  const hooks = host.uplot!.hooks;
  (hooks.draw ??= []).push(() => (drawnAt[key] = performance.now()));
}

// The stream page's commit: build on the first frame, then one setData per chart per frame.
const commit = frameCommit(() => {
  if (!cols || !shape) return;
  if (!charts) {
    const frameAt = performance.now();
    const zoom = new ZoomGroup();
    charts = { sales: salesChart(salesHost, cols, 'CNY', 'bench', zoom), signals: signalsChart(signalsHost, cols, 'bench', zoom) };
    watchDraws(salesHost, 'sales');
    watchDraws(signalsHost, 'signals');
    onBuilt?.(frameAt, performance.now());
    return;
  }
  const t = performance.now();
  charts.sales.setData(cols);
  charts.signals.setData(cols);
  // Queued after uPlot's own commit microtasks, so this includes both draws.
  queueMicrotask(() => onRedraw?.(t, performance.now()));
  if (onFramePainted) void afterPaint(true).then((end) => onFramePainted?.(t, end));
});

async function firstPaint(points: number, stepMs: number): Promise<FirstPaint> {
  if (shape) throw new Error('one stream per page load');
  shape = { points, stepMs, t0: T0, seed: 42 };
  const text = snapshotText('bench', streamColumns(shape));
  await afterPaint(false);
  await afterPaint(false);
  const from = performance.now();
  const marks: Partial<Record<keyof FirstPaint, number>> = {};
  const built = new Promise<void>((resolve) => {
    onBuilt = (frameAt, builtAt) => {
      marks.frameMs = frameAt - from;
      marks.builtMs = builtAt - from;
      resolve();
    };
  });
  const msg = JSON.parse(text) as LiveMessage;
  marks.parsedMs = performance.now() - from;
  if (msg.type !== 'snapshot' || !msg.series) throw new Error('no series in snapshot');
  cols = cloneSeries(msg.series);
  marks.clonedMs = performance.now() - from;
  commit.mark();
  await built;
  // Inside the frame still: after the draw microtasks, then after the frame's rendering.
  const painted = await afterPaint(true);
  const until = performance.now();
  return {
    points,
    snapshotBytes: text.length,
    parsedMs: marks.parsedMs,
    clonedMs: marks.clonedMs,
    frameMs: marks.frameMs!,
    builtMs: marks.builtMs!,
    drawnMs: Math.max(drawnAt.sales, drawnAt.signals) - from,
    paintedMs: painted - from,
    longTaskMaxMs: probe.window(from, until).longTaskMaxMs,
  };
}

async function live(seconds: number, perSecond: number): Promise<LiveFigures> {
  if (!shape || !charts || !cols) throw new Error('firstPaint first');
  // As the page does once built: the product pins from /report.
  charts.sales.setPins(pinsFor(shape));
  const texts = updateTexts('bench', shape, seconds * perSecond, perSecond);
  await afterPaint(false);
  await afterPaint(false);

  const handler: number[] = [];
  const redraw: number[] = [];
  const redrawAt: number[] = [];
  onRedraw = (start, end) => {
    redraw.push(end - start);
    redrawAt.push(start);
  };
  const frame: number[] = [];
  onFramePainted = (start, end) => frame.push(end - start);
  const receive = (text: string) => {
    const t = performance.now();
    const msg = JSON.parse(text) as LiveMessage;
    if (msg.type === 'update' && msg.series) mergeSeries(cols!, msg.series);
    commit.mark();
    handler.push(performance.now() - t);
  };
  const from = performance.now();
  const interval = 1000 / perSecond;
  await new Promise<void>((resolve) => {
    let k = 0;
    const next = () => {
      receive(texts[k++]!);
      if (k === texts.length) resolve();
      else setTimeout(next, Math.max(0, from + k * interval - performance.now()));
    };
    setTimeout(next, 0);
  });
  const lastAt = performance.now();
  await afterPaint(false);
  await afterPaint(false);
  const to = performance.now();
  onRedraw = null;
  onFramePainted = null;
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  const withRedraw = probe.tasks(from, to).filter((lt) => redrawAt.some((r) => r >= lt.start && r < lt.start + lt.duration));
  return {
    ...probe.window(from, to),
    updates: handler.length,
    updatesPerSec: (handler.length - 1) / ((lastAt - from) / 1000),
    redraws: redraw.length,
    handlerP50Ms: quantile(handler, 0.5),
    handlerMaxMs: quantile(handler, 1),
    redrawP50Ms: quantile(redraw, 0.5),
    redrawP95Ms: quantile(redraw, 0.95),
    redrawMaxMs: quantile(redraw, 1),
    frameP50Ms: quantile(frame, 0.5),
    frameP95Ms: quantile(frame, 0.95),
    frameMaxMs: quantile(frame, 1),
    busyPct: (100 * (sum(handler) + sum(redraw))) / (to - from),
    pointsAtEnd: cols.t.length,
    longTasksWithRedraw: withRedraw.length,
  };
}

/** The noise floor: the same page, charts drawn, no updates, for as long as the live phase. */
async function idle(seconds: number): Promise<WindowFigures> {
  await afterPaint(false);
  const from = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  await afterPaint(false);
  return probe.window(from, performance.now());
}

declare global {
  interface Window { kpBench: { firstPaint: typeof firstPaint; live: typeof live; idle: typeof idle } }
}
window.kpBench = { firstPaint, live, idle };
