import type { AppErrorShape, AuthState, SearchHit, SearchPageResult } from '../../../preload/contract';
import { errorCodes } from '../../../preload/error-codes';

/** One page of one connection's results; the renderer's `call('search.connection')`. */
export type SearchPage = (connectionId: string, text: string, cursor: string | undefined, signal: AbortSignal) => Promise<SearchPageResult>;

export type ConnectionStatus =
  | { status: 'searching' }
  | {
      status: 'done';
      /** Results received so far. */
      count: number;
      total?: number;
      /** `total` is a lower bound ("1,000+"). */
      totalAtLeast?: boolean;
      nextCursor?: string;
      loadingMore: boolean;
      /** A later page failed; what arrived before stays on screen. */
      pageError?: AppErrorShape;
      /** The connection lists nothing for an empty query: there is no count to show. */
      notListed?: boolean;
    }
  | { status: 'needs-sign-in' }
  | { status: 'error'; error: AppErrorShape };

export interface SearchTarget {
  id: string;
  auth: AuthState;
}

export interface FederatedSnapshot {
  text: string;
  statuses: Readonly<Record<string, ConnectionStatus>>;
  /** Every result so far, in arrival order: each provider's ranking, pages appended as they land. */
  hits: readonly SearchHit[];
  /** `hits` are the previous query's, kept on screen until the new one's first answer (see `staleMs`). */
  stale?: boolean;
}

/**
 * How long the previous query's results stay on screen while no connection has answered
 * the new one. Clearing the grid at every keystroke made it flash empty and be built again
 * from nothing (a layout and a paint) just before the answer, a few ms later, built it again.
 */
export const staleMs = 300;

/**
 * How long a quiet start (see `update`) keeps the screen as it was when no connection has
 * answered: the name index answers in a few ms, a provider in hundreds.
 */
export const quietMs = 50;

interface Run {
  controller: AbortController;
  auth: AuthState;
}

interface Chunk {
  connectionId: string;
  hits: SearchHit[];
}

export interface FederatedSearchOptions {
  searchPage: SearchPage;
  isCancelled(error: unknown): boolean;
  toError(error: unknown): AppErrorShape;
}

/**
 * Searches several connections at once, framework-free so it can be tested without a DOM.
 * Each connection's results land as soon as they arrive and never wait for the others; a
 * failing connection only changes its own status. A new query aborts every request of
 * the previous one (the AbortSignal travels to main and on to the provider's HTTP
 * request), and a response that arrives anyway after being superseded is dropped.
 */
