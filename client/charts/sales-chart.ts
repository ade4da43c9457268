// Chart 1 of a stream: GMV per minute as bars, concurrent viewers as a line on a second axis,
// and a marker for every product pin. Columns go to uPlot as they come from the API.
import uPlot from 'uplot';
import { compact, money, moneyShort, num, time } from '../format.ts';
import { t } from '../i18n.ts';
import type { Pin, SeriesColumns } from '../types.ts';
import { snappedBars } from './snapped-bars.ts';
import { ZoomGroup } from './zoom-group.ts';
import { baseOptions, COLORS, followWidth, hostWidth, isNarrow, timeAxis, timeScale, timeSeries, valueAxis, type ChartHost } from './chart-base.ts';

const HEIGHT = 280;

export interface SalesChart {
  setData(cols: SeriesColumns): void;
  setPins(pins: Pin[]): void;
  destroy(): void;
}

export function salesChart(host: ChartHost, cols: SeriesColumns, currency: string, syncKey: string, zoom = new ZoomGroup()): SalesChart {
  let pins: Pin[] = [];
  // Each bar covers its minute from the bucket start, with a small gap after it.
  const bars = snappedBars(0.85, 64);
  const drawPins = (u: uPlot) => {
    if (pins.length === 0) return;
    const { ctx, bbox } = u;
    const ratio = devicePixelRatio || 1;
    ctx.save();
    ctx.strokeStyle = COLORS.pin;
    ctx.fillStyle = COLORS.pin;
    ctx.lineWidth = ratio;
    ctx.setLineDash([4 * ratio, 3 * ratio]);
    ctx.font = `${11 * ratio}px system-ui, sans-serif`;
    let lastLabelEnd = -Infinity;
    for (const p of pins) {
      const x = Math.round(u.valToPos(p.ts, 'x', true));
      if (x < bbox.left || x > bbox.left + bbox.width) continue;
      ctx.beginPath();
      ctx.moveTo(x, bbox.top);
      ctx.lineTo(x, bbox.top + bbox.height);
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(x - 5 * ratio, bbox.top);
      ctx.lineTo(x + 5 * ratio, bbox.top);
      ctx.lineTo(x, bbox.top + 7 * ratio);
      ctx.fill();
      // Labels drawn on the canvas are pixels, not markup; skip one that would overlap.
      const label = (p.title ?? p.productId).slice(0, 24);
      const w = ctx.measureText(label).width;
      // Beside the line, or before it where the plot ends.
      const lx = x + 4 * ratio + w <= bbox.left + bbox.width ? x + 4 * ratio : x - 4 * ratio - w;
      if (lx > lastLabelEnd && lx >= bbox.left) {
        ctx.fillText(label, lx, bbox.top + 18 * ratio);
        lastLabelEnd = lx + w + 8 * ratio;
      }
    }
    ctx.restore();
  };

  const width = hostWidth(host);
  const narrow = isNarrow(width);
  const opts: uPlot.Options = {
    ...baseOptions(width, HEIGHT),
    cursor: { sync: { key: syncKey }, drag: { x: true, y: false } },
    scales: { x: timeScale, gmv: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] }, viewers: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
    series: [
      timeSeries(),
      {
        label: t('chart.gmvPerMinute'), scale: 'gmv', stroke: COLORS.gmv, fill: 'rgba(37, 99, 235, 0.55)', width: 0,
        paths: bars, points: { show: false }, value: (_u, v) => money(v, currency),
      },
      {
        label: t('chart.viewers'), scale: 'viewers', stroke: COLORS.viewers, width: 2, spanGaps: true,
        points: { show: false }, value: (_u, v) => num(v),
      },
    ],
    axes: [
      timeAxis(),
      valueAxis((v) => moneyShort(v, currency), t('chart.gmvAxis', { currency }), narrow, { scale: 'gmv' }),
      valueAxis(compact, t('chart.viewers'), narrow, { scale: 'viewers', side: 1, grid: { show: false } }),
    ],
    hooks: { draw: [drawPins], setScale: [zoom.onSetScale] },
  };
  const u = new uPlot(opts, toAligned(cols), host);
  host.uplot = u;
  zoom.add(u);
  const stop = followWidth(host, () => u, HEIGHT);
  return {
    setData: (c) => zoom.setData(u, toAligned(c)),
    setPins(next) {
      pins = [...next].sort((a, b) => a.ts - b.ts);
      u.redraw(false, false);
    },
    destroy() {
      stop();
      zoom.remove(u);
      u.destroy();
      delete host.uplot;
    },
  };
}

function toAligned(c: SeriesColumns): uPlot.AlignedData {
  return [c.t, c.gmv ?? [], c.viewers ?? []] as uPlot.AlignedData;
}

/** "12:03 Blue dress" lines for the pin list beside the chart. */
export function pinLabel(p: Pin): string {
  return `${time(p.ts)} · ${p.title ?? p.productId}`;
}
