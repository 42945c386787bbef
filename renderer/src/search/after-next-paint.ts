/**
 * Runs `work` once the next frame is painted (the first task after the next animation
 * frame); returns a cancel. For what a new screen of results leads to but need not hold up
 * (prefetch planning, saving the query): in a React effect after a store update it would
 * otherwise run, and render again, before the browser paints the results.
 */
export function afterNextPaint(work: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(work, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
