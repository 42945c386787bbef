import type { FolderEntry } from '../../../preload/contract';

/** Where browsing is: a connection and the folders opened from its top level down. */
export interface BrowseLocation {
  connectionId: string;
  trail: readonly FolderEntry[];
}

/** Back and forward through the folders visited, as a file browser keeps them. */
export interface BrowseHistory {
  entries: readonly BrowseLocation[];
  index: number;
}

export function startBrowsing(connectionId: string): BrowseHistory {
  return { entries: [{ connectionId, trail: [] }], index: 0 };
}

export function currentLocation(history: BrowseHistory): BrowseLocation {
  const location = history.entries[history.index];
  if (!location) throw new Error('empty browse history');
  return location;
}

/** Going somewhere new drops what was ahead of the current place (as Back then a click does). */
export function visit(history: BrowseHistory, location: BrowseLocation): BrowseHistory {
  const entries = [...history.entries.slice(0, history.index + 1), location];
  return { entries, index: entries.length - 1 };
}

export function openFolder(history: BrowseHistory, folder: FolderEntry): BrowseHistory {
  const here = currentLocation(history);
  return visit(history, { connectionId: here.connectionId, trail: [...here.trail, folder] });
}

/** A breadcrumb: the first `depth` folders of the trail (0 is the connection's top level). */
export function openCrumb(history: BrowseHistory, depth: number): BrowseHistory {
  const here = currentLocation(history);
  if (depth >= here.trail.length) return history;
  return visit(history, { connectionId: here.connectionId, trail: here.trail.slice(0, depth) });
}

export const canGoBack = (history: BrowseHistory) => history.index > 0;
export const canGoForward = (history: BrowseHistory) => history.index < history.entries.length - 1;
export const goBack = (history: BrowseHistory): BrowseHistory => (canGoBack(history) ? { ...history, index: history.index - 1 } : history);
export const goForward = (history: BrowseHistory): BrowseHistory =>
  canGoForward(history) ? { ...history, index: history.index + 1 } : history;

/** The folder to list: the last one opened, or the connection's top level. */
export const folderIdOf = (location: BrowseLocation): string | undefined => location.trail.at(-1)?.id;
