import type { ConnectionKind } from '../../preload/connection-kinds';
import type { IndexInfo, PolicyInfo } from '../../preload/contract';
import type { ConnectionRegistry } from '../connections/registry';
import { afterCalls } from '../ipc/after-calls';
import type { HandlerTable } from '../ipc/handler-table';
import type { ProviderHit, ProviderPage } from '../providers/provider';
import { AppError } from '../shared/app-error';
import type { PanelSettings } from '../settings/settings-store';
import type { IndexSource } from './index-source';
import type { IndexedConnection, IndexPage, NameIndexService } from './name-index-service';

/** Results per page from an index, as the local provider pages. */
const pageSize = 200;
const indexCursor = 'ix:';
const liveCursor = 'live:';
/**
 * 10 s: a source checked this recently is not checked again on `index.checkNow`. The
 * renderer asks on every window focus, and a window that flickers focus must not send a
 * burst of delta requests to Graph (OneDrive polls every 30 s anyway).
 */
export const checkNowThrottleMs = 10_000;

export interface IndexHandlerServices {
  service: NameIndexService;
  registry: ConnectionRegistry;
  settings: PanelSettings;
  policy(): PolicyInfo | undefined;
  /** Milliseconds, for the throttle of `index.checkNow`; Date.now by default (tests set the clock). */
  now?(): number;
}

/** The connections as the index service needs them: switch, policy, account and source. */
export function indexedConnections(s: IndexHandlerServices): IndexedConnection[] {
  const off = new Set(s.settings.get('nameIndexOff'));
  const allowed = s.policy()?.keepNameIndex !== false;
  return s.registry.records().map((record) => ({
    id: record.id,
    indexed: allowed && record.enabled && !off.has(record.id),
    config: record.config,
    account: async () => {
      const auth = s.registry.provider(record.id).auth;
      if (!auth) return null;
      const { state, account } = await auth.state();
      return state === 'signed-in' ? (account ?? 'signed-in') : undefined;
    },
    source: () => s.registry.provider(record.id).indexSource?.(),
  }));
}

export const syncIndex = (s: IndexHandlerServices): Promise<void> => s.service.sync(indexedConnections(s));

/** Channels after which the set of indexed connections (or their accounts) may differ. */
const changesConnections = [
  'connections.save',
  'connections.setEnabled',
  'connections.signIn',
  'connections.signOut',
  'connections.remove',
  'profiles.import',
] as const;

/** Re-syncs the index after any handler that adds, changes, signs in or out, or removes a connection. */
export function withIndexSync(handlers: HandlerTable, s: IndexHandlerServices): HandlerTable {
  // Not awaited: the call answers at once; the index catches up in the background.
  return afterCalls(handlers, changesConnections, () => void syncIndex(s));
}

export function createIndexHandlers(
  s: IndexHandlerServices | undefined,
): Pick<HandlerTable, 'index.list' | 'index.setEnabled' | 'index.rebuild' | 'index.retry' | 'index.checkNow'> {
  if (!s) {
    const none = async (): Promise<never> => {
      throw new AppError({ code: 'no_index', message: 'Name indexes are not available here.' });
    };
    return {
      'index.list': async () => [],
      'index.setEnabled': none,
      'index.rebuild': none,
      'index.retry': none,
      // A background call on every focus: with no index there is simply nothing to check.
      'index.checkNow': async () => null,
    };
  }
  const now = s.now ?? Date.now;
  /** When each source was last poked (a source object lives as long as its connection's provider). */
  const poked = new WeakMap<IndexSource, number>();
  const info = (connectionId: string): IndexInfo => {
    const locked = s.policy()?.keepNameIndex === false;
    return {
      connectionId,
      enabled: !locked && !s.settings.get('nameIndexOff').includes(connectionId),
      locked,
      status: s.service.status(connectionId),
    };
  };
  return {
    'index.list': async () => s.registry.records().map((r) => info(r.id)),
    'index.setEnabled': async ({ id, enabled }) => {
      s.registry.record(id);
      if (s.policy()?.keepNameIndex === false) {
        throw new AppError({
          code: 'policy_locked',
          message: 'Your organisation does not allow file names to be kept on this computer.',
          fix: 'Ask your IT team about the Skyhook policy.',
        });
      }
      const off = s.settings.get('nameIndexOff').filter((other) => other !== id);
      s.settings.set('nameIndexOff', enabled ? off : [...off, id]);
      await syncIndex(s);
      return info(id);
    },
    'index.rebuild': async ({ id }) => {
      s.registry.record(id);
      await s.service.rebuild(id, indexedConnections(s));
      return info(id);
    },
    'index.retry': async ({ id }) => {
      s.registry.record(id);
      await s.service.retry(id, indexedConnections(s));
      return info(id);
    },
    // Sources that are told of changes (Box's long-poll, a local folder's watcher) have no `poke`.
    'index.checkNow': async () => {
      const at = now();
      for (const source of s.service.followedSources()) {
        if (!source.poke) continue;
        const last = poked.get(source);
        if (last !== undefined && at - last < checkNowThrottleMs) continue;
        poked.set(source, at);
        source.poke();
      }
      return null;
    },
  };
}

type Hit = ProviderHit & { matches?: Array<[number, number]> };

