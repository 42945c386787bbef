import { AppError } from '../../shared/app-error';
import { drivePath, type DriveItem, type ItemReference } from './drive-item';
import type { GraphClient } from './graph-client';

/** The path of a folder as its own children see it in parentReference.path. */
function pathOfFolder(folder: DriveItem): string {
  const parentPath = folder.parentReference?.path;
  return parentPath === undefined ? '' : `${drivePath(parentPath)}/${folder.name ?? ''}`;
}

const select = '$select=id,name,folder,parentReference';

/**
 * Keeps only search results that really are inside the connection's parent folder. Graph's
 * folder-scoped search on OneDrive for Business can return items from elsewhere in the
 * drive (microsoft-graph-docs-contrib#5338, onedrive-api-docs#1265), so each result's
 * parent is checked by ID, then by path; search results often omit the path, so a
 * parent's path is looked up once and remembered.
 */
export class FolderScope {
  // Only settled answers are kept: an in-flight lookup belongs to one search's signal.
  private folder: { driveId?: string; path: string } | undefined;
  private readonly parentPaths = new Map<string, string | undefined>();

  constructor(
    private readonly graph: GraphClient,
    readonly folderId: string,
  ) {}

  /** The folder itself: fails with a `folder` step error when it is missing or not a folder. */
  async describe(signal: AbortSignal): Promise<{ driveId?: string; path: string }> {
    if (this.folder) return this.folder;
    const folder = await this.graph.json<DriveItem>(`/me/drive/items/${encodeURIComponent(this.folderId)}?${select}`, 'folder', signal);
    if (!folder.folder) {
      throw new AppError({
        code: 'not_a_folder',
        message: `The parent folder ID names a file ("${folder.name ?? this.folderId}"), not a folder.`,
        fix: 'Copy the ID of the folder that holds the images, or clear the Parent folder ID.',
        step: 'folder',
      });
    }
    this.folder = { ...(folder.parentReference?.driveId ? { driveId: folder.parentReference.driveId } : {}), path: pathOfFolder(folder) };
    return this.folder;
  }

  async filter(items: DriveItem[], signal: AbortSignal): Promise<DriveItem[]> {
    if (items.length === 0) return items;
    const folder = await this.describe(signal);
    const lookups = new Map<string, Promise<string | undefined>>();
    const inside = await Promise.all(
      items.map(async (item) => {
        const parent = item.parentReference;
        if (!parent) return false;
        if (folder.driveId && parent.driveId && parent.driveId !== folder.driveId) return false;
        if (parent.id === this.folderId) return true;
        const path = parent.path !== undefined ? drivePath(parent.path) : await this.parentPath(parent, lookups, signal);
        return path !== undefined && (path === folder.path || path.startsWith(folder.path + '/'));
      }),
    );
    return items.filter((_, index) => inside[index]);
  }

  private async parentPath(
    parent: ItemReference,
    lookups: Map<string, Promise<string | undefined>>,
    signal: AbortSignal,
  ): Promise<string | undefined> {
    if (!parent.id) return undefined;
    const key = `${parent.driveId ?? ''}:${parent.id}`;
    if (this.parentPaths.has(key)) return this.parentPaths.get(key);
    let lookup = lookups.get(key);
    if (!lookup) {
      const where = parent.driveId
        ? `/drives/${encodeURIComponent(parent.driveId)}/items/${encodeURIComponent(parent.id)}`
        : `/me/drive/items/${encodeURIComponent(parent.id)}`;
      lookup = this.graph.json<DriveItem>(`${where}?${select}`, 'item', signal).then(pathOfFolder, (error: unknown) => {
        // A parent that vanished since the search cannot contain the result.
        if (error instanceof AppError && error.code === 'item_not_found') return undefined;
        throw error;
      });
      lookups.set(key, lookup);
    }
    const path = await lookup;
    if (this.parentPaths.size >= 1000) this.parentPaths.clear();
    this.parentPaths.set(key, path);
    return path;
  }
}
