import type { Provider } from '../providers/provider';
import type { MediaCache } from './media-cache';

/**
 * Results whose thumbnails main fetches as soon as a search answers: about a screenful of
 * tiles (six columns, four rows) in a laptop-sized window.
 */
export const warmThumbnailCount = 24;

/**
 * Starts the thumbnails of a search's first results in main, as soon as the provider has
 * answered, instead of when the renderer has drawn the tiles and asked for each one: the
 * tiles' requests then join fetches already under way or finished (the media cache shares
 * them), and a screenful costs one round trip, not one per six tiles (Chromium's
 * connections per host to the bridge). Only cloud thumbnails: a local one has no round
 * trip to save. A connection's next search stops the fetches of its previous one that no
 * tile has asked for.
 */
export class ThumbnailWarmup {
  private readonly current = new Map<string, AbortController>();

  constructor(private readonly media: Pick<MediaCache, 'thumbnail'>) {}

  /** A new search of `connectionId` began: its previous search's warm-up is superseded. */
  supersede(connectionId: string): void {
    this.current.get(connectionId)?.abort();
    this.current.delete(connectionId);
  }

  /** The first page of a search answered with `itemIds` (in the order the tiles show them). */
  start(connectionId: string, provider: Provider, itemIds: readonly string[]): void {
    this.supersede(connectionId);
    if (provider.localPath || itemIds.length === 0) return;
    const controller = new AbortController();
    this.current.set(connectionId, controller);
    // Once the answer has gone out: setting up two dozen fetches (cache lookups, requests) took
    // 1–4 ms, which the page waiting to draw the results would wait for too.
    setImmediate(() => {
      if (controller.signal.aborted) return;
      for (const itemId of itemIds.slice(0, warmThumbnailCount)) {
        // Failures show on the tile when it asks; a warm-up has no one to tell.
        void this.media.thumbnail(connectionId, itemId, provider, controller.signal).catch(() => undefined);
      }
    });
  }
}
