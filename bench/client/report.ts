// The figures of one bench:client run and their table beside the targets
// (docs/performance.md "Dashboard (bench:client)").
import type { FirstPaint, LiveFigures } from './page.js';
import type { E2eFigures } from './e2e.js';
import type { CpuShare } from './cpu.js';
import type { WindowFigures } from './probe.js';

export const TARGET = { firstPaintMs: 300, longTaskMs: 50 } as const;

export interface SizeFigures {
  points: number;
  stepMs: number;
  firstPaint: FirstPaint[];
  idle: (WindowFigures & { cpu: CpuShare }) | null;
  /** One live phase per round. */
  live: Array<LiveFigures & { cpu: CpuShare }>;
}
export interface RunFigures { full: SizeFigures; baseline: SizeFigures; e2e: E2eFigures | null; rate: number; seconds: number }

const med = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const f = (v: number, d = 1) => v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const spread = (xs: number[]) => `${f(med(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
const ratio = (a: number, b: number) => (b > 0 ? `${f(a / b, 1)}×` : '—');
const met = (ok: boolean) => (ok ? 'met' : '**missed**');

type Row = [string, string, string, string, string, string];

function table(head: Row, rows: Row[]): string {
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: Row) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

export function verdicts(r: RunFigures) {
  const paints = r.full.firstPaint.map((p) => p.paintedMs);
  return {
    firstPaintMedian: med(paints) < TARGET.firstPaintMs,
    firstPaintAll: Math.max(...paints) < TARGET.firstPaintMs,
    liveRounds: r.full.live.length,
    liveRoundsClean: r.full.live.filter((l) => l.longTasks === 0).length,
    liveBaselineRoundsClean: r.baseline.live.filter((l) => l.longTasks === 0).length,
    liveE2e: r.e2e ? r.e2e.phases.every((p) => p.longTasks === 0) : null,
    e2ePaint: r.e2e ? r.e2e.snapshotToPaintMs < TARGET.firstPaintMs : null,
  };
}

export function render(r: RunFigures): string {
  const { full: a, baseline: b } = r;
  const each = (x: SizeFigures, fn: (l: SizeFigures['live'][number]) => string) => x.live.map(fn).join(' / ');
  const idleCell = (x: SizeFigures) => (x.idle ? `${x.idle.longTasks}, ${f(x.idle.longTaskMaxMs, 0)} ms (others ${f(x.idle.cpu.others, 2)} cores)` : '—');
  const fp = (x: SizeFigures, k: keyof FirstPaint) => x.firstPaint.map((p) => p[k] as number);
  const v = verdicts(r);
  const n = a.firstPaint.length;
  const rows: Row[] = [
    [`first paint: handoff → painted, median (min–max) of ${n}`, spread(fp(a, 'paintedMs')), spread(fp(b, 'paintedMs')),
      ratio(med(fp(a, 'paintedMs')), med(fp(b, 'paintedMs'))), `< ${TARGET.firstPaintMs} ms`,
      v.firstPaintAll ? 'met' : v.firstPaintMedian ? 'median met, not every run' : '**missed**'],
    ['  handoff → both charts drawn', spread(fp(a, 'drawnMs')), spread(fp(b, 'drawnMs')), ratio(med(fp(a, 'drawnMs')), med(fp(b, 'drawnMs'))), '', ''],
    ['  of which JSON.parse of the snapshot', f(med(fp(a, 'parsedMs'))), f(med(fp(b, 'parsedMs'))), ratio(med(fp(a, 'parsedMs')), med(fp(b, 'parsedMs'))), '', ''],
    ['  cloneSeries', f(med(fp(a, 'clonedMs').map((x, i) => x - fp(a, 'parsedMs')[i]!))), f(med(fp(b, 'clonedMs').map((x, i) => x - fp(b, 'parsedMs')[i]!))), '', '', ''],
    ['  wait for the frame (frameCommit)', f(med(fp(a, 'frameMs').map((x, i) => x - fp(a, 'clonedMs')[i]!))), f(med(fp(b, 'frameMs').map((x, i) => x - fp(b, 'clonedMs')[i]!))), '', '', ''],
    ['  new uPlot × 2 (sync)', f(med(fp(a, 'builtMs').map((x, i) => x - fp(a, 'frameMs')[i]!))), f(med(fp(b, 'builtMs').map((x, i) => x - fp(b, 'frameMs')[i]!))), '', '', ''],
    ['  first draws (uPlot commit)', f(med(fp(a, 'drawnMs').map((x, i) => x - fp(a, 'builtMs')[i]!))), f(med(fp(b, 'drawnMs').map((x, i) => x - fp(b, 'builtMs')[i]!))), '', '', ''],
    ['  style, layout, paint of that frame', f(med(fp(a, 'paintedMs').map((x, i) => x - fp(a, 'drawnMs')[i]!))), f(med(fp(b, 'paintedMs').map((x, i) => x - fp(b, 'drawnMs')[i]!))), '', '', ''],
    ['  longest task during first paint (ms)', f(Math.max(...fp(a, 'longTaskMaxMs'))), f(Math.max(...fp(b, 'longTaskMaxMs'))), '', '', ''],
    [`live ${r.rate}/s for ${r.seconds} s, per round: updates handled /s`, each(a, (l) => f(l.updatesPerSec)), each(b, (l) => f(l.updatesPerSec)), '', `${r.rate}`, ''],
    ['  redraws (one setData per chart per frame)', each(a, (l) => `${l.redraws}`), each(b, (l) => `${l.redraws}`), '', '', ''],
    ['  long tasks > 50 ms', each(a, (l) => `${l.longTasks}`), each(b, (l) => `${l.longTasks}`), '', '0',
      v.liveRoundsClean === v.liveRounds ? 'met' : `**missed** in ${v.liveRounds - v.liveRoundsClean} of ${v.liveRounds}`],
    ['  … longest (ms)', each(a, (l) => f(l.longTaskMaxMs, 0)), each(b, (l) => f(l.longTaskMaxMs, 0)), '', '', ''],
    ['  … of them holding a redraw', each(a, (l) => `${l.longTasksWithRedraw}`), each(b, (l) => `${l.longTasksWithRedraw}`), '', '', ''],
    ['  max frame gap (ms)', each(a, (l) => f(l.maxFrameGapMs, 0)), each(b, (l) => f(l.maxFrameGapMs, 0)), '', '', ''],
    ['  redraw p50 (ms)', each(a, (l) => f(l.redrawP50Ms)), each(b, (l) => f(l.redrawP50Ms)), ratio(med(a.live.map((l) => l.redrawP50Ms)), med(b.live.map((l) => l.redrawP50Ms))), '', ''],
    ['  redraw p95 (ms)', each(a, (l) => f(l.redrawP95Ms)), each(b, (l) => f(l.redrawP95Ms)), ratio(med(a.live.map((l) => l.redrawP95Ms)), med(b.live.map((l) => l.redrawP95Ms))), '', ''],
    ['  redraw max (ms)', each(a, (l) => f(l.redrawMaxMs)), each(b, (l) => f(l.redrawMaxMs)), '', '', ''],
    ['  redraw + that frame\'s rendering p50 (ms)', each(a, (l) => f(l.frameP50Ms)), each(b, (l) => f(l.frameP50Ms)), ratio(med(a.live.map((l) => l.frameP50Ms)), med(b.live.map((l) => l.frameP50Ms))), '', ''],
    ['  redraw + that frame\'s rendering p95 (ms)', each(a, (l) => f(l.frameP95Ms)), each(b, (l) => f(l.frameP95Ms)), '', '', ''],
    ['  redraw + that frame\'s rendering max (ms)', each(a, (l) => f(l.frameMaxMs)), each(b, (l) => f(l.frameMaxMs)), '', '', ''],
    ['  message handler max (ms)', each(a, (l) => f(l.handlerMaxMs)), each(b, (l) => f(l.handlerMaxMs)), '', '', ''],
    ['  main thread in handler + redraw (%)', each(a, (l) => f(l.busyPct)), each(b, (l) => f(l.busyPct)), ratio(med(a.live.map((l) => l.busyPct)), med(b.live.map((l) => l.busyPct))), '', ''],
    ['  CPU, cores: chromium', each(a, (l) => f(l.cpu.chromium, 2)), each(b, (l) => f(l.cpu.chromium, 2)), '', '', ''],
    ['  CPU, cores: other processes', each(a, (l) => f(l.cpu.others, 2)), each(b, (l) => f(l.cpu.others, 2)), '', '', ''],
    [`same page idle ${r.seconds} s (round 1): long tasks, longest`, idleCell(a), idleCell(b), '', '', ''],
  ];
  const head: Row = ['synthetic: the stream page\'s charts', `${a.points.toLocaleString('en-US')} pts @ ${a.stepMs / 1000} s`,
    `${b.points.toLocaleString('en-US')} pts @ ${b.stepMs / 1000} s`, 'ratio', 'target', ''];
  let out = table(head, rows);
  const e = r.e2e;
  if (e) {
    const erows: Row[] = [
      ['series points (minutes) / snapshot bytes', `${e.seriesPoints} / ${e.snapshotBytes.toLocaleString('en-US')}`, '', '', '', ''],
      ['navigation → /live snapshot (ms)', f(e.navToSnapshotMs), '', '', '', ''],
      ['snapshot → both charts drawn (ms)', f(e.snapshotToDrawnMs), '', '', '', ''],
      ['snapshot → that frame painted (ms)', f(e.snapshotToPaintMs), '', '', `< ${TARGET.firstPaintMs}`, met(e.snapshotToPaintMs < TARGET.firstPaintMs)],
      ['navigation → charts painted (ms)', f(e.navToPaintMs), '', '', '', ''],
      ['long tasks during load: count (longest ms)', `${e.loadLongTasks} (${f(e.loadLongTaskMaxMs)})`, '', '', '', ''],
    ];
    for (const p of e.phases) {
      erows.push(
        [`${p.name}: ingest batches /s (events /s)`, `${f(p.batchesPerSec)} (${Math.round(p.eventsPerSec)})`, '', '', `${r.rate}`, ''],
        ['  /live updates reaching the page /s', `${f(p.updatesPerSec)} (${p.updates})`, '', '', '', ''],
        ['  long tasks > 50 ms: count (longest ms)', `${p.longTasks} (${f(p.longTaskMaxMs)})`, '', '', '0', met(p.longTasks === 0)],
        ['  max frame gap (ms); gaps > 50 ms', `${f(p.maxFrameGapMs)}; ${p.gapsOver50}`, '', '', '', ''],
        ['  CPU, cores: node (kolpulse) / chromium / others', `${f(p.cpu.node, 2)} / ${f(p.cpu.chromium, 2)} / ${f(p.cpu.others, 2)}`, '', '', '', ''],
      );
      if (p.tickP50Ms !== null) erows.push(['  server: LivePush.tick p50 / max (ms)', `${f(p.tickP50Ms)} / ${f(p.tickMaxMs!)}`, '', '', '', '']);
    }
    out += '\n\n' + table(['end to end: real #/stream page, kolpulse in-process', 'figure', '', '', 'target', ''], erows);
    if (e.pageErrors.length) out += `\npage errors: ${e.pageErrors.join(' | ')}`;
  }
  return out;
}
