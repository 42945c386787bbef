import { randomUUID } from 'node:crypto';
import { lstat, realpath } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import watcher from '@parcel/watcher';
import { isImageName } from '../../../preload/image-types';
import { CursorExpiredError, type IndexChange, type IndexedItem, type IndexSource } from '../../index/index-source';
import { walkImages } from './folder-walk';

/** Items per crawl page (as Box's `limit=1000`): one journal record each. */
const pageSize = 1000;
/** Changes arriving together (a folder copied in) are applied as one batch. */
const settleMs = 200;

type WatchEvent = { type: 'create' | 'update' | 'delete'; path: string };

/**
 * A local folder for the name index: the first walk (folder-walk.ts: unreadable folders
 * skipped and counted, links never followed, so link loops cannot happen), then
 * @parcel/watcher (chosen over chokidar by test/bench/watchers.ts: one native recursive
 * watch instead of a watch per folder). The watch starts before the walk, so nothing
 * changed during the walk is missed; after a restart the cursor belongs to another
 * session and the folder is walked again (cheap locally, and it catches what changed
 * while Skyhook was closed).
 */
export function createLocalIndexSource(root: string): IndexSource {
  const session = randomUUID();
  const pending: WatchEvent[] = [];
  let wake: (() => void) | undefined;
  let watching: Promise<{ realRoot: string; stop(): Promise<void> }> | undefined;

  const startWatching = () => {
    watching ??= (async () => {
      const realRoot = await realpath(root);
      const subscription = await watcher.subscribe(realRoot, (error, events) => {
        if (error) return;
        pending.push(...events);
        wake?.();
      });
      return { realRoot, stop: () => subscription.unsubscribe() };
    })();
    return watching;
  };
  const stopWatching = async () => {
    const current = watching;
    watching = undefined;
    pending.length = 0;
    await (await current?.catch(() => undefined))?.stop();
  };

  return {
    async startCursor() {
      await startWatching();
      return `${session}:start`;
    },

    async crawl(_checkpoint, onPage, signal) {
      const { realRoot } = await startWatching();
      try {
        const { files, skipped } = await walkImages(realRoot, signal);
        for (let i = 0; i < files.length || i === 0; i += pageSize) {
          const batch = files.slice(i, i + pageSize);
          const items = (await Promise.all(batch.map((f) => itemAt(realRoot, f.id)))).filter((x): x is IndexedItem => x !== undefined);
          signal.throwIfAborted();
          await onPage({ items, ...(i === 0 && skipped ? { skipped } : {}) });
        }
      } catch (error) {
        await stopWatching();
        throw error;
      }
      return `${session}:live`;
    },

    async follow(cursor, onChanges, signal) {
      if (!cursor.startsWith(`${session}:`)) throw new CursorExpiredError('a local folder is walked again after a restart');
      const { realRoot } = await startWatching();
      const stop = () => wake?.();
      signal.addEventListener('abort', stop, { once: true });
      try {
        while (!signal.aborted) {
          if (pending.length === 0) await new Promise<void>((resolve) => (wake = resolve));
          if (signal.aborted) break;
          await new Promise((resolve) => setTimeout(resolve, settleMs));
          const events = pending.splice(0);
          const changes = await changesFor(realRoot, events, signal);
          if (changes.length > 0) await onChanges(changes, cursor);
        }
      } finally {
        signal.removeEventListener('abort', stop);
        await stopWatching();
      }
    },
  };
}

const toId = (realRoot: string, path: string) => relative(realRoot, path).split(sep).join('/');
const hidden = (id: string) => id.split('/').some((part) => part.startsWith('.'));

async function itemAt(realRoot: string, id: string): Promise<IndexedItem | undefined> {
  try {
    const info = await lstat(join(realRoot, ...id.split('/')));
    if (!info.isFile()) return undefined;
    const folder = id.includes('/') ? id.slice(0, id.lastIndexOf('/')) : '';
    return {
      id,
      name: basename(id),
      parentId: folder,
      path: folder || '/',
      size: info.size,
      modifiedAt: info.mtime.toISOString(),
      version: `${info.mtimeMs}:${info.size}`,
    };
  } catch {
    // Gone between listing and reading: simply not an item.
    return undefined;
  }
}

/** What a burst of watcher events means for the index. */
async function changesFor(realRoot: string, events: WatchEvent[], signal: AbortSignal): Promise<IndexChange[]> {
  const changes: IndexChange[] = [];
  const paths = [...new Set(events.map((e) => e.path))];
  for (const path of paths) {
    const id = toId(realRoot, path);
    if (!id || id.startsWith('..') || hidden(id)) continue;
    const info = await lstat(path).catch(() => undefined);
    if (!info) {
      // Deleted or moved away: a file or a folder, the event does not say which.
      changes.push({ type: 'remove', id }, { type: 'remove-folder', folderId: id });
    } else if (info.isFile() && isImageName(path)) {
      const item = await itemAt(realRoot, id);
      if (item) changes.push({ type: 'upsert', item });
    } else if (info.isDirectory()) {
      // A folder moved or copied in: everything inside it is new.
      const { files } = await walkImages(path, signal).catch(() => ({ files: [] }));
      for (const file of files) {
        const item = await itemAt(realRoot, toId(realRoot, join(path, ...file.id.split('/'))));
        if (item) changes.push({ type: 'upsert', item });
      }
    }
  }
  return changes;
}
