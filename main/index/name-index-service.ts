import { createHash } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventHub } from '../ipc/event-hub';
import type { Logger } from '../shared/logger';
import { ConnectionIndexer, type IndexCalls, type IndexStatus } from './connection-indexer';
import type { IndexHit } from './index-host';
import type { IndexSource } from './index-source';
import { IndexWorkerClient } from './index-worker-client';

/** A connection as the index sees it. */
export interface IndexedConnection {
  id: string;
  /** Off by the person's switch, the IT policy, or because the connection is turned off. */
  indexed: boolean;
  /** Part of the index's identity: a changed folder filter or account is a different index. */
  config: Record<string, unknown>;
  /** Who is signed in (per-user connections); undefined when someone must sign in first. Null: not per-user. */
  account(): Promise<string | null | undefined>;
  source(): IndexSource | undefined;
}

export interface NameIndexDeps {
  /** <dataDir>/index */
  root: string;
  events: Pick<EventHub, 'emit'>;
  log: Logger;
  /** The worker by default; tests pass an IndexHost answering in-process. */
  calls?: IndexCalls & { terminate?(): Promise<void> };
  now?: () => Date;
  retryDelayMs?: (attempt: number) => number;
  /** Reported once when a saved index was unreadable and is being rebuilt. */
  onProblem?(connectionId: string, message: string): void;
}

export interface IndexPage {
  /** Matches: all of them when `exact`, else at least this many (the index stops counting where the page is settled). */
  total: number;
  exact: boolean;
  hits: IndexHit[];
}

/** 30 s, 1 min, 2 min … up to 15 min between tries after failures. */
const defaultRetry = (attempt: number) => Math.min(15 * 60_000, 30_000 * 2 ** Math.max(0, attempt - 1));

/**
 * The names of every connection, kept on this computer (issue #12). `sync` starts,
 * restarts or stops one indexer per connection; `search` answers from an index as soon
 * as it is loaded and never waits for a crawl; `answersAlone` says whether an index is
 * complete and current enough to answer without the provider.
 */
