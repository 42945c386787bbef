import { randomBytes } from 'node:crypto';
import { matchesWords } from '../word-match';
import { listEvents, realtimeServers } from './events';
import { clientError, json, type FakeRequest, type Reply } from './http';
import { revokeEndpoint, tokenEndpoint } from './oauth2';
import { isUploadRoute, uploadHandler } from './upload';
import { folderMini, parentMini, pathCollection, userMiniJson } from './paths';
import { sha1, type FakeApp, type FakeBoxState, type FakeFile, type FakeFolder, type FakeUser } from './state';

export interface Hosts {
  apiUrl: string;
  appUrl: string;
  downloadUrl: string;
  /** The real-time server OPTIONS /2.0/events points at (long-poll). */
  realtimeUrl: string;
}

/** The exact 429 body from Box's rate-limit guide. */
const rateLimitBody = {
  type: 'error',
  status: 429,
  code: 'rate_limit_exceeded',
  help_url: 'http://developers.box.com/docs/#errors',
  message: 'Request rate limit exceeded, please try again later',
  request_id: 'abcdef123456',
};

const searchMaxLimit = 200;
const searchDefaultLimit = 30;
const searchMaxOffset = 10_000;

/** Representations Box makes for images (x-rep-hints picks among them). */
const imageReps: Array<{ representation: string; dimensions: string }> = [
  ...['32x32', '94x94', '160x160', '320x320', '1024x1024', '2048x2048'].map((dimensions) => ({ representation: 'jpg', dimensions })),
  ...['1024x1024', '2048x2048'].map((dimensions) => ({ representation: 'png', dimensions })),
];

interface Caller {
  app: FakeApp;
  user: FakeUser;
}

export function apiHandler(state: FakeBoxState, hosts: Hosts) {
  return async (request: FakeRequest): Promise<Reply> => {
    const path = request.url.pathname;
    if (state.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, state.latencyMs));
    const failure = state.takeFailure(path);
    if (failure?.status === 429)
      return json(429, rateLimitBody, failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {});
    if (failure) {
      return clientError(
        failure.status,
        failure.status === 503 ? 'unavailable' : 'internal_server_error',
        failure.status === 503 ? 'Unavailable' : 'Internal Server Error',
        {},
        failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {},
      );
    }
    if (request.method === 'POST' && path === '/oauth2/token') return tokenEndpoint(request, state, hosts.apiUrl);
    if (request.method === 'POST' && path === '/oauth2/revoke') return revokeEndpoint(request, state);
    if (isUploadRoute(request)) return uploadHandler(state, hosts)(request);
    if (!path.startsWith('/2.0/')) return clientError(404, 'not_found', 'Not Found');
    const longPollDiscovery = request.method === 'OPTIONS' && path === '/2.0/events';
    if (request.method !== 'GET' && !longPollDiscovery) return clientError(405, 'method_not_allowed', 'Method Not Allowed');

    const caller = authenticate(state, request);
    if (!caller) {
      return clientError(
        401,
        'unauthorized',
        'Unauthorized',
        {},
        {
          'www-authenticate': 'Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."',
        },
      );
    }
    if (longPollDiscovery) return realtimeServers(state, caller.user, hosts.realtimeUrl);
    if (path === '/2.0/events') return listEvents(state, caller.user, request.url);
    if (path === '/2.0/users/me') return json(200, withFields(userJson(caller.user, hosts), userMini, request.url));
    if (!caller.app.readScope) {
      return clientError(
        403,
        'insufficient_scope',
        'The request requires higher privileges than provided by the access token.',
        {},
        {
          'www-authenticate':
            'Bearer realm="Service", error="insufficient_scope", error_description="The request requires higher privileges than provided by the access token."',
        },
      );
    }
    if (path === '/2.0/search') return search(state, caller, request, hosts);

    let match = /^\/2\.0\/files\/(\d+)$/.exec(path);
    if (match) return fileInfo(state, caller, match[1]!, request, hosts);
    match = /^\/2\.0\/files\/(\d+)\/thumbnail\.(jpg|png)$/.exec(path);
    if (match) return thumbnail(state, caller, match[1]!, match[2]!, request.url, hosts);
    match = /^\/2\.0\/files\/(\d+)\/content$/.exec(path);
    if (match) return content(state, caller, match[1]!, hosts);
    match = /^\/2\.0\/folders\/(\d+)$/.exec(path);
    if (match) return folderInfo(state, caller, match[1]!, request);
    match = /^\/2\.0\/folders\/(\d+)\/items$/.exec(path);
    if (match) return folderItems(state, caller, match[1]!, request);
    match = /^\/2\.0\/internal_files\/(\d+)\/versions\/\d+\/representations\/([a-z0-9_]+)$/.exec(path);
    if (match) return representationInfo(state, caller, match[1]!, match[2]!, hosts);
    return clientError(404, 'not_found', 'Not Found');
  };
}

