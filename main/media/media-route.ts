import type { ConnectionRegistry } from '../connections/registry';
import { AppError } from '../shared/app-error';
import type { MediaCache } from './media-cache';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `thumb/<connectionId>/<encoded item id>`, the path both media URLs end with. */
export function thumbnailPath(connectionId: string, itemId: string): string {
  return `thumb/${connectionId}/${encodeURIComponent(itemId)}`;
}

/**
 * Resolves a media request (from the `skyhook-media://` protocol or the bridge's
 * `/media/` route) to a file on disk. The connection ID is checked against the saved
 * ones; the item ID is the provider's to validate.
 */
export async function resolveThumbnail(
  path: string,
  registry: ConnectionRegistry,
  media: MediaCache,
  signal: AbortSignal,
): Promise<string> {
  const match = /^thumb\/([^/]+)\/([^/]+)$/.exec(path);
  const connectionId = match?.[1];
  const encodedItem = match?.[2];
  if (!connectionId || !encodedItem || !uuid.test(connectionId)) {
    throw new AppError({ code: 'not_found', message: 'No such media.' });
  }
  const itemId = decodeURIComponent(encodedItem);
  return media.thumbnail(connectionId, itemId, registry.provider(connectionId), signal);
}
