// Charts of one stream share their time zoom: a drag on one zooms all, a double-click resets
// all, and while zoomed, live data is added without throwing the zoom away.
import type uPlot from 'uplot';

const MINUTE = 60_000;

export class ZoomGroup {
  readonly #charts = new Set<uPlot>();
  #zoom: { min: number; max: number } | null = null;
  #syncing = false;

  /** The uPlot `setScale` hook for every chart of the group. */
  readonly onSetScale = (u: uPlot, key: string): void => {
    if (key !== 'x' || this.#syncing) return;
    const { min, max } = u.scales.x!;
    if (min == null || max == null) return;
    const t = u.data[0] as number[];
    const full = t.length === 0 || (min <= t[0]! && max >= t[t.length - 1]! + MINUTE - 1);
    const next = full ? null : { min, max };
    const same = next === null ? this.#zoom === null : this.#zoom !== null && this.#zoom.min === min && this.#zoom.max === max;
    this.#zoom = next;
    if (same && full) return;
    this.#syncing = true;
    try {
      for (const other of this.#charts) {
        if (other !== u && (other.scales.x!.min !== min || other.scales.x!.max !== max)) other.setScale('x', { min, max });
      }
    } finally {
      this.#syncing = false;
    }
  };

  add(u: uPlot): void {
    this.#charts.add(u);
    if (this.#zoom) {
      this.#syncing = true;
      try {
        u.setScale('x', this.#zoom);
      } finally {
        this.#syncing = false;
      }
    }
  }

  remove(u: uPlot): void {
    this.#charts.delete(u);
  }

  setData(u: uPlot, data: uPlot.AlignedData): void {
    u.setData(data, this.#zoom === null);
  }
}
