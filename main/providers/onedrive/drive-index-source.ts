import { isImageName } from '../../../preload/image-types';
import { abortableSleep } from '../../http/retrying-fetch';
import {
  CursorExpiredError,
  type CrawlCheckpoint,
  type CrawlPage,
  type IndexChange,
  type IndexSource,
  type IndexedItem,
} from '../../index/index-source';
import { AppError } from '../../shared/app-error';
import { asWaitRequest } from '../index-feed';
import { drivePath, type DriveItem } from './drive-item';
import type { FolderScope } from './folder-scope';
import type { GraphClient } from './graph-client';

/** What delta reports; `deleted` marks removed items, `root` the drive's root folder. */
interface DeltaItem extends DriveItem {
  eTag?: string;
  deleted?: Record<string, unknown>;
  root?: Record<string, unknown>;
}

interface DeltaPage {
  value?: DeltaItem[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

interface KnownFolder {
  name: string;
  parentId?: string;
  /** Drive-relative path when it came from a direct lookup (delta never sends paths). */
  path?: string;
}

export interface DriveIndexDeps {
  graph: GraphClient;
  /** The connection's Parent folder, when it is limited to one. */
  folder?: FolderScope;
  /** How often the delta link is polled while the app runs (poke() polls at once). */
  pollIntervalMs?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
}

/** Only what an index entry needs (plus `root`, to recognise the drive's root folder). */
export const deltaSelect = 'id,name,size,lastModifiedDateTime,eTag,parentReference,file,folder,deleted,root';
/** Matches the search results' location for files at the top of the drive. */
const driveRootLabel = 'OneDrive';

/**
 * Feeds the name index from OneDrive with Graph delta on the drive root or the Parent
 * folder: the first round of pages is the crawl (its checkpoint is the nextLink, its
 * cursor the deltaLink); later rounds, polled every `pollIntervalMs` and on poke(), are the
 * changes. Delta sends no paths (a renamed folder would make every descendant's stale),
 * so folder names are kept as they pass by and unknown parents are looked up once; when a
 * known folder is renamed or moved, its contents are listed again with a delta of that
 * folder. A 410 (resyncRequired) means a fresh crawl.
 */
export class DriveIndexSource implements IndexSource {
  private readonly folders = new Map<string, KnownFolder>();
  /** The drive's root folder ID, learnt from the first item without a parent. */
  private rootId: string | undefined;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private wake: (() => void) | undefined;
  private poked = false;

  constructor(private readonly deps: DriveIndexDeps) {
    this.sleep = deps.sleep ?? abortableSleep;
    this.now = deps.now ?? Date.now;
  }

  startCursor(): Promise<undefined> {
    return Promise.resolve(undefined);
  }

  async crawl(checkpoint: CrawlCheckpoint | undefined, onPage: (page: CrawlPage) => Promise<void>, signal: AbortSignal): Promise<string> {
    let url = checkpoint ?? this.startPath();
    for (;;) {
      let page: DeltaPage;
      try {
        page = await this.fetch(url, signal);
      } catch (error) {
        // A round interrupted long enough to expire starts over, as the docs say.
        if (!(error instanceof CursorExpiredError) || url === this.startPath()) throw error;
        url = this.startPath();
        continue;
      }
      const changes = await this.changesOf(page.value ?? [], false, signal);
      const items = changes.flatMap((change) => (change.type === 'upsert' ? [change.item] : []));
      const next = page['@odata.nextLink'];
      if (next) {
        await onPage({ items, checkpoint: next });
        url = next;
        continue;
      }
      await onPage({ items });
      const deltaLink = page['@odata.deltaLink'];
      if (!deltaLink)
        throw new AppError({ code: 'unexpected_response', message: 'OneDrive ended the list of files without a delta link.' });
      return deltaLink;
    }
  }

  async follow(cursor: string, onChanges: (changes: IndexChange[], cursor: string) => Promise<void>, signal: AbortSignal): Promise<void> {
    let link = cursor;
    for (;;) {
      for (;;) {
        const page = await this.fetch(link, signal);
        const changes = await this.changesOf(page.value ?? [], true, signal);
        const next = page['@odata.nextLink'] ?? page['@odata.deltaLink'];
        if (!next) throw new AppError({ code: 'unexpected_response', message: 'OneDrive ended the list of changes without a link.' });
        if (changes.length > 0 || next !== link) await onChanges(changes, next);
        link = next;
        if (!page['@odata.nextLink']) break;
      }
      await this.pause(signal);
    }
  }

  poke(): void {
    this.poked = true;
    this.wake?.();
  }

  private startPath(): string {
    const where = this.deps.folder ? `/me/drive/items/${encodeURIComponent(this.deps.folder.folderId)}` : '/me/drive/root';
    return `${where}/delta?$select=${deltaSelect}`;
  }

  private async pause(signal: AbortSignal): Promise<void> {
    if (this.poked) {
      this.poked = false;
      return;
    }
    const woken = new Promise<void>((resolve) => (this.wake = resolve));
    try {
      await Promise.race([this.sleep(this.deps.pollIntervalMs ?? 30_000, signal), woken]);
    } finally {
      this.wake = undefined;
      this.poked = false;
    }
    if (signal.aborted) throw signal.reason;
  }

  private async fetch(url: string, signal: AbortSignal): Promise<DeltaPage> {
    try {
      return await this.deps.graph.json<DeltaPage>(url, this.deps.folder ? 'folder' : 'drive', signal);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (error instanceof AppError && error.code === 'resync_required')
        throw new CursorExpiredError('OneDrive no longer has changes from this delta link.');
      throw asWaitRequest(error, this.now);
    }
  }

  /**
   * One page as index changes. Folders are noted first, since a page may list a folder
   * after what it holds. `live` (following, not crawling): a known folder that was renamed
   * or moved has its images listed again; files that are no longer images are removed.
   */
  private async changesOf(entries: DeltaItem[], live: boolean, signal: AbortSignal): Promise<IndexChange[]> {
    const relist: string[] = [];
    for (const entry of entries) {
      if (!entry.folder || entry.deleted) continue;
      if (entry.root || !entry.parentReference?.id) {
        this.rootId = entry.id;
        continue;
      }
      const before = this.folders.get(entry.id);
      const name = entry.name ?? entry.id;
      this.folders.set(entry.id, { name, parentId: entry.parentReference.id });
      if (live && before && (before.name !== name || before.parentId !== entry.parentReference.id)) relist.push(entry.id);
    }
    const changes: IndexChange[] = [];
    for (const entry of entries) {
      if (entry.deleted) {
        if (entry.folder) this.folders.delete(entry.id);
        changes.push(entry.folder ? { type: 'remove-folder', folderId: entry.id } : { type: 'remove', id: entry.id });
        continue;
      }
      if (!entry.file) continue;
      const name = entry.name ?? '';
      const image = entry.file.mimeType?.startsWith('image/') === true || isImageName(name);
      const parentId = entry.parentReference?.id;
      if (!image || !parentId) {
        if (live) changes.push({ type: 'remove', id: entry.id });
        continue;
      }
      changes.push({ type: 'upsert', item: await this.indexed(entry, parentId, signal) });
    }
    for (const folderId of relist) changes.push(...(await this.listAgain(folderId, signal)));
    return changes;
  }

  private async indexed(entry: DeltaItem, parentId: string, signal: AbortSignal): Promise<IndexedItem> {
    const item: IndexedItem = {
      id: entry.id,
      name: entry.name ?? entry.id,
      parentId,
      path: (await this.pathOf(parentId, signal)) || driveRootLabel,
    };
    if (entry.size !== undefined) item.size = entry.size;
    if (entry.lastModifiedDateTime) item.modifiedAt = entry.lastModifiedDateTime;
    if (entry.eTag) item.version = entry.eTag;
    return item;
  }

  /** Drive-relative folder path ("Pictures/2024"; "" for the root), as search results show it. */
  private async pathOf(folderId: string, signal: AbortSignal, depth = 0): Promise<string> {
    if (folderId === this.rootId || depth > 64) return '';
    let folder = this.folders.get(folderId);
    if (!folder) {
      folder = await this.lookUp(folderId, signal);
      if (!folder) return '';
    }
    if (folder.path !== undefined) return folder.path;
    const parent = folder.parentId ? await this.pathOf(folder.parentId, signal, depth + 1) : '';
    return parent ? `${parent}/${folder.name}` : folder.name;
  }

  /** A folder delta has not shown (a resumed crawl, a restart): Graph's item answer carries its path. */
  private async lookUp(folderId: string, signal: AbortSignal): Promise<KnownFolder | undefined> {
    let item: DriveItem;
    try {
      item = await this.deps.graph.json<DriveItem>(
        `/me/drive/items/${encodeURIComponent(folderId)}?$select=id,name,parentReference,root`,
        'item',
        signal,
      );
    } catch (error) {
      if (error instanceof AppError && error.code === 'item_not_found') return undefined;
      throw asWaitRequest(error, this.now);
    }
    if (!item.parentReference?.id) {
      this.rootId = item.id;
      return { name: '', path: '' };
    }
    const parentPath = item.parentReference.path !== undefined ? drivePath(item.parentReference.path).replace(/^\//, '') : undefined;
    const name = item.name ?? folderId;
    const known: KnownFolder = {
      name,
      parentId: item.parentReference.id,
      ...(parentPath !== undefined ? { path: parentPath ? `${parentPath}/${name}` : name } : {}),
    };
    this.folders.set(folderId, known);
    return known;
  }

  /** Everything below a renamed or moved folder, with its new paths (a fresh delta of that folder). */
  private async listAgain(folderId: string, signal: AbortSignal): Promise<IndexChange[]> {
    const changes: IndexChange[] = [];
    let url: string | undefined = `/me/drive/items/${encodeURIComponent(folderId)}/delta?$select=${deltaSelect}`;
    while (url) {
      const page = await this.fetch(url, signal);
      const entries = (page.value ?? []).filter((entry) => entry.id !== folderId);
      for (const change of await this.changesOf(entries, false, signal)) if (change.type === 'upsert') changes.push(change);
      url = page['@odata.nextLink'];
    }
    return changes;
  }
}