export function authenticate(state: FakeBoxState, request: FakeRequest): Caller | undefined {
  const header = request.headers.authorization ?? '';
  const token = /^Bearer (.+)$/i.exec(header)?.[1];
  const record = token ? state.accessTokens.get(token) : undefined;
  if (!record || record.revoked || record.expiresAt <= state.now()) return undefined;
  const app = state.app(record.clientId);
  const user = state.users.get(record.userId);
  return app && user ? { app, user } : undefined;
}

async function search(state: FakeBoxState, caller: Caller, request: FakeRequest, hosts: Hosts): Promise<Reply> {
  state.counters.searches++;
  state.events.emit('search-started', request.url);
  if (state.searchHold) await Promise.race([state.searchHold, request.closed]);
  if (request.isClosed()) return { status: 499 };
  if (state.rateLimit.remaining > 0) {
    state.rateLimit.remaining--;
    return json(429, rateLimitBody, { 'retry-after': String(state.rateLimit.retryAfter) });
  }
  const params = request.url.searchParams;
  const query = params.get('query');
  if (!query && !params.get('mdfilters')) {
    return clientError(400, 'bad_request', 'Bad Request', {
      context_info: { errors: [{ reason: 'missing_parameter', name: 'to_search', message: "'to_search' is required" }] },
    });
  }
  const offset = Number(params.get('offset') ?? 0);
  if (!Number.isInteger(offset) || offset < 0 || offset > searchMaxOffset) {
    return clientError(400, 'bad_request', 'Bad Request', {
      context_info: { errors: [{ reason: 'invalid_parameter', name: 'offset', message: `Invalid value '${params.get('offset')}'.` }] },
    });
  }
  const requestedLimit = Number(params.get('limit') ?? searchDefaultLimit);
  const limit = Math.min(Math.max(1, Number.isFinite(requestedLimit) ? Math.floor(requestedLimit) : searchDefaultLimit), searchMaxLimit);

  const ancestors = list(params.get('ancestor_folder_ids'));
  for (const id of ancestors) {
    const folder = state.folders.get(id);
    if (!folder || !state.canSee(caller.user.id, folder)) return clientError(404, 'not_found', 'Could not find the specified resource');
  }
  const type = params.get('type');
  const extensions = list(params.get('file_extensions')).map((e) => e.toLowerCase());
  const matches = [...state.files.values()].filter(
    (file) =>
      (type === null || type === 'file') &&
      file.indexed &&
      state.canSee(caller.user.id, file) &&
      matchesWords(file.name, query ?? '', { allowOr: true }) &&
      (extensions.length === 0 || extensions.includes(extensionOf(file.name))) &&
      (ancestors.length === 0 || ancestors.some((id) => state.isUnder(file, id))),
  );
  // sort=modified_at orders by modification time (direction DESC by default, as Box does);
  // the default, relevance, keeps the fake's own order.
  if (params.get('sort') === 'modified_at') {
    const sign = params.get('direction') === 'ASC' ? 1 : -1;
    matches.sort((a, b) => sign * (Date.parse(a.modifiedAt) - Date.parse(b.modifiedAt)));
  }
  const fields = list(params.get('fields'));
  const hints = request.headers['x-rep-hints'];
  const entries = matches.slice(offset, offset + limit).map((file) => {
    const full = fileJson(state, file, caller.user, fields);
    // As on GET /files/{id}: `fields=representations` with x-rep-hints brings the thumbnail's URL with the hit.
    if (fields.includes('representations'))
      full.representations = { entries: representations(state, file, typeof hints === 'string' ? hints : undefined, hosts) };
    return withFields(full, fileMini, request.url);
  });
  return json(200, { total_count: matches.length, limit, offset, type: 'search_results_items', entries });
}

