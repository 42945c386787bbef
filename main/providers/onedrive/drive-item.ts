/** The parts of Graph's driveItem Skyhook reads (GD resources/driveitem.md). */
export interface ItemReference {
  driveId?: string;
  driveType?: string;
  id?: string;
  name?: string;
  /** `/drive/root:/Pictures/2024`; search results often leave it out. */
  path?: string;
}

export interface Thumbnail {
  url?: string;
  width?: number;
  height?: number;
}

export interface ThumbnailSet {
  id?: string;
  small?: Thumbnail;
  medium?: Thumbnail;
  large?: Thumbnail;
}

export interface DriveItem {
  id: string;
  name?: string;
  size?: number;
  lastModifiedDateTime?: string;
  webUrl?: string;
  file?: { mimeType?: string };
  folder?: { childCount?: number };
  image?: { width?: number; height?: number };
  parentReference?: ItemReference;
  /** Present on items shared from another drive. */
  remoteItem?: DriveItem;
  thumbnails?: ThumbnailSet[];
}

export interface DriveItemPage {
  value?: DriveItem[];
  '@odata.nextLink'?: string;
}

/**
 * Skyhook's ID for an item: the Graph ID for items of the user's own drive, and
 * `driveId:itemId` for items shared from another drive (Graph IDs never contain ':').
 */
export function itemRef(itemId: string, remoteDriveId?: string): string {
  return remoteDriveId ? `${remoteDriveId}:${itemId}` : itemId;
}

/** The Graph path of an item reference, below /v1.0. */
export function itemPath(ref: string): string {
  const split = ref.indexOf(':');
  if (split < 0) return `/me/drive/items/${encodeURIComponent(ref)}`;
  return `/drives/${encodeURIComponent(ref.slice(0, split))}/items/${encodeURIComponent(ref.slice(split + 1))}`;
}

/**
 * A parentReference.path relative to its drive: `/drive/root:/A/B` and `/drives/{id}/root:/A/B`
 * → `/A/B`, the root → ``. Graph hands out both encoded and plain forms.
 */
export function drivePath(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Not encoded after all.
  }
  return decoded.replace(/^\/drives?(?:\/[^/]+)?\/root:/, '').replace(/\/+$/, '');
}

/** Largest first: media resizes down, and a crisp HiDPI tile needs more than 176 px. */
export function thumbnailUrlOf(item: DriveItem): string | undefined {
  const set = item.thumbnails?.[0];
  return set?.large?.url ?? set?.medium?.url ?? set?.small?.url;
}

export interface KnownItem {
  name: string;
  webUrl?: string;
  thumbnailUrl?: string;
}

/**
 * What search told us about recent items (name, web page, thumbnail URL), so thumbnails,
 * downloads and "Open original" need no extra Graph call. Bounded: least recently used go first.
 */
export class ItemMemory {
  private readonly items = new Map<string, KnownItem>();

  constructor(private readonly capacity = 5000) {}

  get(ref: string): KnownItem | undefined {
    const item = this.items.get(ref);
    if (item) {
      this.items.delete(ref);
      this.items.set(ref, item);
    }
    return item;
  }

  remember(ref: string, item: DriveItem): KnownItem {
    const known: KnownItem = { name: item.name ?? ref };
    if (item.webUrl) known.webUrl = item.webUrl;
    const thumbnailUrl = thumbnailUrlOf(item);
    if (thumbnailUrl) known.thumbnailUrl = thumbnailUrl;
    this.items.delete(ref);
    this.items.set(ref, known);
    if (this.items.size > this.capacity) {
      const oldest = this.items.keys().next().value;
      if (oldest !== undefined) this.items.delete(oldest);
    }
    return known;
  }

  clear(): void {
    this.items.clear();
  }
}
