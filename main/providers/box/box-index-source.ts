import type { Authentication } from 'box-node-sdk/networking';
import { abortableSleep } from '../../http/retrying-fetch';
import {
  CursorExpiredError,
  type CrawlCheckpoint,
  type CrawlPage,
  type IndexChange,
  type IndexSource,
  type IndexedItem,
} from '../../index/index-source';
import { AppError } from '../../shared/app-error';
import { asWaitRequest, RecentSet } from '../index-feed';
import { indexedFile, joinPath, planEvent, type BoxEventJson, type BoxItemJson } from './box-event-plan';
import type { BoxHttp } from './box-http';
import { RequestWindow } from './request-window';

export interface BoxIndexDeps {
  http: BoxHttp;
  /** The connection's TokenKeeper: BoxHttp renews through it once after a 401. */
  auth: Authentication;
  /** Box API host (endpoints.boxApi), without /2.0. */
  apiBase: string;
  /** The connection's Parent folder ID; "0" (All Files of the acting identity) when empty. */
  rootFolderId?: string;
  /** Folders listed at once. */
  concurrency?: number;
  window?: RequestWindow;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => number;
}

interface PendingFolder {
  id: string;
  path: string;
  /** Where listing this folder resumes (Box's next_marker). */
  marker?: string;
}

interface ItemsPage {
  entries?: BoxItemJson[];
  next_marker?: string | null;
}

interface EventsPage {
  next_stream_position?: number | string;
  entries?: BoxEventJson[];
}

interface RealtimeServer {
  url: string;
  retryTimeout: number;
  maxRetries: number;
}

/** Box's largest folder-items page. */
const pageLimit = 1000;
/** Box's largest user-events page. */
const eventsLimit = 500;
/** Only what an index entry needs; Box adds the mini fields (type, id, name, etag, file_version). */
const listFields = 'name,size,modified_at';
const checkpointVersion = 1;
/** After a failed long poll (network), wait this long before asking for a real-time server again. */
const reconnectDelayMs = 5_000;

/**
 * Feeds the name index from Box. The crawl lists folders breadth-first from the
 * connection's root with marker paging, a few folders at a time, under Box's per-user
 * request rate (RequestWindow); its checkpoint is the list of folders still to list with
 * the marker of each one in progress. Changes then come from the user event stream
 * (`stream_type=changes`), woken by the real-time long-poll server.
 */
export class BoxIndexSource implements IndexSource {
  private readonly root: string;
  private readonly window: RequestWindow;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  /** Box delivers some events twice; the same event_id is applied once. */
  private readonly seenEvents = new RecentSet(1000);

  constructor(private readonly deps: BoxIndexDeps) {
    this.root = deps.rootFolderId?.trim() || '0';
    this.window = deps.window ?? new RequestWindow();
    this.sleep = deps.sleep ?? abortableSleep;
    this.now = deps.now ?? Date.now;
  }

  async startCursor(signal: AbortSignal): Promise<string> {
    const page = await this.getJson<EventsPage>('/events', { stream_position: 'now', stream_type: 'changes' }, signal);
    return String(page.body?.next_stream_position ?? '0');
  }

  async crawl(
    checkpoint: CrawlCheckpoint | undefined,
    onPage: (page: CrawlPage) => Promise<void>,
    signal: AbortSignal,
  ): Promise<undefined> {
    const queue = parseCheckpoint(checkpoint) ?? [await this.rootFolder(signal)];
    await this.walk(queue, onPage, signal);
    return undefined;
  }

  async follow(cursor: string, onChanges: (changes: IndexChange[], cursor: string) => Promise<void>, signal: AbortSignal): Promise<void> {
    let position = await this.catchUp(cursor, onChanges, signal);
    for (;;) {
      const server = await this.realtimeServer(signal);
      for (let attempt = 0; attempt < server.maxRetries; attempt++) {
        const message = await this.longPoll(server, position, signal);
        if (message === 'new_change') position = await this.catchUp(position, onChanges, signal);
        else if (message === 'reconnect') break;
        else if (message === 'error') {
          await this.sleep(reconnectDelayMs, signal);
          break;
        }
        // 'timeout': ask the same server again.
      }
    }
  }

