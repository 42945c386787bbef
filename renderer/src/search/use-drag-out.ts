import { useCallback, useEffect, useRef, useState } from 'react';
import type { DragEvent } from 'react';
import type { PrefetchResult, SearchHit } from '../../../preload/contract';
import { call, errorShape, startDrag } from '../api/client';
import { useEvent } from '../api/events';
import { dragPrefs } from './drag-prefs';

/** What a tile shows while its original is being fetched for a drag. */
export type TileActivity = { phase: 'preparing'; percent?: number } | { phase: 'ready' } | { phase: 'failed'; message: string };

const hoverIntentMs = 150;
const readyBadgeMs = 4000;

const refOf = (hit: SearchHit) => ({ connectionId: hit.connectionId, itemId: hit.itemId });
/** What main needs to name the file in a "not ready" notice and to name a dragged preview. */
const dragRefOf = (hit: SearchHit) => ({ ...refOf(hit), name: hit.name.slice(0, 255) || hit.itemId.slice(0, 255) });

/**
 * Drag-out as the OS needs it: the original must already be on disk when `dragstart`
 * fires, so it is fetched on hover or keyboard focus (after a short pause, so sweeping
 * across the grid downloads nothing) and at once on pointer-down. A drag that
 * starts before the file is ready shows progress on the tile; in the app the user drags
 * again once it says "Ready", in the browser bridge the drag completes by itself. Main has
 * the last word: a result it could not carry (`drag.notReady`, e.g. evicted since the page
 * heard it was ready) shows the same progress, whatever the page had guessed.
 */
export function useDragOut(onAnnounce: (text: string) => void) {
  const [activity, setActivity] = useState<Readonly<Record<string, TileActivity>>>({});
  const prefetches = useRef(new Map<string, Promise<PrefetchResult>>());
  const ready = useRef(new Set<string>());
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  const hover = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** Tiles a drag is waiting on, with the original's size for a percentage. */
  const waiting = useRef(new Map<string, number | undefined>());
  /** The results of the drag in progress, for main's `drag.notReady` about any of them. */
  const dragged = useRef(new Map<string, SearchHit>());

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending) clearTimeout(timer);
      clearTimeout(hover.current);
    };
  }, []);

  const later = useCallback((ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      run();
    }, ms);
    timers.current.add(timer);
  }, []);

  const setTile = useCallback((key: string, next: TileActivity | undefined) => {
    setActivity((all) => (next ? { ...all, [key]: next } : Object.fromEntries(Object.entries(all).filter(([k]) => k !== key))));
  }, []);

  const prefetch = useCallback((hit: SearchHit): Promise<PrefetchResult> => {
    const running = prefetches.current.get(hit.key);
    if (running) return running;
    const promise = call('item.prefetch', refOf(hit));
    prefetches.current.set(hit.key, promise);
    promise.then(
      () => ready.current.add(hit.key),
      // A failed prefetch is tried again on the next hover or drag.
      () => prefetches.current.delete(hit.key),
    );
    return promise;
  }, []);

  const hoverStart = useCallback(
    (hit: SearchHit) => {
      clearTimeout(hover.current);
      hover.current = setTimeout(() => void prefetch(hit).catch(() => undefined), hoverIntentMs);
    },
    [prefetch],
  );
  const hoverEnd = useCallback(() => clearTimeout(hover.current), []);
  const prefetchNow = useCallback((hit: SearchHit) => void prefetch(hit).catch(() => undefined), [prefetch]);

  /** An original arrived on disk by another way (the results-on-screen prefetch): its drag starts at once. */
  const markReady = useCallback((hit: SearchHit) => {
    ready.current.add(hit.key);
  }, []);

  useEvent('download.progress', (progress) => {
    const key = `${progress.connectionId}/${progress.itemId}`;
    if (progress.ready) ready.current.add(key);
    if (!waiting.current.has(key) || progress.ready || progress.error || ready.current.has(key)) return;
    const size = waiting.current.get(key);
    const percent = size ? Math.min(99, Math.round((progress.receivedBytes / size) * 100)) : undefined;
    setTile(key, { phase: 'preparing', ...(percent !== undefined ? { percent } : {}) });
  });

  /**
   * Never a silent nothing: the tile says at once that the original is still on its way,
   * shows its progress, and says when to drag again.
   */
  const showDownload = useCallback(
    (hit: SearchHit, previewWhileDownloading: boolean) => {
      setTile(hit.key, { phase: 'preparing' });
      onAnnounce(
        previewWhileDownloading
          ? `Dragging a preview of ${hit.name}; the original is still downloading.`
          : `${hit.name} is still downloading. Drag it again when it says Ready.`,
      );
      waiting.current.set(hit.key, hit.size);
      prefetch(hit)
        .finally(() => waiting.current.delete(hit.key))
        .then(
          () => {
            setTile(hit.key, { phase: 'ready' });
            onAnnounce(`${hit.name} is ready. Drag it again.`);
            later(readyBadgeMs, () => setTile(hit.key, undefined));
          },
          (error: unknown) => {
            const message = errorShape(error).message;
            setTile(hit.key, { phase: 'failed', message });
            onAnnounce(`${hit.name} could not be prepared: ${message}`);
            later(readyBadgeMs * 2, () => setTile(hit.key, undefined));
          },
        );
    },
    [later, onAnnounce, prefetch, setTile],
  );

  // Main could not carry a result the page thought was on disk: forget that guess (and the
  // settled prefetch behind it) and fetch it again, showing the download.
  useEvent('drag.notReady', ({ connectionId, itemId }) => {
    const key = `${connectionId}/${itemId}`;
    const hit = dragged.current.get(key);
    if (!hit || waiting.current.has(key)) return;
    ready.current.delete(key);
    prefetches.current.delete(key);
    // With the setting on, a preview of the dragged result went in its place.
    const [first] = dragged.current.keys();
    showDownload(hit, key === first && dragPrefs.get().previewWhileDownloading);
  });

  const dragStart = useCallback(
    (hit: SearchHit, event: DragEvent, others: readonly SearchHit[] = []) => {
      // The page's own drag would carry a URL; main starts the OS drag with the real files.
      event.preventDefault();
      const { previewWhileDownloading } = dragPrefs.get();
      dragged.current = new Map([hit, ...others].map((h) => [h.key, h]));
      startDrag({
        ...dragRefOf(hit),
        ...(others.length ? { others: others.map(dragRefOf) } : {}),
        ...(previewWhileDownloading ? { previewWhileDownloading } : {}),
      });
      // The rest of a selection travels with it once on disk: fetch whatever is not yet.
      for (const other of others) void prefetch(other).catch(() => undefined);
      if (others.length) onAnnounce(`Dragging ${others.length + 1} images.`);
      if (!ready.current.has(hit.key)) showDownload(hit, previewWhileDownloading);
    },
    [onAnnounce, prefetch, showDownload],
  );

  return { activity, prefetch, prefetchNow, hoverStart, hoverEnd, dragStart, markReady };
}
