import { useId, useSyncExternalStore } from 'react';
import { dragPrefs, saveDataRequested } from './drag-prefs';

/** The drag settings inside the cache options: what is downloaded ahead, and what a drag of an unready result carries. */
export function DragPrefsFields() {
  const id = useId();
  const prefs = useSyncExternalStore(dragPrefs.subscribe, dragPrefs.get);
  const lowData = saveDataRequested();
  return (
    <fieldset className="field">
      <legend>Dragging</legend>
      <label htmlFor={`${id}-prefetch`}>
        <input
          id={`${id}-prefetch`}
          type="checkbox"
          checked={prefs.prefetchVisible && !lowData}
          disabled={lowData}
          onChange={(e) => dragPrefs.set({ prefetchVisible: e.target.checked })}
        />{' '}
        Download the originals of results on screen ahead of a drag
      </label>
      <p className="field-hint">
        {lowData
          ? 'Off: this computer asks to save data (metered or low-data connection).'
          : 'Turn off on a metered or low-data connection.'}
      </p>
      <label htmlFor={`${id}-preview`}>
        <input
          id={`${id}-preview`}
          type="checkbox"
          checked={prefs.previewWhileDownloading}
          onChange={(e) => dragPrefs.set({ previewWhileDownloading: e.target.checked })}
        />{' '}
        While an original downloads, drag its large preview instead (named “… (preview).webp”)
      </label>
    </fieldset>
  );
}
