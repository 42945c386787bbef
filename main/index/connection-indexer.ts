import type { EventOf, IndexState } from '../../preload/contract';
import type { HostReplies, HostRequest } from './index-host';
import { freshMeta, type IndexMeta, type JournalEntry } from './index-files';
import { CursorExpiredError, WaitRequestedError, type IndexSource } from './index-source';

export type IndexStatus = EventOf<'index.status'>;

/** The worker, or anything that answers like it (tests drive an IndexHost directly). */
export interface IndexCalls {
  call<R extends HostRequest>(request: R): Promise<HostReplies[R['op']]>;
}

export interface IndexerDeps {
  connectionId: string;
  key: string;
  source: IndexSource;
  calls: IndexCalls;
  onStatus(status: IndexStatus): void;
  onChanged(): void;
  /** A saved index was unreadable and is being rebuilt: said once. */
  onProblem?(message: string): void;
  /** How long to wait before trying again after the n-th failure in a row. */
  retryDelayMs(attempt: number): number;
  now(): Date;
}

const nextEpoch = (epoch: number) => (epoch % 0xfffe) + 1;

/**
 * Keeps one connection's index: loads it, crawls what is missing (resuming from the saved
 * checkpoint), then follows changes until stopped. Every page and change batch is written
 * through the worker (journal first) before the source is asked for more, so a quit or a
 * crash resumes from the last one written.
 */
export class ConnectionIndexer {
  private meta: IndexMeta = freshMeta();
  private items = 0;
  private bytes = 0;
  private state: IndexState = 'loading';
  private message: string | undefined;
  private resumeAt: string | undefined;
  private readonly controller = new AbortController();
  private loaded = false;
  private done: Promise<void> | undefined;
  private finished = false;
  /** Ends the current wait early (set while the loop sleeps). */
  private wake: (() => void) | undefined;

  constructor(private readonly deps: IndexerDeps) {}

  start(): void {
    this.done ??= this.run()
      .catch(() => undefined)
      .finally(() => (this.finished = true));
  }

  /** After a failure, tries again now instead of after the delay. False once the indexer has given up. */
  retryNow(): boolean {
    if (this.finished) return false;
    if (this.state === 'failed') this.wake?.();
    return true;
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.done;
  }

  /** Loaded in the worker: it can be queried (complete or not). */
  get queryable(): boolean {
    return this.loaded;
  }

  /** Complete and being kept current: its answers need no provider search beside them. */
  get authoritative(): boolean {
    return this.loaded && this.meta.complete && (this.state === 'live' || this.state === 'up-to-date');
  }

  status(): IndexStatus {
    return {
      connectionId: this.deps.connectionId,
      state: this.state,
      items: this.items,
      ...(this.meta.skipped ? { skipped: this.meta.skipped } : {}),
      ...(this.resumeAt ? { resumeAt: this.resumeAt } : {}),
      ...(this.message ? { message: this.message } : {}),
      bytes: this.bytes,
    };
  }

  private get signal(): AbortSignal {
    return this.controller.signal;
  }

  private setState(state: IndexState, extra: { message?: string; resumeAt?: string } = {}): void {
    this.state = state;
    this.message = extra.message;
    this.resumeAt = extra.resumeAt;
    this.deps.onStatus(this.status());
  }

  private async write(entry: Omit<JournalEntry, 'meta'>, meta: IndexMeta): Promise<boolean> {
    this.signal.throwIfAborted();
    const reply = await this.deps.calls.call({ op: 'write', key: this.deps.key, entry: { ...entry, meta } });
    this.meta = meta;
    this.items = reply.items;
    this.bytes = reply.bytes;
    return reply.changed;
  }