export class FederatedSearch {
  private text: string | undefined;
  private readonly runs = new Map<string, Run>();
  private statuses: Record<string, ConnectionStatus> = {};
  private chunks: Chunk[] = [];
  private snapshot: FederatedSnapshot = { text: '', statuses: {}, hits: [] };
  /** The previous query's results while the new one has no answer yet. */
  private stale: { hits: readonly SearchHit[]; timer: ReturnType<typeof setTimeout> } | undefined;
  /** A quiet start's caller, told just before its search is first shown. */
  private reveal: { shown: () => void; timer: ReturnType<typeof setTimeout> } | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: FederatedSearchOptions) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): FederatedSnapshot => this.snapshot;

  /**
   * Sets the query and the connections to search. Only what changed is (re)started: a
   * chip turned off drops that connection's results without searching the others again.
   *
   * With `shown`, a new query starts quietly: the snapshot stays as it was until the first
   * answer (or `quietMs`), and `shown` is called just before that snapshot goes out, so the
   * caller's own change (the panel's query) lands in the same render. A fast answer so moves
   * the screen once, from the old results to the new, instead of rendering and painting a
   * "searching" state a few ms before the answer replaces it. A later query drops it.
   */
  update(text: string, targets: readonly SearchTarget[], shown?: () => void): void {
    if (text !== this.text) {
      this.dropReveal();
      this.abortAll();
      this.keepStale();
      this.text = text;
      this.statuses = {};
      this.chunks = [];
      for (const target of targets) this.start(target);
      if (shown) this.reveal = { shown, timer: setTimeout(() => this.emit(), quietMs) };
      else this.emit();
      return;
    }
    const wanted = new Map(targets.map((t) => [t.id, t]));
    let changed = false;
    for (const id of [...this.runs.keys()]) {
      if (wanted.has(id)) continue;
      this.drop(id);
      changed = true;
    }
    for (const target of targets) {
      const run = this.runs.get(target.id);
      // Signing in (or out) changes what the connection can return: search it again.
      if (run && run.auth === target.auth) continue;
      this.start(target);
      changed = true;
    }
    // The same query and connections again (the panel's effect after a search begun from the
    // input event) change nothing: a new snapshot would only render the panel once more.
    if (changed) this.emit();
  }

  /** Fetches the next page of every connection that has one (or of one connection). */
  loadMore(connectionId?: string): void {
    const ids = connectionId ? [connectionId] : Object.keys(this.statuses);
    let changed = false;
    for (const id of ids) changed = this.loadNextPage(id) || changed;
    if (changed) this.emit();
  }

  /** Searches one connection again (after an error, say), leaving the others alone. */
  retry(target: SearchTarget): void {
    this.start(target);
    this.emit();
  }

  /** Aborts everything in flight (the panel unmounting). */
  dispose(): void {
    this.dropReveal();
    this.dropStale();
    this.abortAll();
    this.text = undefined;
    this.statuses = {};
    this.chunks = [];
  }

  private start(target: SearchTarget): void {
    const text = this.text ?? '';
    this.runs.get(target.id)?.controller.abort();
    const controller = new AbortController();
    this.runs.set(target.id, { controller, auth: target.auth });
    if (target.auth === 'needs-sign-in') {
      this.dropResults(target.id);
      this.statuses = { ...this.statuses, [target.id]: { status: 'needs-sign-in' } };
      return;
    }
    this.statuses = { ...this.statuses, [target.id]: { status: 'searching' } };
    this.options.searchPage(target.id, text, undefined, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        this.dropStale();
        // A connection searched again (a change reached its index, a retry) keeps its results
        // on screen until the new ones replace them: emptied at once, its tiles were built
        // again from nothing, and a drag or a hover that had begun on one was lost.
        this.dropResults(target.id);
        this.chunks.push({ connectionId: target.id, hits: page.hits });
        this.setStatus(target.id, doneStatus(page, page.hits.length));
      },
      (error: unknown) => {
        if (controller.signal.aborted || this.options.isCancelled(error)) return;
        this.dropStale();
        this.dropResults(target.id);
        const shape = this.options.toError(error);
        this.setStatus(target.id, shape.code === errorCodes.needsSignIn ? { status: 'needs-sign-in' } : { status: 'error', error: shape });
      },
    );
  }

  private loadNextPage(id: string): boolean {
    const status = this.statuses[id];
    const run = this.runs.get(id);
    if (!run || status?.status !== 'done' || !status.nextCursor || status.loadingMore) return false;
    const { controller } = run;
    this.statuses = { ...this.statuses, [id]: { ...status, loadingMore: true, pageError: undefined } };
    this.options.searchPage(id, this.text ?? '', status.nextCursor, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        this.chunks.push({ connectionId: id, hits: page.hits });
        this.setStatus(id, doneStatus(page, status.count + page.hits.length));
      },
      (error: unknown) => {
        if (controller.signal.aborted || this.options.isCancelled(error)) return;
        this.setStatus(id, { ...status, loadingMore: false, pageError: this.options.toError(error) });
      },
    );
    return true;
  }

  private dropResults(id: string): void {
    this.chunks = this.chunks.filter((c) => c.connectionId !== id);
  }

  private drop(id: string): void {
    this.runs.get(id)?.controller.abort();
    this.runs.delete(id);
    this.dropResults(id);
    this.statuses = Object.fromEntries(Object.entries(this.statuses).filter(([key]) => key !== id));
  }

  /** Keeps what is on screen (the new query's first answer replaces it, or `staleMs` clears it). */
  private keepStale(): void {
    const hits = this.stale?.hits ?? this.snapshot.hits;
    this.dropStale();
    if (hits.length === 0) return;
    const timer = setTimeout(() => {
      this.stale = undefined;
      this.emit();
    }, staleMs);
    this.stale = { hits, timer };
  }

  private dropStale(): void {
    if (this.stale) clearTimeout(this.stale.timer);
    this.stale = undefined;
  }

  private dropReveal(): void {
    if (this.reveal) clearTimeout(this.reveal.timer);
    this.reveal = undefined;
  }

  private abortAll(): void {
    for (const run of this.runs.values()) run.controller.abort();
    this.runs.clear();
  }

  private setStatus(id: string, status: ConnectionStatus): void {
    this.statuses = { ...this.statuses, [id]: status };
    this.emit();
  }

  private emit(): void {
    const reveal = this.reveal;
    this.dropReveal();
    reveal?.shown();
    // The same item can come back on two pages when the provider's listing shifts: show it once.
    const seen = new Set<string>();
    const hits: SearchHit[] = [];
    for (const chunk of this.chunks) {
      for (const hit of chunk.hits) {
        if (seen.has(hit.key)) continue;
        seen.add(hit.key);
        hits.push(hit);
      }
    }
    this.snapshot = this.stale
      ? { text: this.text ?? '', statuses: this.statuses, hits: this.stale.hits, stale: true }
      : { text: this.text ?? '', statuses: this.statuses, hits };
    for (const listener of this.listeners) listener();
  }
}

function doneStatus(page: SearchPageResult, count: number): ConnectionStatus {
  return {
    status: 'done',
    count,
    loadingMore: false,
    ...(page.total !== undefined ? { total: page.total } : {}),
    ...(page.totalAtLeast ? { totalAtLeast: true } : {}),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    ...(page.notListed ? { notListed: true } : {}),
  };
}
