/**
 * The person's drag settings, kept in this browser profile (they are about this computer's
 * network and this person's habit, not about a connection):
 *  - `prefetchVisible`: fetch the originals of the results on screen ahead of a drag.
 *  - `previewWhileDownloading`: a drag of a result still downloading carries the large
 *    preview ("<name> (preview).webp") instead of nothing.
 */
export interface DragPrefs {
  prefetchVisible: boolean;
  previewWhileDownloading: boolean;
}

const storageKey = 'skyhook.dragPrefs';
const defaults: DragPrefs = { prefetchVisible: true, previewWhileDownloading: false };
const listeners = new Set<() => void>();
let current: DragPrefs | undefined;

function read(): DragPrefs {
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey) ?? '{}') as Partial<Record<keyof DragPrefs, unknown>>;
    return {
      prefetchVisible: typeof saved.prefetchVisible === 'boolean' ? saved.prefetchVisible : defaults.prefetchVisible,
      previewWhileDownloading:
        typeof saved.previewWhileDownloading === 'boolean' ? saved.previewWhileDownloading : defaults.previewWhileDownloading,
    };
  } catch {
    return defaults;
  }
}

export const dragPrefs = {
  get: (): DragPrefs => (current ??= read()),
  set(change: Partial<DragPrefs>): void {
    current = { ...dragPrefs.get(), ...change };
    try {
      localStorage.setItem(storageKey, JSON.stringify(current));
    } catch {
      // Storage full or blocked: the setting holds for this session.
    }
    for (const listener of listeners) listener();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

type NetworkInformation = EventTarget & { saveData?: boolean };
let saveData: boolean | undefined;

/**
 * The browser's "Data Saver" / metered hint, where it has one (Chromium:
 * navigator.connection.saveData). Read once, then again on the connection's change events:
 * reading `navigator.connection` took ~0.2 ms, and the panel asks at every render.
 */
export function saveDataRequested(): boolean {
  if (saveData === undefined) {
    const connection = (navigator as Navigator & { connection?: NetworkInformation }).connection;
    saveData = connection?.saveData === true;
    connection?.addEventListener('change', () => {
      saveData = connection.saveData === true;
    });
  }
  return saveData;
}
