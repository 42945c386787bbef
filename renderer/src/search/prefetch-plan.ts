/**
 * Which originals of the results on screen to fetch ahead of a drag, framework-free so the
 * budget can be tested without a DOM. The person drags what they look at, so the most
 * visible results go first; the budget bounds what one screenful may cost.
 */
export interface PrefetchBudget {
  /** A larger original is left for the drag itself (or the hover that announces it). */
  maxFileBytes: number;
  /** Bytes one search may fetch ahead in all (finished + under way). */
  maxTotalBytes: number;
  /** Downloads at once: few, so the most visible arrives at nearly the full speed of the link. */
  maxConcurrent: number;
}

/** One at a time: the most visible result gets the whole link, so it is the first ready. */
export const defaultPrefetchBudget: PrefetchBudget = { maxFileBytes: 30 * 1024 * 1024, maxTotalBytes: 200 * 1024 * 1024, maxConcurrent: 1 };

export interface PrefetchCandidate {
  key: string;
  /** Bytes of the original when the provider said; unknown sizes count as the per-file maximum. */
  size?: number;
}

export interface PrefetchState {
  /** Keys being fetched now, with the bytes they count for. */
  running: ReadonlyMap<string, number>;
  /** Keys already on disk, failed, or otherwise not to be fetched again in this search. */
  settled: ReadonlySet<string>;
  /** Bytes of the prefetches of this search that finished. */
  spentBytes: number;
}

export interface PrefetchStep {
  start: PrefetchCandidate[];
  /** Running prefetches whose result left the screen: cancelled, their bytes no longer needed. */
  cancel: string[];
}

/**
 * `visible` is most visible first. While a search is in flight, or when prefetching is off,
 * nothing starts (the search's own requests go first); what left the screen is cancelled.
 */
export function planPrefetch(
  visible: readonly PrefetchCandidate[],
  state: PrefetchState,
  budget: PrefetchBudget,
  paused: boolean,
): PrefetchStep {
  const onScreen = new Set(visible.map((c) => c.key));
  const cancel = [...state.running.keys()].filter((key) => !onScreen.has(key));
  if (paused) return { start: [], cancel };
  let running = state.running.size - cancel.length;
  let committed = state.spentBytes + [...state.running].filter(([key]) => onScreen.has(key)).reduce((sum, [, bytes]) => sum + bytes, 0);
  const start: PrefetchCandidate[] = [];
  for (const candidate of visible) {
    if (running >= budget.maxConcurrent) break;
    if (state.running.has(candidate.key) || state.settled.has(candidate.key)) continue;
    const bytes = candidate.size ?? budget.maxFileBytes;
    if (bytes > budget.maxFileBytes) continue;
    if (committed + bytes > budget.maxTotalBytes) continue;
    start.push(candidate);
    committed += bytes;
    running++;
  }
  return { start, cancel };
}
