import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The top of an admin page: the way back, the title, and the page's own actions. A page
 * appearing is a change of view, so its heading takes the focus (keyboard and screen-reader
 * users start at the top); pages load lazily, so this happens here rather than in the App.
 */
export function PageHeader({
  back,
  onBack,
  title,
  children,
}: {
  back: string;
  onBack: () => void;
  title: ReactNode;
  children?: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <header className="page-header">
      <button type="button" className="button-quiet" onClick={onBack}>
        ← {back}
      </button>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </header>
  );
}
