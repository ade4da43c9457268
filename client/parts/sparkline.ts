// A sparkline for a stream card as inline SVG: GMV per minute as bars, concurrent viewers as a
// line over them (each on its own scale). Cheap enough for one card per stream.
import { svg } from '../dom.ts';
import type { SeriesColumns } from '../types.ts';

const W = 240, H = 44;

export function sparkline(cols: SeriesColumns | null): SVGSVGElement {
  const el = svg('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', class: 'sparkline', 'aria-hidden': 'true' });
  const n = cols?.t.length ?? 0;
  el.appendChild(svg('line', { x1: 0, y1: H - 0.5, x2: W, y2: H - 0.5, class: 'spark-base' }));
  if (!cols || n === 0) return el;
  const gmv = (cols.gmv ?? []).map((v) => v ?? 0);
  const maxG = Math.max(...gmv) || 1;
  const slot = W / n;
  gmv.forEach((v, i) => {
    if (v <= 0) return;
    const bh = Math.max(1, (v / maxG) * (H - 4));
    el.appendChild(svg('rect', { x: (i * slot + slot * 0.15).toFixed(2), y: (H - bh).toFixed(2), width: Math.max(0.6, slot * 0.7).toFixed(2), height: bh.toFixed(2), class: 'spark-bar' }));
  });
  const viewers = cols.viewers ?? [];
  const maxV = Math.max(0, ...viewers.map((v) => v ?? 0));
  if (maxV > 0) {
    const pts = viewers.flatMap((v, i) => (v === null ? [] : [`${((i + 0.5) * slot).toFixed(1)},${(H - 2 - (v / maxV) * (H - 8)).toFixed(1)}`]));
    if (pts.length > 1) el.appendChild(svg('polyline', { points: pts.join(' '), class: 'spark-line' }));
  }
  return el;
}