export class NameIndexService {
  private readonly calls: IndexCalls & { terminate?(): Promise<void> };
  private readonly running = new Map<string, { key: string; indexer: ConnectionIndexer; source: IndexSource }>();
  private readonly offStatus = new Map<string, IndexStatus>();
  private syncing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: NameIndexDeps) {
    this.calls = deps.calls ?? new IndexWorkerClient(deps.root);
  }

  /** Brings the running indexers in line with `connections` (start, account change, switch off, removal). */
  sync(connections: IndexedConnection[]): Promise<void> {
    this.syncing = this.syncing
      .then(() => this.reconcile(connections))
      .catch((error: unknown) => this.deps.log.warn('index sync failed', { error: String(error) }));
    return this.syncing;
  }

  async search(connectionId: string, text: string, offset: number, limit: number): Promise<IndexPage | undefined> {
    const run = this.running.get(connectionId);
    if (!run?.indexer.queryable) return undefined;
    return this.calls.call({ op: 'query', key: run.key, text, offset, limit });
  }

  /** Which of `ids` the index holds (to tell a provider's extra results from indexed ones). */
  async holds(connectionId: string, ids: string[]): Promise<boolean[]> {
    const run = this.running.get(connectionId);
    if (!run?.indexer.queryable) return ids.map(() => false);
    return this.calls.call({ op: 'has', key: run.key, ids });
  }

  answersAlone(connectionId: string): boolean {
    return this.running.get(connectionId)?.indexer.authoritative ?? false;
  }

  status(connectionId: string): IndexStatus {
    return this.running.get(connectionId)?.indexer.status() ?? this.offStatus.get(connectionId) ?? { connectionId, state: 'off', items: 0 };
  }

  /**
   * The sources of the indexes that are complete and being kept current: the ones a
   * "check for changes now" (window focus) is for. One still crawling lists everything
   * anyway, and one paused or failed waits as it was told to.
   */
  followedSources(): IndexSource[] {
    return [...this.running.values()].filter((run) => run.indexer.authoritative).map((run) => run.source);
  }

  /** Throws the index away and builds it again (the Connections page's "Rebuild index"). */
  async rebuild(connectionId: string, connections: IndexedConnection[]): Promise<void> {
    await this.syncing;
    await this.stopOne(connectionId);
    await rm(join(this.deps.root, safeSegment(connectionId)), { recursive: true, force: true });
    await this.sync(connections);
  }

  /**
   * "Retry" on a failed index: tries again now rather than after the delay, and the crawl
   * resumes from its checkpoint with what is indexed kept (a rebuild would crawl it all
   * again). An indexer that gave up (its index would not open) is started afresh.
   */
  async retry(connectionId: string, connections: IndexedConnection[]): Promise<void> {
    await this.syncing;
    if (this.running.get(connectionId)?.indexer.retryNow()) return;
    await this.stopOne(connectionId);
    await this.sync(connections);
  }

  /** Removal and sign-out: nothing of the connection's names stays on disk. */
  async forget(connectionId: string): Promise<void> {
    await this.syncing;
    await this.stopOne(connectionId);
    this.offStatus.delete(connectionId);
    await rm(join(this.deps.root, safeSegment(connectionId)), { recursive: true, force: true });
  }

  /** Bytes of every index on disk. */
  async diskBytes(): Promise<number> {
    return folderBytes(this.deps.root);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.syncing;
    await Promise.all([...this.running.keys()].map((id) => this.stopOne(id)));
    await this.calls.terminate?.();
  }

  private async reconcile(connections: IndexedConnection[]): Promise<void> {
    if (this.stopped) return;
    const wanted = new Set(connections.map((c) => c.id));
    for (const id of [...this.running.keys()]) if (!wanted.has(id)) await this.stopOne(id);
    for (const connection of connections) await this.reconcileOne(connection);
  }

  private async reconcileOne(connection: IndexedConnection): Promise<void> {
    const { id } = connection;
    const off = async (message?: string) => {
      await this.stopOne(id);
      // Switched off, signed out or never possible: no names of it are kept on this computer.
      await rm(join(this.deps.root, safeSegment(id)), { recursive: true, force: true });
      this.setOff(id, message);
    };
    if (!connection.indexed) return off();
    const account = await connection.account().catch(() => undefined);
    if (account === undefined) return off('Sign in to index this connection.');
    const key = indexKey(id, account, connection.config);
    if (this.running.get(id)?.key === key) return;
    const source = connection.source();
    if (!source) return off();
    await this.stopOne(id);
    await removeOtherIndexes(this.deps.root, id, key);
    const indexer = new ConnectionIndexer({
      connectionId: id,
      key,
      source,
      calls: this.calls,
      onStatus: (status) => this.deps.events.emit('index.status', status),
      onProblem: (message) => this.deps.onProblem?.(id, message),
      onChanged: () => this.deps.events.emit('index.changed', { connectionId: id }),
      retryDelayMs: this.deps.retryDelayMs ?? defaultRetry,
      now: this.deps.now ?? (() => new Date()),
    });
    this.offStatus.delete(id);
    this.running.set(id, { key, indexer, source });
    indexer.start();
  }

  private setOff(connectionId: string, message?: string): void {
    const status: IndexStatus = { connectionId, state: 'off', items: 0, ...(message ? { message } : {}) };
    const before = this.offStatus.get(connectionId);
    this.offStatus.set(connectionId, status);
    if (before?.message !== status.message || !before) this.deps.events.emit('index.status', status);
  }

  private async stopOne(connectionId: string): Promise<void> {
    const run = this.running.get(connectionId);
    if (!run) return;
    this.running.delete(connectionId);
    await run.indexer.stop();
    await this.calls.call({ op: 'close', key: run.key }).catch(() => undefined);
  }
}

/** A connection id is a UUID; anything else is hashed rather than trusted as a path. */
function safeSegment(id: string): string {
  return /^[A-Za-z0-9-]{1,64}$/.test(id) ? id : createHash('sha256').update(id).digest('hex').slice(0, 32);
}

/** <connection>/<hash of account + config>: the account and settings the names belong to. */
export function indexKey(connectionId: string, account: string | null, config: Record<string, unknown>): string {
  const identity = createHash('sha256')
    .update(JSON.stringify([account, config]))
    .digest('hex')
    .slice(0, 16);
  return join(safeSegment(connectionId), identity);
}

async function removeOtherIndexes(root: string, connectionId: string, key: string): Promise<void> {
  const folder = join(root, safeSegment(connectionId));
  const entries = await readdir(folder).catch(() => [] as string[]);
  for (const entry of entries)
    if (join(safeSegment(connectionId), entry) !== key) await rm(join(folder, entry), { recursive: true, force: true });
}

async function folderBytes(folder: string): Promise<number> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  let total = 0;
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) total += await folderBytes(path);
    else total += (await stat(path).catch(() => ({ size: 0 }))).size;
  }
  return total;
}
