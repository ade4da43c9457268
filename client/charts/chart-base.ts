// What every uPlot chart of the dashboard shares: ms timestamps straight from the API, time
// labels in the chosen language and time zone, width that follows its card, and a handle on the
// host element (`host.uplot`) for the browser tests.
import uPlot from 'uplot';
import { dateTime, time } from '../format.ts';
import { t } from '../i18n.ts';

export interface ChartHost extends HTMLElement { uplot?: uPlot }

export const COLORS = {
  gmv: '#2563eb',
  viewers: '#f59e0b',
  pin: '#7c3aed',
  grid: 'rgba(15, 23, 42, 0.07)',
  axis: '#64748b',
};

export const SIGNAL_COLORS: Record<string, string> = {
  viewer_inflation: '#f59e0b',
  comment_bots: '#db2777',
  order_brushing: '#dc2626',
};
const SPARE = ['#0891b2', '#65a30d', '#9333ea', '#ea580c', '#0f766e'];
export function signalColor(name: string, i: number): string {
  return SIGNAL_COLORS[name] ?? SPARE[i % SPARE.length]!;
}

export function timeAxis(): uPlot.Axis {
  return {
    stroke: COLORS.axis,
    grid: { stroke: COLORS.grid, width: 1 },
    ticks: { stroke: COLORS.grid, width: 1 },
    // Room for "12:35 PM" between ticks.
    space: 84,
    values: (_u, splits) => splits.map((v) => (v === null ? '' : time(v))),
  };
}

/**
 * Axis widths are fixed so that charts stacked on one time axis have plots of equal width; on a
 * narrow screen they shrink and drop their titles.
 */
const AXIS_SIZE = 64;
const LABEL_SIZE = 18;
const NARROW = 520;
export const isNarrow = (width: number): boolean => width < NARROW;

export function valueAxis(format: (v: number) => string, label: string, narrow: boolean, opts: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return {
    stroke: COLORS.axis,
    grid: { stroke: COLORS.grid, width: 1 },
    ticks: { show: false },
    size: narrow ? 44 : AXIS_SIZE,
    label: narrow ? undefined : label,
    labelSize: LABEL_SIZE,
    labelFont: '11px system-ui, sans-serif',
    values: (_u, splits) => splits.map((v) => (v === null ? '' : format(v))),
    ...opts,
  };
}

/** An empty right-hand axis, as wide as a real one, to line a chart up with one that has it. */
export function spacerAxis(scale: string, narrow: boolean): uPlot.Axis {
  return {
    scale, side: 1, size: narrow ? 44 : AXIS_SIZE, label: narrow ? undefined : '', labelSize: LABEL_SIZE,
    grid: { show: false }, ticks: { show: false }, values: () => [],
  };
}

/**
 * A bucket starts at its `t` and lasts a minute: the full view runs to the end of the last one.
 * uPlot also passes explicit zooms through here, which are kept as they are.
 */
export const timeScale: uPlot.Scale = {
  time: true,
  range: (u, min, max) => {
    if (min === null || max === null) return [0, 1] as uPlot.Range.MinMax;
    const t = u.data[0] as number[];
    const whole = t.length > 0 && min === t[0] && max === t[t.length - 1];
    return [min, whole ? max + 60_000 : max] as uPlot.Range.MinMax;
  },
};

export function timeSeries(): uPlot.Series {
  return { label: t('chart.time'), value: (_u, v) => (v === null ? '—' : dateTime(v)) };
}

export function baseOptions(width: number, height: number): Pick<uPlot.Options, 'width' | 'height' | 'ms' | 'padding'> {
  return { width, height, ms: 1, padding: [12, 8, 0, 4] };
}

/** Keeps the chart as wide as its host; returns the stop function. */
export function followWidth(host: HTMLElement, u: () => uPlot | null, height: number): () => void {
  const ro = new ResizeObserver(() => {
    const chart = u();
    const w = Math.floor(host.clientWidth);
    if (chart && w > 0 && w !== chart.width) chart.setSize({ width: w, height });
  });
  ro.observe(host);
  return () => ro.disconnect();
}

export function hostWidth(host: HTMLElement): number {
  return Math.max(280, Math.floor(host.clientWidth || host.parentElement?.clientWidth || 800));
}
