import { isImageName, nameMatches } from '../../../preload/image-types';
import type { FolderListing, ProviderHit, ProviderPage } from '../provider';
import { drivePath, itemRef, type DriveItem, type DriveItemPage, type ItemMemory } from './drive-item';
import type { FolderScope } from './folder-scope';
import type { GraphClient } from './graph-client';

const selectFields = ['id', 'name', 'size', 'file', 'image', 'lastModifiedDateTime', 'parentReference', 'webUrl'];
export const searchPageSize = 100;

/** `it's` → `it''s`, then URL-encoded: Graph's OData string literal inside `search(q='…')`. */
export function searchLiteral(text: string): string {
  return encodeURIComponent(text.replace(/'/g, "''"));
}

export interface SearchScope {
  parentFolderId?: string;
  includeShared?: boolean;
}

/**
 * The first page's URL. A parent folder narrows the search to that folder (and wins over
 * "shared with me", whose items by definition live outside it); otherwise the drive root,
 * or the whole drive plus what others shared when asked.
 */
export function searchPath(text: string, scope: SearchScope): string {
  const q = `search(q='${searchLiteral(text)}')`;
  const where = scope.parentFolderId
    ? `/me/drive/items/${encodeURIComponent(scope.parentFolderId)}/${q}`
    : scope.includeShared
      ? `/me/drive/${q}`
      : `/me/drive/root/${q}`;
  const fields = scope.includeShared && !scope.parentFolderId ? [...selectFields, 'remoteItem'] : selectFields;
  return `${where}?$select=${fields.join(',')}&$expand=thumbnails&$top=${searchPageSize}`;
}

/** A drive item is the same file for every connection that reaches its drive (search results carry parentReference.driveId). */
export function graphFileKey(item: DriveItem): string | undefined {
  const driveId = item.parentReference?.driveId;
  return driveId ? `graph:${driveId}:${item.id}` : undefined;
}

/** Graph names the type in file.mimeType; the extension decides when it does not. */
function isImage(item: DriveItem, name: string): boolean {
  if (!item.file) return false;
  return item.file.mimeType?.startsWith('image/') === true || isImageName(name);
}

/** `/drive/root:/Pictures/2024` → `Pictures/2024`. */
function locationOf(item: DriveItem, shared: boolean): string | undefined {
  if (shared) return 'Shared with you';
  const path = item.parentReference?.path;
  if (path !== undefined) return drivePath(path).replace(/^\//, '') || 'OneDrive';
  return item.parentReference?.name;
}

/**
 * Graph search over one drive, reduced to what Skyhook promises: images whose file NAME
 * contains the text. Graph also matches content and metadata, so its hits are filtered here.
 */
export class DriveSearch {
  constructor(
    private readonly graph: GraphClient,
    private readonly memory: ItemMemory,
    private readonly scope: SearchScope,
    private readonly folder: FolderScope | undefined,
  ) {}

  async page(query: string, cursor: string | undefined, signal: AbortSignal): Promise<ProviderPage> {
    if (query === '') return { hits: [], notListed: true };
    // The cursor is Graph's @odata.nextLink, followed verbatim once checked to be on our Graph host.
    const url = cursor ? this.graph.resolve(cursor) : searchPath(query, this.scope);
    const page = await this.graph.json<DriveItemPage>(url, this.scope.parentFolderId ? 'folder' : 'search', signal);

    const candidates = (page.value ?? []).filter((item) => {
      const file = item.remoteItem ?? item;
      const name = file.name ?? item.name ?? '';
      return isImage(file, name) && nameMatches(name, query);
    });
    const kept = this.folder ? await this.folder.filter(candidates, signal) : candidates;

    const hits = kept.map((item) => this.hitOf(item));
    const next = page['@odata.nextLink'];
    return next ? { hits, nextCursor: next } : { hits };
  }

  /**
   * One folder as designers browse it (`/items/{id}/children`; the connection's parent
   * folder, or the drive root, when undefined): subfolders and the images directly in it.
   */
  async children(folderId: string | undefined, cursor: string | undefined, signal: AbortSignal): Promise<FolderListing> {
    const start = folderId ?? this.scope.parentFolderId;
    const base = start ? `/me/drive/items/${encodeURIComponent(start)}/children` : '/me/drive/root/children';
    const url = cursor
      ? this.graph.resolve(cursor)
      : `${base}?$select=${[...selectFields, 'folder'].join(',')}&$expand=thumbnails&$top=200`;
    const page = await this.graph.json<DriveItemPage>(url, 'folder', signal);
    const items = page.value ?? [];
    const folders = items.flatMap((item) => (item.folder ? [{ id: item.id, name: item.name ?? item.id }] : []));
    const hits = items.filter((item) => isImage(item, item.name ?? '')).map((item) => this.hitOf(item));
    const next = page['@odata.nextLink'];
    return next ? { folders, hits, nextCursor: next } : { folders, hits };
  }

  /** The person's own drive, learnt from the first result of it: index answers carry bare item IDs. */
  private ownDriveId: string | undefined;

  /** SearchHit.fileKey for an item reference (`driveId:itemId` for shared items). */
  fileKey(ref: string): string | undefined {
    const split = ref.indexOf(':');
    if (split > 0) return `graph:${ref}`;
    return this.ownDriveId ? `graph:${this.ownDriveId}:${ref}` : undefined;
  }

  private hitOf(item: DriveItem): ProviderHit {
    const remote = item.remoteItem;
    const file: DriveItem = remote ? { ...item, ...remote, thumbnails: remote.thumbnails ?? item.thumbnails } : item;
    const ref = itemRef(file.id, remote ? remote.parentReference?.driveId : undefined);
    const known = this.memory.remember(ref, file);
    const hit: ProviderHit = { id: ref, name: known.name };
    if (!remote && file.parentReference?.driveId) this.ownDriveId = file.parentReference.driveId;
    const fileKey = graphFileKey(file);
    if (fileKey) hit.fileKey = fileKey;
    if (file.size !== undefined) hit.size = file.size;
    if (file.lastModifiedDateTime) hit.modifiedAt = file.lastModifiedDateTime;
    if (file.image?.width) hit.width = file.image.width;
    if (file.image?.height) hit.height = file.image.height;
    const location = locationOf(file, remote !== undefined);
    if (location) hit.location = location;
    return hit;
  }
}
