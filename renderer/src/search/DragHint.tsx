import { useEffect, useState } from 'react';
import { call } from '../api/client';

/**
 * The first-run hint that results are meant to be dragged out. It shows until closed
 * once; the choice is kept in settings, so it never comes back on this computer.
 */
export function DragHint() {
  const [show, setShow] = useState(false);
  useEffect(() => {
    void call('panel.prefs', {}).then(
      (prefs) => setShow(!prefs.dragHintDismissed),
      () => undefined,
    );
  }, []);
  if (!show) return null;
  // Remembered in settings, so the hint stays gone after a restart; a failed save only means it shows again.
  const dismiss = () => {
    setShow(false);
    void call('panel.dismissHint', { hint: 'drag' }).catch(() => undefined);
  };
  return (
    <section className="drag-hint" aria-label="Tip">
      <p>
        <strong>Drag any image onto Figma, Photoshop, Keynote…</strong> It arrives as the original file. Shift or Ctrl-click to pick several
        and drag them together.
      </p>
      <button type="button" className="button-small" onClick={dismiss}>
        Got it
      </button>
    </section>
  );
}