function fileInfo(state: FakeBoxState, caller: Caller, id: string, request: FakeRequest, hosts: Hosts): Reply {
  const file = visibleFile(state, caller, id);
  if (!file) return notFound();
  const full = fileJson(state, file, caller.user);
  const fields = list(request.url.searchParams.get('fields'));
  if (fields.includes('representations')) {
    const hints = request.headers['x-rep-hints'];
    full.representations = { entries: representations(state, file, typeof hints === 'string' ? hints : undefined, hosts) };
  }
  return json(200, withFields(full, fileMini, request.url));
}

function representationInfo(state: FakeBoxState, caller: Caller, id: string, repName: string, hosts: Hosts): Reply {
  const file = visibleFile(state, caller, id);
  const rep = imageReps.find((r) => repId(r) === repName);
  if (!file || !rep) return notFound();
  return json(200, representationEntry(state, file, rep, hosts));
}

function representations(state: FakeBoxState, file: FakeFile, hints: string | undefined, hosts: Hosts): Array<Record<string, unknown>> {
  if (!isImage(file.name) || !file.representations) return [];
  if (!hints) return imageReps.map((rep) => representationEntry(state, file, rep, hosts));
  const chosen: Array<(typeof imageReps)[number]> = [];
  for (const group of hints.match(/\[[^\]]*\]/g) ?? []) {
    // Inside one bracket, comma-separated hints mean "the first available one".
    for (const hint of group.slice(1, -1).split(',')) {
      const [representation, query = ''] = hint.split('?');
      const dimensions = new URLSearchParams(query).get('dimensions');
      const rep = imageReps.find((r) => r.representation === representation && (dimensions === null || r.dimensions === dimensions));
      if (rep) {
        chosen.push(rep);
        break;
      }
    }
  }
  return chosen.map((rep) => representationEntry(state, file, rep, hosts));
}

function representationEntry(state: FakeBoxState, file: FakeFile, rep: (typeof imageReps)[number], hosts: Hosts): Record<string, unknown> {
  const pending = file.representationPending > 0;
  if (pending) file.representationPending--;
  const path = `/2.0/internal_files/${file.id}/versions/${file.versionId}/representations/${repId(rep)}`;
  return {
    representation: rep.representation,
    properties: { dimensions: rep.dimensions, paged: 'false', thumb: rep.dimensions === '320x320' ? 'true' : 'false' },
    info: { url: `${hosts.apiUrl}${path}` },
    content: { url_template: `${hosts.downloadUrl}/api${path}/content/{+asset_path}` },
    status: { state: pending ? 'pending' : 'success' },
  };
}

function thumbnail(state: FakeBoxState, caller: Caller, id: string, extension: string, url: URL, hosts: Hosts): Reply {
  const file = visibleFile(state, caller, id);
  if (!file) return notFound();
  for (const key of ['min_width', 'min_height', 'max_width', 'max_height']) {
    const value = url.searchParams.get(key);
    if (value !== null && (Number(value) < 32 || Number(value) > 320)) {
      return clientError(400, 'requested_preview_unavailable', 'Requested preview unavailable');
    }
  }
  if (!isImage(file.name)) return { status: 302, headers: { location: `${hosts.downloadUrl}/placeholder/file.${extension}` } };
  if (file.thumbnailPending > 0) {
    file.thumbnailPending--;
    return {
      status: 202,
      headers: { 'retry-after': String(state.thumbnailRetryAfter), location: `${hosts.downloadUrl}/placeholder/image.${extension}` },
    };
  }
  return { status: 200, headers: { 'content-type': extension === 'png' ? 'image/png' : 'image/jpeg' }, body: file.thumbnail ?? file.bytes };
}

function content(state: FakeBoxState, caller: Caller, id: string, hosts: Hosts): Reply {
  const file = visibleFile(state, caller, id);
  if (!file) return notFound();
  const key = randomBytes(16).toString('hex');
  state.downloads.set(key, { fileId: file.id, expiresAt: Date.now() + 60_000 });
  return { status: 302, headers: { location: `${hosts.downloadUrl}/d/${key}/${encodeURIComponent(file.name)}` } };
}

function visibleFile(state: FakeBoxState, caller: Caller, id: string): FakeFile | undefined {
  const file = state.files.get(id);
  return file && state.canSee(caller.user.id, file) ? file : undefined;
}

function notFound(): Reply {
  return clientError(404, 'not_found', 'Not Found');
}

const userMini = ['type', 'id', 'name', 'login'];
const folderMiniFields = ['type', 'id', 'etag', 'sequence_id', 'name'];