/**
 * One page of a connection's search. A complete, current index answers alone (within a
 * frame); an index still loading or crawling answers beside the provider's own search,
 * merged by item id; OneDrive's index holds the drive only, so after its pages the
 * provider's search continues for the items shared with the person.
 *
 * An empty query (the home screen) lists the newest items. A complete index knows every
 * item's modified time, so it answers alone, and its last page is the last: OneDrive's
 * search lists nothing without words, so the shared items are left out there. An index
 * still crawling would show only the part it has reached as if it were the newest, so
 * until it is complete the provider answers (Box lists its newest; OneDrive says it lists
 * nothing).
 */
export async function searchWithIndex(
  s: Pick<IndexHandlerServices, 'service'>,
  connection: { id: string; kind: ConnectionKind },
  text: string,
  cursor: string | undefined,
  live: (cursor: string | undefined) => Promise<ProviderPage>,
): Promise<ProviderPage & { hits: Hit[] }> {
  const { service } = s;
  if (text.trim() === '') return newestPage(service, connection.id, cursor, live);
  const afterIndex = connection.kind === 'onedrive' ? liveCursor : undefined;
  if (cursor?.startsWith(liveCursor)) return livePage(s, connection.id, cursor.slice(liveCursor.length) || undefined, live, true);
  const offset = cursor?.startsWith(indexCursor) ? Number(cursor.slice(indexCursor.length)) || 0 : 0;
  if (cursor?.startsWith(indexCursor) || (cursor === undefined && service.answersAlone(connection.id))) {
    const page = await service.search(connection.id, text, offset, pageSize);
    if (page) return fromIndex(page, offset, afterIndex);
  }
  if (cursor !== undefined && !cursor.startsWith(indexCursor)) return livePage(s, connection.id, cursor, live, false);
  // Not (yet) complete: what the index knows now, beside the provider's answer.
  const [indexed, provider] = await Promise.all([
    service.search(connection.id, text, 0, pageSize),
    livePage(s, connection.id, undefined, live, false),
  ]);
  if (!indexed) return provider;
  const seen = new Set(indexed.hits.map((h) => h.id));
  const hits = [...indexed.hits.map(toProviderHit), ...provider.hits.filter((h) => !seen.has(h.id))];
  const total = provider.total !== undefined ? Math.max(provider.total, hits.length) : undefined;
  return { hits, ...(provider.nextCursor ? { nextCursor: provider.nextCursor } : {}), ...(total !== undefined ? { total } : {}) };
}

/** The home screen's page (see `searchWithIndex`): provider cursors stay the provider's own, as without an index. */
async function newestPage(
  service: Pick<NameIndexService, 'answersAlone' | 'search'>,
  connectionId: string,
  cursor: string | undefined,
  live: (cursor: string | undefined) => Promise<ProviderPage>,
): Promise<ProviderPage & { hits: Hit[] }> {
  const indexed = cursor === undefined ? service.answersAlone(connectionId) : cursor.startsWith(indexCursor);
  if (!indexed) return live(cursor);
  const offset = cursor === undefined ? 0 : Number(cursor.slice(indexCursor.length)) || 0;
  const page = await service.search(connectionId, '', offset, pageSize);
  if (page) return fromIndex(page, offset, undefined);
  // Closed since it said it could answer (switched off, signed out): the provider starts
  // the list, but cannot go on from the index's place in it.
  return cursor === undefined ? live(undefined) : { hits: [] };
}

function fromIndex(page: IndexPage, offset: number, afterIndex: string | undefined): ProviderPage & { hits: Hit[] } {
  const next = offset + pageSize < page.total ? `${indexCursor}${offset + pageSize}` : afterIndex;
  return {
    hits: page.hits.map(toProviderHit),
    total: page.total,
    ...(page.exact ? {} : { totalAtLeast: true }),
    ...(next ? { nextCursor: next } : {}),
  };
}

async function livePage(
  s: Pick<IndexHandlerServices, 'service'>,
  connectionId: string,
  cursor: string | undefined,
  live: (cursor: string | undefined) => Promise<ProviderPage>,
  skipIndexed: boolean,
): Promise<{ hits: Hit[]; nextCursor?: string; total?: number }> {
  const page = await live(cursor);
  let hits: Hit[] = page.hits;
  if (skipIndexed) {
    // Already listed from the index on earlier pages.
    const held = await s.service.holds(
      connectionId,
      hits.map((h) => h.id),
    );
    hits = hits.filter((_, i) => !held[i]);
  }
  return {
    hits,
    ...(page.nextCursor ? { nextCursor: `${liveCursor}${page.nextCursor}` } : {}),
    ...(page.total !== undefined && !skipIndexed ? { total: page.total } : {}),
  };
}

function toProviderHit(hit: {
  id: string;
  name: string;
  path: string;
  size?: number;
  modifiedAt?: string;
  matches: Array<[number, number]>;
}): Hit {
  return {
    id: hit.id,
    name: hit.name,
    location: hit.path || '/',
    ...(hit.size !== undefined ? { size: hit.size } : {}),
    ...(hit.modifiedAt ? { modifiedAt: hit.modifiedAt } : {}),
    matches: hit.matches,
  };
}
