import type { ConnectionRegistry } from '../connections/registry';
import { AppError } from '../shared/app-error';
import type { MediaCache } from './media-cache';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A grid tile's thumbnail or the preview pane's larger rendition. */
export type MediaRendition = 'thumb' | 'preview';

/** Where an `<img>` finds a rendition: a custom protocol in the app, a bridge path in the browser. */
export type MediaUrl = (rendition: MediaRendition, connectionId: string, itemId: string) => string;

/** `<rendition>/<connectionId>/<encoded item id>`, the path every media URL ends with. */
export function mediaPath(rendition: MediaRendition, connectionId: string, itemId: string): string {
  return `${rendition}/${connectionId}/${encodeURIComponent(itemId)}`;
}

/**
 * Resolves a media request (from the `skyhook-media://` protocol or the bridge's
 * `/media/` route) to a file on disk: `thumb/…` for grid tiles, `preview/…` for the
 * preview pane. The connection ID is checked against the saved ones; the item ID is the
 * provider's to validate.
 */
export async function resolveMedia(path: string, registry: ConnectionRegistry, media: MediaCache, signal: AbortSignal): Promise<string> {
  const match = /^(thumb|preview)\/([^/]+)\/([^/]+)$/.exec(path);
  const kind = match?.[1];
  const connectionId = match?.[2];
  const encodedItem = match?.[3];
  if (!kind || !connectionId || !encodedItem || !uuid.test(connectionId)) {
    throw new AppError({ code: 'not_found', message: 'No such media.' });
  }
  const itemId = decodeURIComponent(encodedItem);
  const provider = registry.provider(connectionId);
  return kind === 'preview'
    ? media.preview(connectionId, itemId, provider, signal)
    : media.thumbnail(connectionId, itemId, provider, signal);
}
