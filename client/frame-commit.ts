// Merges bursts of updates into one redraw per animation frame: callers mark the view dirty as
// often as they like; `flush` runs once on the next frame (uPlot's own commit() idea).

export function frameCommit(flush: () => void): { mark(): void; cancel(): void } {
  let handle: number | null = null;
  return {
    mark() {
      if (handle !== null) return;
      handle = requestAnimationFrame(() => {
        handle = null;
        flush();
      });
    },
    cancel() {
      if (handle !== null) cancelAnimationFrame(handle);
      handle = null;
    },
  };
}
