import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

/** Renders the app into `root`, replacing the field index.html drew (see main.tsx). */
export function boot(root: HTMLElement): void {
  // A transition: the first render yields to the browser every few milliseconds, so the drawn
  // field keeps taking keys until the commit replaces it (search/first-paint-field.ts).
  startTransition(() =>
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
}