  private async run(): Promise<void> {
    this.setState('loading');
    let opened: HostReplies['open'];
    try {
      opened = await this.deps.calls.call({ op: 'open', key: this.deps.key });
    } catch (error) {
      if (!this.signal.aborted) this.setState('failed', { message: reasonOf(error) });
      return;
    }
    this.meta = opened.meta;
    this.items = opened.items;
    this.bytes = opened.bytes;
    this.loaded = true;
    // Said once: the next status replaces it.
    const rebuilt = opened.problem ? `The saved index could not be used (${opened.problem}); building it again.` : undefined;
    if (rebuilt) this.deps.onProblem?.(rebuilt);
    if (opened.items > 0) this.deps.onChanged();
    let failures = 0;
    while (!this.signal.aborted) {
      try {
        if (!this.meta.complete || this.meta.crawl) await this.crawl(rebuilt);
        failures = 0;
        await this.follow();
        // The feed ended by itself (a watcher closed): follow again after a pause.
        await this.sleep(this.deps.retryDelayMs(1));
      } catch (error) {
        if (this.signal.aborted) return;
        if (error instanceof CursorExpiredError) {
          // Too old to follow (Box stream reset, Graph 410): crawl afresh, keeping what is known meanwhile.
          const restart: IndexMeta = { ...this.meta, complete: false };
          delete restart.cursor;
          await this.write({}, restart);
          continue;
        }
        if (error instanceof WaitRequestedError) {
          this.setState('paused', { resumeAt: error.until.toISOString() });
          await this.sleep(error.until.getTime() - this.deps.now().getTime());
          continue;
        }
        failures++;
        this.setState('failed', { message: reasonOf(error) });
        await this.sleep(this.deps.retryDelayMs(failures));
      }
    }
  }

  private async crawl(notice: string | undefined): Promise<void> {
    const { source } = this.deps;
    this.setState('indexing', notice ? { message: notice } : {});
    if (!this.meta.crawl) {
      const startCursor = await source.startCursor(this.signal);
      const epoch = this.items > 0 ? nextEpoch(this.meta.epoch) : this.meta.epoch;
      await this.write({}, { ...this.meta, complete: false, crawl: startCursor ? { startCursor } : {}, epoch, skipped: 0 });
    }
    const endCursor = await source.crawl(
      this.meta.crawl?.checkpoint,
      async (page) => {
        const crawl = { ...this.meta.crawl };
        if (page.checkpoint) crawl.checkpoint = page.checkpoint;
        else delete crawl.checkpoint;
        const changed = await this.write(
          { upserts: page.items },
          { ...this.meta, crawl, skipped: this.meta.skipped + (page.skipped ?? 0) },
        );
        if (changed) this.deps.onChanged();
        this.setState('indexing', notice ? { message: notice } : {});
      },
      this.signal,
    );
    const cursor = endCursor ?? this.meta.crawl?.startCursor;
    const done: IndexMeta = { complete: true, epoch: this.meta.epoch, skipped: this.meta.skipped, ...(cursor ? { cursor } : {}) };
    const changed = await this.write({ sweep: this.meta.epoch }, done);
    if (changed) this.deps.onChanged();
    this.setState('up-to-date');
  }

  private async follow(): Promise<void> {
    const cursor = this.meta.cursor;
    if (!cursor) {
      // The source cannot follow changes: complete as of the crawl, until the next start.
      this.setState('up-to-date');
      await this.sleep(Number.POSITIVE_INFINITY);
      return;
    }
    this.setState('live');
    await this.deps.source.follow(
      cursor,
      async (changes, next) => {
        const changed = await this.write({ changes }, { ...this.meta, cursor: next });
        if (changed) this.deps.onChanged();
        if (this.state !== 'live') this.setState('live');
      },
      this.signal,
    );
  }

  /** Waits `ms`, or until stopped (then it resolves, and the loop sees the abort) or woken by `retryNow`. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        this.signal.removeEventListener('abort', done);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = Number.isFinite(ms) ? setTimeout(done, Math.max(0, ms)) : undefined;
      this.wake = done;
      this.signal.addEventListener('abort', done, { once: true });
    });
  }
}

/** A short reason for the chip; never a stack, never a URL with tokens in it. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : 'unknown error';
  const firstLine = message.split('\n')[0] ?? '';
  return firstLine.replace(/https?:\/\/\S+/g, '').slice(0, 160) || 'unknown error';
}
