import { isImageName } from '../../../preload/image-types';
import type { IndexChange, IndexedItem } from '../../index/index-source';

/** The parts of a Box file or folder the index reads (from folder listings and event sources). */
export interface BoxItemJson {
  type?: string;
  id?: string;
  name?: string;
  size?: number;
  modified_at?: string;
  etag?: string | null;
  file_version?: { id?: string } | null;
  path_collection?: { entries?: Array<{ id?: string; name?: string }> } | null;
  item_status?: string;
}

export interface BoxEventJson {
  event_id?: string;
  event_type?: string;
  source?: BoxItemJson | null;
}

/** What one event asks of the index: direct changes, or a folder whose contents must be listed again. */
export type EventPlan = { kind: 'change'; change: IndexChange } | { kind: 'relist'; folderId: string; path: string };

/** Shown for files directly in All Files, as search results show them. */
export const rootLabel = 'All Files';

export function joinPath(parent: string, name: string): string {
  return parent ? `${parent} / ${name}` : name;
}

/** A listed or evented image file as the index keeps it; undefined for anything else. */
export function indexedFile(entry: BoxItemJson, parentId: string, folderPath: string): IndexedItem | undefined {
  if (entry.type !== 'file' || !entry.id || !entry.name || !isImageName(entry.name)) return undefined;
  const item: IndexedItem = { id: entry.id, name: entry.name, parentId, path: folderPath || rootLabel };
  if (typeof entry.size === 'number') item.size = entry.size;
  if (entry.modified_at) item.modifiedAt = new Date(entry.modified_at).toISOString();
  const version = entry.etag ?? entry.file_version?.id;
  if (version) item.version = version;
  return item;
}

/**
 * Where an event's item now sits relative to the connection's root folder: its parent and
 * the folder path below All Files, or undefined when it is outside the root (moved out,
 * or never inside). Box's path_collection runs from All Files to the parent.
 */
function placeOf(source: BoxItemJson, rootFolderId: string): { parentId: string; path: string } | undefined {
  const chain = source.path_collection?.entries ?? [];
  const parent = chain.at(-1);
  if (!parent?.id) return undefined;
  if (rootFolderId !== '0' && !chain.some((entry) => entry.id === rootFolderId)) return undefined;
  const path = chain
    .filter((entry) => entry.id !== '0')
    .map((entry) => entry.name ?? entry.id ?? '')
    .join(' / ');
  return { parentId: parent.id, path };
}

const removals = new Set(['ITEM_TRASH', 'ITEM_DELETE']);

/**
 * Maps one event of the `changes` stream. Files: trash → remove; upload, rename, move,
 * copy, restore, new collaboration → upsert (or remove when it left the root or is no
 * longer an image). Folders: trash or moved out → remove-folder; anything else → list the
 * folder again, since Box sends no events for what a renamed or moved folder contains.
 */
export function planEvent(event: BoxEventJson, rootFolderId: string): EventPlan[] {
  const source = event.source;
  if (!source?.id || (source.type !== 'file' && source.type !== 'folder')) return [];
  const gone = removals.has(event.event_type ?? '') || source.item_status === 'trashed' || source.item_status === 'deleted';
  const place = gone ? undefined : placeOf(source, rootFolderId);
  if (source.type === 'folder') {
    if (source.id === rootFolderId && !gone) return [];
    if (!place) return [{ kind: 'change', change: { type: 'remove-folder', folderId: source.id } }];
    return [{ kind: 'relist', folderId: source.id, path: joinPath(place.path, source.name ?? source.id) }];
  }
  const item = place ? indexedFile(source, place.parentId, place.path) : undefined;
  return [{ kind: 'change', change: item ? { type: 'upsert', item } : { type: 'remove', id: source.id } }];
}
