// Injected before the real dashboard's scripts (playwright addInitScript) for the end-to-end
// half of bench:client: the probe, the arrival time of every /live message, and the moment both
// stream charts have drawn and that frame has painted. It adds listeners; the page's own code
// runs unchanged.
import { afterPaint, Probe } from './probe.ts';

interface UplotLike { hooks: { draw?: Array<() => void> } }
type Host = HTMLElement & { uplot?: UplotLike };

export interface E2eMarks {
  /** performance.now() of each /live message, before the page's handler runs. */
  messages: Array<{ at: number; kind: string; bytes: number }>;
  chartsBuiltAt: number | null;
  chartsDrawnAt: number | null;
  chartsPaintedAt: number | null;
}

const marks: E2eMarks = { messages: [], chartsBuiltAt: null, chartsDrawnAt: null, chartsPaintedAt: null };
const probe = new Probe();

// A listener added in the constructor runs before the `onmessage` the page assigns later.
const Native = window.WebSocket;
window.WebSocket = class extends Native {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    this.addEventListener('message', (ev: MessageEvent) => {
      const text = typeof ev.data === 'string' ? ev.data : '';
      marks.messages.push({ at: performance.now(), kind: /"type":"(\w+)"/.exec(text.slice(0, 40))?.[1] ?? '?', bytes: text.length });
    });
  }
};

// The stream page builds both charts in one frame; the mutation callback runs before their
// first draw (uPlot draws in a microtask), so the draw hooks catch it.
const watch = new MutationObserver(() => {
  const hosts = ['sales', 'signals'].map((n) => document.querySelector(`[data-chart="${n}"]`) as Host | null);
  if (!hosts.every((h) => h?.uplot)) return;
  watch.disconnect();
  marks.chartsBuiltAt = performance.now();
  let pending = hosts.length;
  for (const h of hosts) {
    const hooks = h!.uplot!.hooks;
    let first = true;
    (hooks.draw ??= []).push(() => {
      if (!first) return;
      first = false;
      if (--pending > 0) return;
      marks.chartsDrawnAt = performance.now();
      void afterPaint(true).then((t) => (marks.chartsPaintedAt = t));
    });
  }
});
watch.observe(document, { childList: true, subtree: true });

declare global {
  interface Window { kpProbe: { probe: Probe; marks: E2eMarks } }
}
window.kpProbe = { probe, marks };
