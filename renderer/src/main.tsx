import { afterNextPaint } from './search/after-next-paint';
import { restoreIntoDrawnField } from './search/first-paint-field';
import { lastSearch } from './search/last-search';

/**
 * index.html draws the search field (search/first-paint-field.ts); this entry puts the last
 * search into it at once. The app's code runs once that is painted, so the desktop window
 * (shown on ready-to-show) opens on a field, and in pieces with the browser's turn between
 * them: React, then the app, whose first render is a transition that yields every few
 * milliseconds (boot.tsx). Keys typed meanwhile land in the field at once instead of waiting
 * behind one long script (issue #13: start → a usable search field).
 */
const painted = () =>
  new Promise<void>((resolve) => {
    // A page opened hidden (a background tab) paints nothing until shown: it starts at once.
    if (document.visibilityState === 'visible') afterNextPaint(resolve);
    else resolve();
  });
const browsersTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

restoreIntoDrawnField(lastSearch.read());

const root = document.getElementById('root');
if (root) {
  void (async () => {
    await painted();
    await import('react-dom/client');
    await browsersTurn();
    const { boot } = await import('./boot');
    boot(root);
  })();
}
