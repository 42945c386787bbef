import type { ConnectionSummary } from '../../../preload/contract';
import { serviceAccountOf } from './designer-words';
import type { EmptyKind } from './EmptyState';
import type { ConnectionStatus } from './federated-search';
import { formatAtLeast, formatCount } from './format';
import { typeLabels, type TypeFilter } from './result-order';

/** What the search panel shows besides the grid, worked out from plain data (no React). */
export interface PanelFacts {
  /** Connections that exist (undefined while they load). */
  connections: readonly ConnectionSummary[] | undefined;
  enabled: readonly ConnectionSummary[];
  /** Enabled and not left out with their chip. */
  searched: readonly ConnectionSummary[];
  statuses: Readonly<Record<string, ConnectionStatus | undefined>>;
  /** What is in the field, and the query that was (or is being) searched. */
  typed: string;
  query: string;
  /** Results from every connection, and how many of them the type filter keeps. */
  hits: number;
  shown: number;
  type: TypeFilter;
  /** The hits are the previous query's, until the new one answers. */
  stale?: boolean;
}

export interface SearchProgress {
  searching: boolean;
  loadingMore: boolean;
  moreAvailable: boolean;
}

export function searchProgress(f: Pick<PanelFacts, 'searched' | 'statuses' | 'typed' | 'query'>): SearchProgress {
  const done = f.searched.map((c) => f.statuses[c.id]).filter((s) => s?.status === 'done');
  return {
    // Typing ahead of the debounce counts as searching: the results on screen are about to change.
    searching:
      f.typed.trim() !== f.query || f.searched.some((c) => f.statuses[c.id] === undefined || f.statuses[c.id]?.status === 'searching'),
    loadingMore: done.some((s) => s.loadingMore),
    moreAvailable: done.some((s) => s.nextCursor !== undefined),
  };
}

/** Which empty state replaces the grid, or undefined when the grid (or its skeleton) shows. */
export function emptyState(f: PanelFacts, progress: SearchProgress): EmptyKind | undefined {
  if (!f.connections) return undefined;
  // Connections that exist but are all turned off are not the same as none at all.
  if (f.enabled.length === 0) return f.connections.length > 0 ? { kind: 'all-disabled' } : { kind: 'no-connections' };
  if (f.searched.length === 0) return { kind: 'all-off' };
  if (f.hits === 0) {
    if (progress.searching) return undefined;
    const failed = (c: ConnectionSummary) => ['error', 'needs-sign-in'].includes(f.statuses[c.id]?.status ?? '');
    if (f.searched.every(failed)) return { kind: 'failed' };
    if (!f.query) return { kind: 'type-to-search' };
    // A service account sees only what is shared with it: name it, so folders can be shared.
    const shareWith = f.searched.flatMap((c) => {
      const account = serviceAccountOf(c);
      return account ? [{ connection: c.name, account }] : [];
    });
    return {
      kind: 'no-results',
      text: f.query,
      cloud: f.searched.some((c) => c.kind !== 'local'),
      ...(shareWith.length ? { shareWith } : {}),
    };
  }
  if (f.shown === 0) return { kind: 'filtered-out', hidden: f.hits, typeLabel: typeLabels[f.type] };
  return undefined;
}

/** The line above the grid: "12 of 340 images named like “sun”". */
export function resultSummary(f: PanelFacts, progress: SearchProgress): string {
  if (f.hits === 0 || f.stale) return progress.searching ? 'Searching…' : '';
  // What the connections say they have, when more than has arrived (paging loads the rest).
  const reported = f.searched.reduce((sum, c) => {
    const s = f.statuses[c.id];
    return sum + (s?.status === 'done' ? (s.total ?? s.count) : 0);
  }, 0);
  // A name index counts a common word only so far ("1,000+").
  const atLeast = f.searched.some((c) => {
    const s = f.statuses[c.id];
    return s?.status === 'done' && s.totalAtLeast === true;
  });
  const of = f.type !== 'all' ? f.hits : progress.moreAvailable && reported > f.hits ? reported : undefined;
  const filtered = of === undefined ? '' : ` of ${atLeast && of === reported ? formatAtLeast(of) : formatCount(of)}`;
  const noun = f.shown === 1 && !filtered ? 'image' : 'images';
  const total = formatCount(f.shown);
  if (!f.query) return `${total}${filtered} ${noun} — type to narrow them down by file name`;
  return `${total}${filtered} ${noun} named like “${f.query}”${progress.searching ? ' — still searching…' : ''}`;
}

/** The grid's last line: "That is all 40 images." once nothing more can load. */
export function gridFooter(shown: number, progress: SearchProgress): string {
  if (progress.loadingMore) return 'Loading more…';
  return !progress.moreAvailable && shown > 24 ? `That is all ${formatCount(shown)} images.` : '';
}
