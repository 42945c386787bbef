import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { quickXorHash } from '../../../main/media/quick-xor-hash';
import { matchesWords } from '../word-match';
import { redirect, sendJson, whenAbandoned } from './http';
import { handleGraphUpload } from './upload';
import { decodeDeltaToken, deltaEntries, encodeDeltaToken, entryKey, indexAfter, type DeltaToken } from './delta';
import type { AccessGrant, Departure, FakeDrive, FakeItem, FakeMicrosoftState, FakeUser, RequestRecord } from './state';

type Json = Record<string, unknown>;

interface Caller {
  grant: AccessGrant;
  user: FakeUser;
}

class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly innerCode?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const filesScopes = ['Files.Read', 'Files.Read.All', 'Files.ReadWrite', 'Files.ReadWrite.All'];
const allFilesScopes = ['Files.Read.All', 'Files.ReadWrite.All'];

/**
 * Microsoft Graph v1.0, the OneDrive part: /me, /me/drive, search (root, folder, shared),
 * items, thumbnails and /content redirects, with Graph's error bodies and throttling.
 */
export function graphHandler(state: FakeMicrosoftState) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const record: RequestRecord = {
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      hasAuthorization: req.headers.authorization !== undefined,
    };
    state.log.graph.push(record);
    const requestId = randomUUID();
    const clientRequestId = (req.headers['client-request-id'] as string | undefined) ?? requestId;
    const fail = (err: GraphError, headers: Record<string, string> = {}) => {
      record.status = err.status;
      const innerError: Json = {
        date: state
          .now()
          .toISOString()
          .replace(/\.\d+Z$/, ''),
        'request-id': requestId,
        'client-request-id': clientRequestId,
      };
      if (err.innerCode) innerError.code = err.innerCode;
      sendJson(
        res,
        err.status,
        { error: { code: err.code, message: err.message, innerError } },
        { 'request-id': requestId, 'client-request-id': clientRequestId, ...headers },
      );
    };

    if (state.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, state.latencyMs));
    const hold = state.takeHold(url.pathname);
    if (hold) {
      hold.arrivedResolve();
      const gone = whenAbandoned(req, res).then(() => {
        hold.abandonedResolve();
        return 'gone' as const;
      });
      if ((await Promise.race([gone, hold.released.then(() => 'released' as const)])) === 'gone') return;
    }

    const throttle = state.takeThrottle('graph');
    if (throttle) {
      return fail(
        throttle.status === 429
          ? new GraphError(429, 'activityLimitReached', 'The request has been throttled', 'throttledRequest')
          : new GraphError(503, 'serviceNotAvailable', 'The service is temporarily unavailable. Please retry after a few minutes.'),
        { 'retry-after': String(throttle.retryAfter) },
      );
    }

    if (await handleGraphUpload(state, req, res, url)) return;
    try {
      if (req.method !== 'GET') throw new GraphError(405, 'notSupported', 'The HTTP method is not supported for this resource.');
      const caller = authenticate(req.headers.authorization);
      const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      if (segments.shift() !== 'v1.0') throw new GraphError(400, 'BadRequest', 'Invalid version.');
      const result = route(caller, segments, url);
      if (result.kind === 'redirect') {
        record.status = 302;
        return redirect(res, result.location);
      }
      record.status = 200;
      sendJson(res, 200, result.body, { 'request-id': requestId, 'client-request-id': clientRequestId });
    } catch (error) {
      if (error instanceof GraphError) {
        const headers: Record<string, string> =
          error.status === 401
            ? {
                'www-authenticate': `Bearer realm="", authorization_uri="${state.urls.authorityHost}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
              }
            : error.headers;
        return fail(error, headers);
      }
      throw error;
    }
  };

  function authenticate(header: string | undefined): Caller {
    const token = /^Bearer (.+)$/i.exec(header ?? '')?.[1];
    if (!token) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    const grant = state.rejectTokens ? undefined : state.accessTokens.get(token);
    if (!grant) throw new GraphError(401, 'InvalidAuthenticationToken', 'IDX14100: JWT is not well formed, there are no dots (.).');
    if (grant.expiresAt <= state.now().getTime())
      throw new GraphError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
    const user = state.userByOid(grant.oid);
    if (!user) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token validation failure.');
    return { grant, user };
  }

  type Result = { kind: 'json'; body: Json } | { kind: 'redirect'; location: string };

  function route(caller: Caller, s: string[], url: URL): Result {
    const json = (body: Json): Result => ({ kind: 'json', body });
    if (s.length === 1 && s[0] === 'me') {
      if (!caller.grant.scopes.includes('User.Read'))
        throw new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
      return json(userJson(caller.user));
    }
    requireScope(caller, filesScopes);

    // Which drive and which item the path names; what follows is the action.
    let drive: FakeDrive;
    let rest: string[];
    if (s[0] === 'me' && s[1] === 'drive') {
      drive = ownDrive(caller);
      rest = s.slice(2);
    } else if (s[0] === 'drives' && s[1]) {
      drive = state.drives.get(s[1]) ?? notFound();
      rest = s.slice(2);
    } else {
      throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${s[0] ?? ''}'.`);
    }
    if (drive.denied)
      throw new GraphError(
        403,
        'accessDenied',
        'Access denied. You do not have permission to perform this action or access this resource.',
      );

    if (rest.length === 0) return json(driveJson(drive));
    const searchAt = (segment: string | undefined) => (segment?.startsWith('search(') ? parseSearch(segment) : undefined);

    // /me/drive/search(q='…'): the drive plus what others shared with the caller.
    const driveSearch = searchAt(rest[0]);
    if (driveSearch !== undefined && rest.length === 1) {
      const own = searchIn(drive, driveSearch, undefined);
      const shared = drive.ownerOid === caller.user.oid ? sharedWith(caller, driveSearch) : [];
      return json(page(url, [...own, ...shared], (i) => itemJson(i, url, { search: true, remote: i.driveId !== drive.id })));
    }

    let item: FakeItem;
    if (rest[0] === 'root') {
      item = state.items.get(drive.rootId) ?? notFound();
      rest = rest.slice(1);
    } else if (rest[0] === 'items' && rest[1]) {
      item = state.items.get(rest[1]) ?? notFound();
      if (item.driveId !== drive.id) notFound();
      rest = rest.slice(2);
    } else {
      throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${rest[0] ?? ''}'.`);
    }
    checkAccess(caller, drive, item);

    const action = rest[0];
    if (rest.length === 0) return json(itemJson(item, url, { search: false, remote: false }));
    if (rest.length > 1) throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${rest[1] ?? ''}'.`);
    if (action === 'delta' || action?.startsWith('delta(')) {
      if (!item.folder) throw new GraphError(400, 'invalidRequest', 'Delta is only supported on folders.');
      return json(deltaPage(drive, item, action, url));
    }
    const query = searchAt(action);
    if (query !== undefined) {
      if (!item.folder) throw new GraphError(400, 'invalidRequest', 'Search is only supported on folders.');
      return json(
        page(url, searchIn(drive, query, item.id === drive.rootId ? undefined : item), (i) =>
          itemJson(i, url, { search: true, remote: false }),
        ),
      );
    }
    if (action === 'children') {
      if (!item.folder) throw new GraphError(400, 'invalidRequest', 'The item is not a folder.');
      const children = [...state.items.values()].filter((i) => i.parentId === item.id).sort(byName);
      return json(page(url, children, (i) => itemJson(i, url, { search: false, remote: false })));
    }
    if (action === 'thumbnails') return json({ value: thumbnailSets(item) });
    if (action === 'content') {
      if (item.folder) throw new GraphError(400, 'invalidRequest', 'Folders have no content.');
      return { kind: 'redirect', location: state.issueDownload(item) };
    }
    throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${action ?? ''}'.`);
  }

  /**
   * One page of driveItem delta below `scope`: `@odata.nextLink` while the round has more,
   * then `@odata.deltaLink` with a token for the next round. `token=latest` answers no items
   * and a link from now. A token from before expireDeltaTokens() answers 410 resyncRequired
   * with a Location that starts a fresh enumeration, as the docs describe.
   */
  function deltaPage(drive: FakeDrive, scope: FakeItem, action: string, url: URL): Json {
    const fromFunction = /^delta\(token='(.*)'\)$/.exec(action)?.[1];
    const text = fromFunction ?? url.searchParams.get('token') ?? undefined;
    const link = (token: DeltaToken) => {
      const next = new URL(
        `${state.urls.graphUrl}/v1.0/drives/${encodeURIComponent(drive.id)}/items/${encodeURIComponent(scope.id)}/delta`,
      );
      for (const key of ['$select', '$top', '$expand']) {
        const value = url.searchParams.get(key);
        if (value !== null) next.searchParams.set(key, value);
      }
      next.searchParams.set('token', encodeDeltaToken(token));
      return next.toString();
    };
    const context = `${state.urls.graphUrl}/v1.0/$metadata#Collection(driveItem)`;
    if (text === 'latest')
      return { '@odata.context': context, value: [], '@odata.deltaLink': link({ e: state.deltaEpoch, s: state.changeSeq }) };
    let token: DeltaToken = { e: state.deltaEpoch, s: 0 };
    if (text !== undefined) {
      const parsed = decodeDeltaToken(text);
      if (!parsed) throw new GraphError(400, 'invalidRequest', 'Invalid delta token.');
      if (parsed.e !== state.deltaEpoch) {
        throw new GraphError(
          410,
          'resyncRequired',
          "Resync required. Replace any local items with the server's version (including deletes) if you're sure that the service was up to date with your local changes when you last sync'd. Upload any local changes that the server doesn't know about.",
          'resyncChangesApplyDifferences',
          { location: link({ e: state.deltaEpoch, s: 0 }) },
        );
      }
      token = parsed;
    }
    const upTo = token.u ?? state.changeSeq;
    const round = deltaEntries(state, drive, scope, token.s, upTo);
    const start = indexAfter(round, token.a);
    const top = Math.max(1, Math.min(Number(url.searchParams.get('$top') ?? state.maxPageSize) || state.maxPageSize, state.maxPageSize));
    const slice = round.slice(start, start + top);
    const body: Json = {
      '@odata.context': context,
      value: slice.map((entry) =>
        entry.kind === 'item' ? itemJson(entry.item, url, { search: false, remote: false, delta: true }) : goneJson(entry.departure, url),
      ),
    };
    if (round.length > start + top) body['@odata.nextLink'] = link({ e: token.e, s: token.s, u: upTo, a: entryKey(slice.at(-1)!) });
    else body['@odata.deltaLink'] = link({ e: token.e, s: upTo });
    return body;
  }

  /** A deleted (or moved-out-of-scope) item as delta reports it: little more than its ID and `deleted`. */
  function goneJson(departure: Departure, url: URL): Json {
    const full: Json = {
      id: departure.id,
      name: departure.name,
      deleted: {},
      parentReference: { driveId: departure.driveId, driveType: state.drives.get(departure.driveId)?.driveType },
      ...(departure.folder ? { folder: { childCount: 0 } } : { file: {} }),
    };
    const select = url.searchParams
      .get('$select')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return select ? Object.fromEntries(Object.entries(full).filter(([k]) => k === 'id' || select.includes(k))) : full;
  }

  function requireScope(caller: Caller, any: string[]): void {
    if (!caller.grant.scopes.some((s) => any.includes(s))) {
      throw new GraphError(403, 'accessDenied', 'Either scp or roles claim need to be present in the token.');
    }
  }

  function ownDrive(caller: Caller): FakeDrive {
    return state.driveOf(caller.user);
  }

  function checkAccess(caller: Caller, drive: FakeDrive, item: FakeItem): void {
    if (drive.ownerOid === caller.user.oid) return;
    requireScope(caller, allFilesScopes);
    for (let at: FakeItem | undefined = item; at; at = at.parentId ? state.items.get(at.parentId) : undefined) {
      if (at.sharedWith.has(caller.user.oid)) return;
    }
    throw new GraphError(403, 'accessDenied', 'Access denied. You do not have permission to perform this action or access this resource.');
  }

  /** `search(q='it''s')` → `it's`; Graph rejects an unbalanced quote with a syntax error. */
  function parseSearch(segment: string): string {
    const m = /^search\(q='(.*)'\)$/s.exec(segment);
    if (!m || (m[1] ?? '').replace(/''/g, '').includes("'")) {
      throw new GraphError(
        400,
        'invalidRequest',
        `Syntax error: character ''' is not valid at position ${segment.length - 2} in '${segment}'.`,
      );
    }
    return (m[1] ?? '').replace(/''/g, "'");
  }

  function matches(item: FakeItem, q: string): boolean {
    // Graph matches query words against the starts of words of the name (and of the content).
    return matchesWords(item.name, q) || matchesWords(item.content, q);
  }

  /** Search within a drive, or within a folder of it (plus, on business drives, one stray result). */
  function searchIn(drive: FakeDrive, q: string, folder: FakeItem | undefined): FakeItem[] {
    const all = [...state.items.values()].filter((i) => i.driveId === drive.id && i.id !== drive.rootId && matches(i, q)).sort(byName);
    if (!folder) return all;
    const inside = all.filter((i) => state.isUnder(i, folder.id));
    // OneDrive for Business quirk (microsoft-graph-docs-contrib#5338): results leak from outside the folder.
    const stray = drive.driveType === 'business' && state.folderSearchLeaks ? all.find((i) => !state.isUnder(i, folder.id)) : undefined;
    return stray ? [...inside, stray] : inside;
  }

  function sharedWith(caller: Caller, q: string): FakeItem[] {
    return [...state.items.values()]
      .filter((i) => i.driveId !== caller.user.driveId && i.sharedWith.has(caller.user.oid) && matches(i, q))
      .sort(byName);
  }

  function page(url: URL, items: FakeItem[], toJson: (i: FakeItem) => Json): Json {
    const top = Math.max(1, Math.min(Number(url.searchParams.get('$top') ?? state.maxPageSize) || state.maxPageSize, state.maxPageSize));
    const skipToken = url.searchParams.get('$skiptoken') ?? url.searchParams.get('$skipToken');
    let offset = 0;
    if (skipToken) {
      try {
        offset = (JSON.parse(Buffer.from(skipToken, 'base64url').toString('utf8')) as { o: number }).o;
      } catch {
        throw new GraphError(400, 'invalidRequest', 'Invalid $skiptoken.');
      }
    }
    const slice = items.slice(offset, offset + top);
    const body: Json = { '@odata.context': `${state.urls.graphUrl}/v1.0/$metadata#Collection(driveItem)`, value: slice.map(toJson) };
    if (offset + top < items.length) {
      const next = new URL(url.pathname + url.search, state.urls.graphUrl);
      next.searchParams.delete('$skipToken');
      next.searchParams.set('$skiptoken', Buffer.from(JSON.stringify({ o: offset + top })).toString('base64url'));
      body['@odata.nextLink'] = next.toString();
    }
    return body;
  }

  function itemJson(item: FakeItem, url: URL, how: { search: boolean; remote: boolean; delta?: boolean }): Json {
    const drive = state.drives.get(item.driveId);
    const parent = item.parentId ? state.items.get(item.parentId) : undefined;
    const parentReference: Json = { driveType: drive?.driveType, driveId: item.driveId };
    if (parent) {
      parentReference.id = parent.id;
      parentReference.name = parent.parentId ? parent.name : 'Documents';
      // Delta never sends the path (a folder rename would make every descendant's stale).
      if (!(how.search && state.searchOmitsParentPath) && !how.delta) parentReference.path = state.pathOf(parent);
    }
    const facets: Json = {
      id: item.id,
      name: item.name,
      size: item.bytes.length,
      eTag: `"{${item.id}},1"`,
      cTag: `"c:{${item.id}},1"`,
      createdDateTime: item.modified,
      lastModifiedDateTime: item.modified,
      webUrl: state.webUrl(item),
      ...(item.folder
        ? { folder: { childCount: [...state.items.values()].filter((i) => i.parentId === item.id).length } }
        : { file: { mimeType: item.mimeType, hashes: { quickXorHash: quickXorHash(item.bytes) } } }),
      ...(item.width ? { image: { width: item.width, height: item.height } } : {}),
      ...(item.parentId ? {} : { root: {} }),
    };
    let full: Json;
    if (how.remote) {
      // Shared items arrive as a thin local entry with a remoteItem facet pointing at the owner's drive.
      full = { ...facets, remoteItem: { ...facets, parentReference } };
    } else {
      full = { ...facets, parentReference };
    }
    if (how.search) full.searchResult = { onClickTelemetryUrl: `${state.urls.graphUrl}/telemetry/${item.id}` };

    const select = url.searchParams
      .get('$select')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const out: Json = select ? Object.fromEntries(Object.entries(full).filter(([k]) => select.includes(k))) : full;
    const expand =
      url.searchParams
        .get('$expand')
        ?.split(',')
        .map((s) => s.trim()) ?? [];
    // Thumbnails are not expanded on shared (remote) entries; clients must ask the owner's drive.
    if (expand.includes('thumbnails') && !how.remote) out.thumbnails = thumbnailSets(item);
    return out;
  }

  function thumbnailSets(item: FakeItem): Json[] {
    if (!item.thumbnail) return [];
    const size = (name: string, longest: number) => {
      const w = item.width ?? longest;
      const h = item.height ?? longest;
      const scale = longest / Math.max(w, h);
      return { height: Math.round(h * scale), width: Math.round(w * scale), url: state.thumbnailUrl(item, name) };
    };
    return [{ id: '0', small: size('small', 96), medium: size('medium', 176), large: size('large', 800) }];
  }

  function driveJson(drive: FakeDrive): Json {
    const owner = state.userByOid(drive.ownerOid);
    return {
      '@odata.context': `${state.urls.graphUrl}/v1.0/$metadata#drives/$entity`,
      id: drive.id,
      driveType: drive.driveType,
      name: 'OneDrive',
      webUrl: `${state.urls.downloadUrl}/web/${encodeURIComponent(drive.id)}`,
      owner: { user: { displayName: owner?.displayName, id: owner?.oid, email: owner?.username } },
      quota: { deleted: 0, remaining: 1099511627776, state: 'normal', total: 1099511627776, used: 0 },
    };
  }

  function userJson(user: FakeUser): Json {
    return {
      '@odata.context': `${state.urls.graphUrl}/v1.0/$metadata#users/$entity`,
      businessPhones: [],
      displayName: user.displayName,
      givenName: user.displayName.split(' ')[0] ?? null,
      jobTitle: null,
      mail: user.username,
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: 'en-US',
      surname: user.displayName.split(' ').slice(1).join(' ') || null,
      userPrincipalName: user.username,
      id: user.oid,
    };
  }
}

function notFound(): never {
  throw new GraphError(404, 'itemNotFound', 'The resource could not be found.');
}

function byName(a: FakeItem, b: FakeItem): number {
  return a.name.localeCompare(b.name);
}
