// Page-side instruments of bench:client: long tasks (PerformanceObserver 'longtask', buffered),
// the gap between animation frames, and "after this frame has painted" timing. All times are
// the page's performance.now().

export interface WindowFigures {
  ms: number;
  longTasks: number;
  longTaskMaxMs: number;
  longTaskTotalMs: number;
  frames: number;
  maxFrameGapMs: number;
  /** Frames that came more than 50 ms after the one before. */
  gapsOver50: number;
}

export class Probe {
  readonly #tasks: Array<{ start: number; duration: number }> = [];
  readonly #frames: number[] = [];
  readonly #observer: PerformanceObserver;

  constructor() {
    this.#observer = new PerformanceObserver((list) => this.#take(list.getEntries()));
    this.#observer.observe({ type: 'longtask', buffered: true });
    // A frame loop of our own, so a frame exists (and its gap is seen) even when the page is idle.
    const loop = (ts: number) => {
      this.#frames.push(ts);
      requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
  }

  #take(entries: PerformanceEntryList): void {
    for (const e of entries) this.#tasks.push({ start: e.startTime, duration: e.duration });
  }

  /** The long tasks that started in [from, to). */
  tasks(from: number, to: number): Array<{ start: number; duration: number }> {
    this.#take(this.#observer.takeRecords());
    return this.#tasks.filter((t) => t.start >= from && t.start < to);
  }

  /** Long tasks that started in [from, to) and the frame gaps inside it. */
  window(from: number, to = performance.now()): WindowFigures {
    const tasks = this.tasks(from, to);
    const frames = this.#frames.filter((f) => f >= from && f < to);
    let maxGap = 0, over50 = 0;
    for (let i = 1; i < frames.length; i++) {
      const gap = frames[i]! - frames[i - 1]!;
      maxGap = Math.max(maxGap, gap);
      if (gap > 50) over50++;
    }
    return {
      ms: to - from,
      longTasks: tasks.length,
      longTaskMaxMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
      longTaskTotalMs: tasks.reduce((s, t) => s + t.duration, 0),
      frames: frames.length,
      maxFrameGapMs: maxGap,
      gapsOver50: over50,
    };
  }
}

/**
 * Resolves with performance.now() once the current frame (style, layout, paint) is done: a
 * message posted from inside a frame callback runs as the next task after the frame's
 * rendering; called outside one, it first waits for the next frame.
 */
export function afterPaint(insideFrame: boolean): Promise<number> {
  return new Promise((resolve) => {
    const post = () => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => resolve(performance.now());
      ch.port2.postMessage(0);
    };
    if (insideFrame) post();
    else requestAnimationFrame(post);
  });
}

/** Quantiles of a sample (nearest rank). */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}