/**
 * GET /2.0/folders/{id}/items, folders first then files (each by ID), offset paging or
 * marker paging (`usemarker=true`, `marker`, `next_marker`; offset, total_count and order
 * are left out in that mode, as the spec says). A user's root ("0") also lists what is
 * collaborated with them, as Box shows shared folders at the top level. A folder the
 * viewer may see but not list answers 403.
 */
function folderItems(state: FakeBoxState, caller: Caller, folderId: string, request: FakeRequest): Reply {
  const viewer = caller.user.id;
  if (folderId !== '0') {
    const folder = state.folders.get(folderId);
    if (!folder || !state.canSee(viewer, folder)) return clientError(404, 'not_found', 'Could not find the specified resource');
    if (state.deniedFolders.get(folderId)?.has(viewer)) {
      return clientError(403, 'access_denied_insufficient_permissions', 'Access denied - insufficient permission');
    }
  }
  const params = request.url.searchParams;
  const limit = Math.max(1, Math.min(Number(params.get('limit') ?? 100) || 100, 1000));
  const listed = listingOf(state, viewer, folderId);
  const toJson = (entry: Listed) =>
    entry.kind === 'folder'
      ? folderEntryJson(state, entry.item as FakeFolder, viewer, request.url)
      : withFields(fileJson(state, entry.item as FakeFile, caller.user, list(params.get('fields'))), fileMini, request.url);

  if (params.get('usemarker') === 'true') {
    const marker = params.get('marker');
    let start = 0;
    if (marker) {
      const after = parseMarker(marker);
      if (!after)
        return clientError(400, 'bad_request', 'Bad Request', {
          context_info: { errors: [{ reason: 'invalid_parameter', name: 'marker', message: 'Invalid value for marker.' }] },
        });
      start = listed.findIndex((entry) => compareListed(entry, after) > 0);
      if (start < 0) start = listed.length;
    }
    const page = listed.slice(start, start + limit);
    const last = page.at(-1);
    const more = start + limit < listed.length && last !== undefined;
    return json(200, { entries: page.map(toJson), limit, next_marker: more ? markerOf(last) : null, prev_marker: null });
  }
  const offset = Number(params.get('offset') ?? 0);
  return json(200, {
    total_count: listed.length,
    entries: listed.slice(offset, offset + limit).map(toJson),
    offset,
    limit,
    order: [{ by: 'type', direction: 'ASC' }],
  });
}

/** GET /2.0/folders/{id}: the folder (mini fields plus what `fields` names, or the usual set). */
function folderInfo(state: FakeBoxState, caller: Caller, folderId: string, request: FakeRequest): Reply {
  const folder = state.folders.get(folderId);
  if (folderId !== '0' && (!folder || !state.canSee(caller.user.id, folder)))
    return clientError(404, 'not_found', 'Could not find the specified resource');
  const base = folderId === '0' ? folderMini(undefined, '0') : folderMini(folder, folderId);
  const full = {
    ...base,
    parent: folder ? parentMini(state, folder.parentId, caller.user.id) : null,
    path_collection: folder ? pathCollection(state, folder.parentId, caller.user.id) : { total_count: 0, entries: [] },
    item_status: 'active',
    owned_by: userMiniJson(state.users.get(folder?.ownerId ?? caller.user.id)),
  };
  return json(200, withFields(full, folderMiniFields, request.url));
}

interface Listed {
  kind: 'folder' | 'file';
  item: FakeFolder | FakeFile;
}

function listingOf(state: FakeBoxState, viewer: string, folderId: string): Listed[] {
  if (folderId !== '0') {
    const { folders, files } = state.childrenOf(folderId);
    return [
      ...folders.filter((f) => state.canSee(viewer, f)).map((item): Listed => ({ kind: 'folder', item })),
      ...files.filter((f) => state.canSee(viewer, f)).map((item): Listed => ({ kind: 'file', item })),
    ];
  }
  const atTop = (item: { parentId: string; ownerId: string; sharedWith: Set<string> }) => {
    const parent = state.folders.get(item.parentId);
    return state.canSee(viewer, item) && !(parent && state.canSee(viewer, parent));
  };
  const byId = (a: { id: string }, b: { id: string }) => Number(a.id) - Number(b.id);
  return [
    ...[...state.folders.values()]
      .filter(atTop)
      .sort(byId)
      .map((item): Listed => ({ kind: 'folder', item })),
    ...[...state.files.values()]
      .filter(atTop)
      .sort(byId)
      .map((item): Listed => ({ kind: 'file', item })),
  ];
}

