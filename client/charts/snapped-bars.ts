// Bars on whole pixels, at most one per pixel column (the tallest there). uPlot's own bars stop
// snapping to pixels once gaps are under 5 px, and Chromium's software raster is many times
// slower on rects with fractional edges: a redraw of 240 of them took ≈ 20 ms of raster, of
// 14,400 (a 4-hour stream at 1 s) 50–100 ms (bench:client, docs/performance.md).
import uPlot from 'uplot';

/** A bar covers `size` of its bucket from the bucket's start (uPlot align 1), ≤ `maxPx` wide. */
export function snappedBars(size: number, maxPx: number): uPlot.Series.PathBuilder {
  return (u, seriesIdx, idx0, idx1) => {
    const xs = u.data[0] as number[];
    const ys = u.data[seriesIdx] as Array<number | null | undefined>;
    const scale = u.series[seriesIdx]!.scale!;
    const path = new Path2D();
    let step = Infinity;
    for (let i = idx0 + 1; i <= idx1; i++) step = Math.min(step, xs[i]! - xs[i - 1]!);
    const x0 = xs[idx0] ?? 0;
    const col = Number.isFinite(step) ? u.valToPos(x0 + step, 'x', true) - u.valToPos(x0, 'x', true) : u.bbox.width;
    // A gap of at least a pixel while there is room for one; below 3 px the bars touch.
    const gap = col >= 3 ? Math.max(1, Math.round(col * (1 - size))) : 0;
    const widest = Math.round(maxPx * uPlot.pxRatio);
    const base = Math.round(u.valToPos(0, scale, true));
    let left = 0, right = -1, top = base;
    const flush = () => {
      if (right > left && top < base) path.rect(left, top, right - left, base - top);
    };
    for (let i = idx0; i <= idx1; i++) {
      const y = ys[i];
      if (y == null || y <= 0) continue;
      const x = u.valToPos(xs[i]!, 'x', true);
      const l = Math.round(x);
      const r = Math.max(l + 1, Math.min(l + widest, Math.round(x + col) - gap));
      const t = Math.round(u.valToPos(y, scale, true));
      // Bars narrower than a pixel share one: keep the tallest.
      if (l < right) {
        right = Math.max(right, r);
        top = Math.min(top, t);
      } else {
        flush();
        left = l;
        right = r;
        top = t;
      }
    }
    flush();
    return { stroke: path, fill: path, clip: null, band: null, flags: 0 };
  };
}
