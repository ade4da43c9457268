// Chart 2 of a stream: each authenticity signal per minute (0 = clean, 1 = certain), on the
// same time axis as the sales chart, with the cursor synchronised between the two.
import uPlot from 'uplot';
import { pct } from '../format.ts';
import { signalLabel, t } from '../i18n.ts';
import { signalNames } from '../series-merge.ts';
import type { SeriesColumns } from '../types.ts';
import { ZoomGroup } from './zoom-group.ts';
import { baseOptions, followWidth, hostWidth, isNarrow, signalColor, spacerAxis, timeAxis, timeScale, timeSeries, valueAxis, type ChartHost } from './chart-base.ts';

const HEIGHT = 200;

export interface SignalsChart {
  setData(cols: SeriesColumns): void;
  destroy(): void;
}

export function signalsChart(host: ChartHost, cols: SeriesColumns, syncKey: string, zoom = new ZoomGroup()): SignalsChart {
  let names: string[] = [];
  let u: uPlot | null = null;

  const build = (c: SeriesColumns) => {
    if (u) {
      zoom.remove(u);
      u.destroy();
    }
    names = signalNames(c);
    const width = hostWidth(host);
    const narrow = isNarrow(width);
    const opts: uPlot.Options = {
      ...baseOptions(width, HEIGHT),
      cursor: { sync: { key: syncKey }, drag: { x: true, y: false } },
      scales: { x: timeScale, y: { range: [0, 1] } },
      series: [
        timeSeries(),
        ...names.map((name, i): uPlot.Series => ({
          label: signalLabel(name), stroke: signalColor(name, i), fill: `${signalColor(name, i)}22`, width: 2,
          spanGaps: true, points: { show: false }, value: (_u, v) => (v === null ? '—' : pct(v, 0)),
        })),
      ],
      axes: [timeAxis(), valueAxis((v) => pct(v, 0), t('chart.signalAxis'), narrow), spacerAxis('y', narrow)],
      hooks: { setScale: [zoom.onSetScale] },
    };
    u = new uPlot(opts, toAligned(c, names), host);
    host.uplot = u;
    zoom.add(u);
  };

  build(cols);
  const stop = followWidth(host, () => u, HEIGHT);
  return {
    setData(c) {
      const next = signalNames(c);
      if (next.join() !== names.join()) build(c);
      else zoom.setData(u!, toAligned(c, names));
    },
    destroy() {
      stop();
      if (u) zoom.remove(u);
      u?.destroy();
      delete host.uplot;
    },
  };
}

function toAligned(c: SeriesColumns, names: string[]): uPlot.AlignedData {
  return [c.t, ...names.map((n) => c[n] ?? [])] as uPlot.AlignedData;
}