/** A marker names the last entry served, so inserts and deletes between pages neither repeat nor skip entries. */
function markerOf(entry: Listed): string {
  return Buffer.from(JSON.stringify({ k: entry.kind, i: entry.item.id })).toString('base64url');
}

function parseMarker(marker: string): { k: 'folder' | 'file'; i: string } | undefined {
  try {
    const value = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8')) as { k?: unknown; i?: unknown };
    return (value.k === 'folder' || value.k === 'file') && typeof value.i === 'string' ? { k: value.k, i: value.i } : undefined;
  } catch {
    return undefined;
  }
}

function compareListed(entry: Listed, marker: { k: 'folder' | 'file'; i: string }): number {
  const rank = (kind: string) => (kind === 'folder' ? 0 : 1);
  return rank(entry.kind) - rank(marker.k) || Number(entry.item.id) - Number(marker.i);
}

/** Folders list as mini entries; `fields` adds what it names (parent, path_collection, …). */
function folderEntryJson(state: FakeBoxState, folder: FakeFolder, viewer: string, url: URL): Record<string, unknown> {
  const mini = folderMini(folder, folder.id);
  if (list(url.searchParams.get('fields')).length === 0) return mini;
  const full = {
    ...mini,
    parent: parentMini(state, folder.parentId, viewer),
    path_collection: pathCollection(state, folder.parentId, viewer),
    item_status: 'active',
    owned_by: userMiniJson(state.users.get(folder.ownerId)),
  };
  return withFields(full, folderMiniFields, url);
}
const fileMini = ['type', 'id', 'etag', 'sequence_id', 'name', 'sha1', 'file_version'];

/** With `fields`, Box returns the mini fields plus the requested ones only. */
function withFields(full: Record<string, unknown>, mini: string[], url: URL): Record<string, unknown> {
  const fields = list(url.searchParams.get('fields'));
  // Representations are never a standard field.
  if (fields.length === 0) return Object.fromEntries(Object.entries(full).filter(([key]) => key !== 'representations'));
  return Object.fromEntries(Object.entries(full).filter(([key]) => mini.includes(key) || fields.includes(key)));
}

function userJson(user: FakeUser, hosts: Hosts): Record<string, unknown> {
  return {
    type: 'user',
    id: user.id,
    name: user.name,
    login: user.login,
    created_at: user.createdAt,
    modified_at: user.createdAt,
    language: 'en',
    timezone: 'America/Los_Angeles',
    space_amount: 10_737_418_240,
    space_used: 0,
    max_upload_size: 5_368_709_120,
    status: 'active',
    job_title: '',
    phone: '',
    address: '',
    avatar_url: `${hosts.appUrl}/api/avatar/large/${user.id}`,
    notification_email: null,
  };
}

/** `fields` (when given) spares the costly parts nobody asked for; withFields trims the rest. */
function fileJson(state: FakeBoxState, file: FakeFile, viewer: FakeUser, fields?: string[]): Record<string, unknown> {
  const owner = state.users.get(file.ownerId);
  const digest = sha1(file.bytes);
  const wants = (key: string) => !fields || fields.length === 0 || fields.includes(key);
  return {
    type: 'file',
    id: file.id,
    etag: String(file.sequence),
    sequence_id: String(file.sequence),
    name: file.name,
    sha1: digest,
    file_version: { type: 'file_version', id: file.versionId, sha1: digest },
    description: '',
    size: file.bytes.byteLength,
    path_collection: wants('path_collection') ? pathCollection(state, file.parentId, viewer.id) : null,
    created_at: file.createdAt,
    modified_at: file.modifiedAt,
    trashed_at: null,
    purged_at: null,
    content_created_at: file.createdAt,
    content_modified_at: file.modifiedAt,
    created_by: userMiniJson(owner),
    modified_by: userMiniJson(owner),
    owned_by: userMiniJson(owner),
    shared_link: null,
    parent: wants('parent') ? parentMini(state, file.parentId, viewer.id) : null,
    item_status: 'active',
    extension: extensionOf(file.name),
  };
}

function repId(rep: (typeof imageReps)[number]): string {
  return `${rep.representation}_${rep.dimensions}`;
}

function list(value: string | null): string[] {
  return value
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : [];
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

function isImage(name: string): boolean {
  return ['jpg', 'jpeg', 'png', 'gif', 'webp', 'svg', 'tif', 'tiff', 'bmp', 'heic'].includes(extensionOf(name));
}
