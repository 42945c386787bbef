import { useEffect, useState } from 'react';
import { afterNextPaint } from './after-next-paint';

/**
 * When a tile asks for its thumbnail. One this page has shown is in the browser's memory
 * cache: asked for at once, it paints in its tile's first frame (`decoding="sync"`). Any
 * other comes from main, which started fetching a search's first thumbnails when it
 * answered (main/media/thumbnail-warmup.ts): asked for once the tiles are painted, it
 * arrives no later, and its request (made in the task that draws the results, ten of them
 * held that frame back 5–8 ms) no longer stands before the results on screen.
 */
const shown = new Set<string>();
/** The browser's memory cache forgets too: one forgotten here only waits for the paint, as a new one does. */
const shownLimit = 5_000;

export function markThumbnailShown(url: string): void {
  if (shown.size >= shownLimit) shown.clear();
  shown.add(url);
}

// One task for every tile of a screen: their requests start together, in one render.
const waiting = new Set<() => void>();
let cancelFlush: (() => void) | undefined;

function afterTilesPainted(request: () => void): () => void {
  waiting.add(request);
  cancelFlush ??= afterNextPaint(() => {
    cancelFlush = undefined;
    const requests = [...waiting];
    waiting.clear();
    for (const run of requests) run();
  });
  return () => void waiting.delete(request);
}

/** The `src` for a tile's thumbnail: `url`, at once or once the tile has been painted. */
export function useThumbnailSrc(url: string): string | undefined {
  const [requested, setRequested] = useState<string | undefined>();
  const src = requested === url || shown.has(url) ? url : undefined;
  useEffect(() => {
    if (src === undefined) return afterTilesPainted(() => setRequested(url));
  }, [src, url]);
  return src;
}
