import type { ReactNode } from 'react';

/** A file name with the parts that matched the search marked (ranges from the name index). */
export function HighlightedName({ name, matches }: { name: string; matches: ReadonlyArray<readonly [number, number]> | undefined }) {
  if (!matches?.length) return <>{name}</>;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of matches) {
    if (start < at || end > name.length || start >= end) continue;
    if (start > at) parts.push(name.slice(at, start));
    parts.push(<mark key={start}>{name.slice(start, end)}</mark>);
    at = end;
  }
  parts.push(name.slice(at));
  return <>{parts}</>;
}
