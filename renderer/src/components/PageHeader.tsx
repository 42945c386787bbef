import type { ReactNode } from 'react';

/** The top of an admin page: the way back, the title, and the page's own actions. */
export function PageHeader({ back, onBack, title, children }: { back: string; onBack: () => void; title: ReactNode; children?: ReactNode }) {
  return (
    <header className="page-header">
      <button type="button" className="button-quiet" onClick={onBack}>
        ← {back}
      </button>
      <h1>{title}</h1>
      {children}
    </header>
  );
}