  /** Lists folders from `queue` (breadth-first, `concurrency` at a time), reporting each page in order. */
  private async walk(queue: PendingFolder[], onPage: (page: CrawlPage) => Promise<void>, signal: AbortSignal): Promise<void> {
    const active = new Map<string, PendingFolder>();
    const visited = new Set(queue.map((folder) => folder.id));
    let failure: { error: unknown } | undefined;
    let applied: Promise<void> = Promise.resolve();
    let waiting: Array<() => void> = [];
    const wakeAll = () => {
      for (const wake of waiting) wake();
      waiting = [];
    };

    const worker = async () => {
      while (!failure && !signal.aborted) {
        const folder = queue.shift();
        if (!folder) {
          if (active.size === 0) return;
          await new Promise<void>((resolve) => waiting.push(resolve));
          continue;
        }
        active.set(folder.id, folder);
        for (let more = true; more && !failure;) {
          const page = await this.listPage(folder, signal);
          // Pages are applied one at a time, in the order they arrive: a checkpoint then
          // names exactly what was persisted, whatever else is still in flight.
          applied = applied.then(async () => {
            if (failure) return;
            for (const sub of page.subfolders) {
              if (visited.has(sub.id)) continue;
              visited.add(sub.id);
              queue.push(sub);
            }
            if (page.nextMarker) folder.marker = page.nextMarker;
            else active.delete(folder.id);
            const done = queue.length === 0 && active.size === 0;
            await onPage({
              items: page.items,
              ...(page.skipped ? { skipped: page.skipped } : {}),
              ...(done ? {} : { checkpoint: JSON.stringify({ v: checkpointVersion, folders: [...active.values(), ...queue] }) }),
            });
            wakeAll();
          });
          await applied;
          more = page.nextMarker !== undefined;
        }
      }
    };

    const guarded = async () => {
      try {
        await worker();
      } catch (error) {
        failure ??= { error };
      } finally {
        wakeAll();
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.deps.concurrency ?? 4) }, guarded));
    if (failure) throw failure.error;
    if (signal.aborted) throw signal.reason;
  }

  private async listPage(
    folder: PendingFolder,
    signal: AbortSignal,
  ): Promise<{ items: IndexedItem[]; subfolders: PendingFolder[]; nextMarker?: string; skipped?: number }> {
    const query: Record<string, string> = { usemarker: 'true', limit: String(pageLimit), fields: listFields };
    if (folder.marker) query.marker = folder.marker;
    const { status, body } = await this.getJson<ItemsPage>(`/folders/${encodeURIComponent(folder.id)}/items`, query, signal, [403, 404]);
    if (status === 403 || status === 404) {
      if (folder.id === this.root) throw rootUnavailable(status);
      // 403: a folder we may see but not open, skipped and counted; 404: gone since it was listed.
      return { items: [], subfolders: [], ...(status === 403 ? { skipped: 1 } : {}) };
    }
    const items: IndexedItem[] = [];
    const subfolders: PendingFolder[] = [];
    for (const entry of body?.entries ?? []) {
      if (entry.type === 'folder' && entry.id) subfolders.push({ id: entry.id, path: joinPath(folder.path, entry.name ?? entry.id) });
      const item = indexedFile(entry, folder.id, folder.path);
      if (item) items.push(item);
    }
    const next = body?.next_marker;
    return { items, subfolders, ...(next ? { nextMarker: next } : {}) };
  }

  /** The root's path as search shows it ("Brand / 2024"): All Files itself has none. */
  private async rootFolder(signal: AbortSignal): Promise<PendingFolder> {
    if (this.root === '0') return { id: '0', path: '' };
    const { status, body } = await this.getJson<BoxItemJson>(
      `/folders/${encodeURIComponent(this.root)}`,
      { fields: 'name,path_collection' },
      signal,
      [403, 404],
    );
    if (status !== 200 || !body) throw rootUnavailable(status);
    const above = (body.path_collection?.entries ?? []).filter((entry) => entry.id !== '0').map((entry) => entry.name ?? entry.id ?? '');
    return { id: this.root, path: [...above, body.name ?? this.root].join(' / ') };
  }

  /** Reads every event after `position`, applies them in order, and returns the new position. */
  private async catchUp(
    position: string,
    onChanges: (changes: IndexChange[], cursor: string) => Promise<void>,
    signal: AbortSignal,
  ): Promise<string> {
    for (;;) {
      const { status, body } = await this.getJson<EventsPage>(
        '/events',
        { stream_position: position, stream_type: 'changes', limit: String(eventsLimit) },
        signal,
        [400],
      );
      if (status === 400) throw new CursorExpiredError('Box no longer keeps events from this stream position.');
      const entries = body?.entries ?? [];
      const next = String(body?.next_stream_position ?? position);
      let pending: IndexChange[] = [];
      for (const event of entries) {
        if (event.event_id && !this.seenEvents.add(event.event_id)) continue;
        for (const plan of planEvent(event, this.root)) {
          if (plan.kind === 'change') {
            pending.push(plan.change);
            continue;
          }
          // A renamed, moved or restored folder: Box sends nothing for its contents, so they
          // are listed again with their new path (the cursor moves only after the whole batch).
          if (pending.length > 0) await onChanges(pending, position);
          pending = [];
          await this.walk(
            [{ id: plan.folderId, path: plan.path }],
            (page) =>
              page.items.length > 0
                ? onChanges(
                    page.items.map((item) => ({ type: 'upsert', item })),
                    position,
                  )
                : Promise.resolve(),
            signal,
          );
        }
      }
      if (pending.length > 0 || next !== position) await onChanges(pending, next);
      position = next;
      if (entries.length < eventsLimit) return position;
    }
  }

  private async realtimeServer(signal: AbortSignal): Promise<RealtimeServer> {
    const { body } = await this.getJson<{
      entries?: Array<{ url?: string; retry_timeout?: number | string; max_retries?: number | string }>;
    }>('/events', {}, signal, [], 'OPTIONS');
    const entry = body?.entries?.[0];
    if (!entry?.url) throw new AppError({ code: 'unexpected_response', message: 'Box did not name a real-time server for changes.' });
    // Box sends these as numbers or as numeric strings.
    const retryTimeout = Number(entry.retry_timeout);
    const maxRetries = Number(entry.max_retries);
    return {
      url: entry.url,
      retryTimeout: Number.isFinite(retryTimeout) && retryTimeout > 0 ? retryTimeout : 610,
      maxRetries: Number.isFinite(maxRetries) && maxRetries > 0 ? maxRetries : 10,
    };
  }

  /**
   * One long poll. The real-time server is another host: it gets no token. A poll that
   * outlives retry_timeout (plus a margin) is given up and asked again, as Box advises.
   */
  private async longPoll(
    server: RealtimeServer,
    position: string,
    signal: AbortSignal,
  ): Promise<'new_change' | 'reconnect' | 'timeout' | 'error'> {
    const url = new URL(server.url);
    url.searchParams.set('stream_position', position);
    const timeout = AbortSignal.timeout((server.retryTimeout + 15) * 1000);
    try {
      const response = await this.deps.http.send({ url: url.toString(), signal: AbortSignal.any([signal, timeout]), operation: 'api' });
      const body = (await response.json()) as { message?: string };
      return body.message === 'new_change' ? 'new_change' : 'reconnect';
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (timeout.aborted) return 'timeout';
      const wait = asWaitRequest(error, this.now);
      if (wait !== error) throw wait;
      return 'error';
    }
  }

  private async getJson<T>(
    path: string,
    query: Record<string, string>,
    signal: AbortSignal,
    accept: number[] = [],
    method: 'GET' | 'OPTIONS' = 'GET',
  ): Promise<{ status: number; body: T | undefined }> {
    await this.window.take(signal);
    try {
      const response = await this.deps.http.send({
        url: `${this.deps.apiBase}/2.0${path}`,
        method,
        query,
        auth: this.deps.auth,
        signal,
        operation: 'api',
        accept,
      });
      if (response.status >= 300) {
        await response.body?.cancel();
        return { status: response.status, body: undefined };
      }
      return { status: response.status, body: (await response.json()) as T };
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw asWaitRequest(error, this.now);
    }
  }
}

function rootUnavailable(status: number): AppError {
  return new AppError({
    code: 'folder_not_found',
    message:
      status === 403
        ? 'This connection may not open its Parent folder in Box.'
        : 'The Parent folder of this connection no longer exists in Box.',
    fix: 'Check the Parent folder ID and that the folder is shared with the account this connection uses.',
  });
}

function parseCheckpoint(checkpoint: CrawlCheckpoint | undefined): PendingFolder[] | undefined {
  if (!checkpoint) return undefined;
  try {
    const value = JSON.parse(checkpoint) as { v?: unknown; folders?: unknown };
    if (value.v !== checkpointVersion || !Array.isArray(value.folders)) return undefined;
    const folders = value.folders.filter(
      (f): f is PendingFolder =>
        typeof f === 'object' &&
        f !== null &&
        typeof (f as PendingFolder).id === 'string' &&
        typeof (f as PendingFolder).path === 'string' &&
        ((f as PendingFolder).marker === undefined || typeof (f as PendingFolder).marker === 'string'),
    );
    return folders.length > 0 ? folders : undefined;
  } catch {
    return undefined;
  }
}
