import { createHash, randomUUID } from 'node:crypto';
import type { Hosts } from './api';
import { authenticate } from './api';
import { clientError, json, type FakeRequest, type Reply } from './http';
import { folderMini } from './paths';
import { sha1, type FakeBoxState, type FakeFile, type FakeUser } from './state';

/**
 * Box uploads (see ../../../../shared/reference/box-openapi-subset.json, "Uploads"): the
 * pre-flight check on the API host (OPTIONS /2.0/files/content), and the upload host's
 * paths under /api/2.0 (served by the same fake server; the pre-flight's `upload_url`
 * names it): direct multipart uploads, new versions, and chunked upload sessions
 * (parts with `digest: sha=<base64 SHA-1>`, list parts, commit with the whole file's
 * digest, abort). Tests steer it through `uploads(state)`.
 */

/** Box's smallest file for a chunked session, and the part size it hands out. */
export const minChunkedSize = 20_000_000;
export const partSize = 8 * 1024 * 1024;

interface Part {
  part_id: string;
  offset: number;
  size: number;
  sha1: string;
  bytes: Buffer;
}

export interface FakeUploadSession {
  id: string;
  userId: string;
  folderId: string;
  fileName: string;
  /** A new version of this file, when the session was made for one. */
  fileId?: string;
  size: number;
  parts: Map<number, Part>;
}

export class FakeUploads {
  readonly sessions = new Map<string, FakeUploadSession>();
  /** Bytes the account may still store (403 storage_limit_exceeded beyond). */
  remainingBytes = 10_737_418_240;
  /** The account's largest upload (403 file_size_limit_exceeded beyond). */
  maxUploadSize = 5_368_709_120;
  /** Box indexes uploads for search minutes later: false keeps them out of search, as Box does. */
  indexUploads = false;
  /** Folders a user may see but not add to (a Viewer collaboration), by folder ID. */
  readonly readOnly = new Map<string, Set<string>>();
  /** After this many more parts are stored, part uploads break the connection (a network loss). */
  breakAfterParts: number | undefined;
  /** The next N commits answer 202 + Retry-After (parts still processing). */
  commitPending = 0;
  /** Part bodies are read this fast (bytes per second): a slow uplink. */
  uplinkBytesPerSecond: number | undefined;
  /** The next N parts hang: Box reads nothing more of the part and never answers, until the client gives up. */
  stallParts = 0;
  /** Counters tests assert on. */
  readonly counts = {
    preflights: 0,
    directUploads: 0,
    partsStored: 0,
    commits: 0,
    sessionsCreated: 0,
    digestMismatches: 0,
    stalledParts: 0,
  };

  viewOnly(folderId: string, userId: string): void {
    const set = this.readOnly.get(folderId) ?? new Set<string>();
    set.add(userId);
    this.readOnly.set(folderId, set);
  }
}

const registry = new WeakMap<FakeBoxState, FakeUploads>();

/** The upload side of a fake Box (created on first use). */
export function uploads(state: FakeBoxState): FakeUploads {
  let found = registry.get(state);
  if (!found) registry.set(state, (found = new FakeUploads()));
  return found;
}

export function isUploadRoute(request: FakeRequest): boolean {
  const path = request.url.pathname;
  return path.startsWith('/api/2.0/') || (request.method === 'OPTIONS' && /^\/2\.0\/files\/(\d+\/)?content$/.test(path));
}

interface Caller {
  user: FakeUser;
  writeScope: boolean;
}

export function uploadHandler(state: FakeBoxState, hosts: Hosts) {
  const fake = uploads(state);
  return async (request: FakeRequest): Promise<Reply> => {
    const found = authenticate(state, request);
    if (!found) return clientError(401, 'unauthorized', 'Unauthorized');
    const caller: Caller = { user: found.user, writeScope: found.app.writeScope !== false };
    const path = request.url.pathname;
    const method = request.method;

    let m = /^\/2\.0\/files\/(?:(\d+)\/)?content$/.exec(path);
    if (m && method === 'OPTIONS') return preflight(caller, await bodyJson(request), m[1]);
    m = /^\/api\/2\.0\/files\/(?:(\d+)\/)?content$/.exec(path);
    if (m && method === 'POST') return direct(caller, request, m[1]);
    m = /^\/api\/2\.0\/files\/(?:(\d+)\/)?upload_sessions$/.exec(path);
    if (m && method === 'POST') return createSession(caller, await bodyJson(request), m[1]);
    m = /^\/api\/2\.0\/files\/upload_sessions\/([\w-]+)(\/parts|\/commit)?$/.exec(path);
    if (m) {
      const session = fake.sessions.get(m[1]!);
      if (!session || session.userId !== caller.user.id) return clientError(404, 'not_found', 'Upload session not found');
      if (!m[2] && method === 'PUT') return uploadPart(session, request);
      if (!m[2] && method === 'DELETE') {
        fake.sessions.delete(session.id);
        return { status: 204 };
      }
      if (!m[2] && method === 'GET') return json(200, sessionJson(session));
      if (m[2] === '/parts' && method === 'GET') return listParts(session, request.url);
      if (m[2] === '/commit' && method === 'POST') return commit(caller, session, request);
    }
    return clientError(405, 'method_not_allowed', 'Method Not Allowed');
  };

  /** Everything Box checks before it takes bytes: scope, folder role, name, size, quota, conflicts. */
  function check(caller: Caller, input: { name?: unknown; size?: unknown; folderId?: unknown; fileId?: string }): Reply | undefined {
    if (!caller.writeScope) {
      return clientError(403, 'insufficient_scope', 'The request requires higher privileges than provided by the access token.');
    }
    let folderId = typeof input.folderId === 'string' ? input.folderId : undefined;
    if (input.fileId) {
      const file = state.files.get(input.fileId);
      if (!file || !state.canSee(caller.user.id, file)) return clientError(404, 'not_found', 'Not Found');
      folderId = file.parentId;
    }
    if (folderId === undefined)
      return clientError(400, 'bad_request', 'Bad Request', {
        context_info: { errors: [{ reason: 'missing_parameter', name: 'parent' }] },
      });
    const folder = state.folders.get(folderId);
    if (folderId !== '0' && (!folder || !state.canSee(caller.user.id, folder))) return clientError(404, 'not_found', 'Not Found');
    if (fake.readOnly.get(folderId)?.has(caller.user.id) || state.deniedFolders.get(folderId)?.has(caller.user.id)) {
      return clientError(403, 'access_denied_insufficient_permissions', 'Access denied - insufficient permission');
    }
    const name = typeof input.name === 'string' ? input.name : input.fileId ? state.files.get(input.fileId)!.name : '';
    if (name.length > 255) return clientError(400, 'item_name_too_long', 'Item name too long');
    if (!name || /[/\\]/.test(name) || name !== name.trim() || name === '.' || name === '..')
      return clientError(400, 'item_name_invalid', 'Item name invalid');
    const size = typeof input.size === 'number' ? input.size : 0;
    if (size > fake.maxUploadSize)
      return clientError(403, 'file_size_limit_exceeded', 'File size exceeds the folder owner’s file size limit');
    if (size > fake.remainingBytes) return clientError(403, 'storage_limit_exceeded', 'Account storage limit reached');
    if (!input.fileId) {
      const taken = sameName(folderId, name);
      if (taken)
        return clientError(409, 'item_name_in_use', 'Item with the same name already exists', {
          context_info: { conflicts: fileMini(taken) },
        });
    }
    return undefined;
  }

  function preflight(caller: Caller, body: Record<string, unknown>, fileId: string | undefined): Reply {
    fake.counts.preflights++;
    const parent = body.parent as { id?: unknown } | undefined;
    const refused = check(caller, { name: body.name, size: body.size, folderId: parent?.id, ...(fileId ? { fileId } : {}) });
    if (refused) return refused;
    return json(200, { upload_url: `${hosts.apiUrl}/api/2.0/files/content?upload_session_id=${randomUUID()}`, upload_token: null });
  }

  async function direct(caller: Caller, request: FakeRequest, fileId: string | undefined): Promise<Reply> {
    const parsed = parseMultipart(await request.bytes(), request.headers['content-type'] ?? '');
    if ('error' in parsed) return clientError(400, parsed.error, 'Bad Request');
    const attributes = parsed.attributes as { name?: unknown; parent?: { id?: unknown } };
    const refused = check(caller, {
      name: attributes.name,
      size: parsed.file.length,
      folderId: attributes.parent?.id,
      ...(fileId ? { fileId } : {}),
    });
    if (refused) return refused;
    const digest = request.headers['content-md5'];
    if (typeof digest === 'string' && digest !== sha1(parsed.file)) {
      fake.counts.digestMismatches++;
      return clientError(400, 'bad_digest', 'The specified content-md5 did not match what we received');
    }
    fake.counts.directUploads++;
    const file = store(caller, {
      fileId,
      folderId: String(attributes.parent?.id ?? ''),
      name: typeof attributes.name === 'string' ? attributes.name : undefined,
      bytes: parsed.file,
    });
    return json(201, { total_count: 1, entries: [fileFull(file)] });
  }

  function createSession(caller: Caller, body: Record<string, unknown>, fileId: string | undefined): Reply {
    const size = typeof body.file_size === 'number' ? body.file_size : -1;
    const refused = check(caller, { name: body.file_name, size, folderId: body.folder_id, ...(fileId ? { fileId } : {}) });
    if (refused) return refused;
    if (size < minChunkedSize)
      return clientError(400, 'file_size_too_small', 'File size is less than minimum allowed for this API: 20000000');
    const session: FakeUploadSession = {
      id: randomUUID().replace(/-/g, '').toUpperCase(),
      userId: caller.user.id,
      folderId: fileId ? state.files.get(fileId)!.parentId : String(body.folder_id),
      fileName: typeof body.file_name === 'string' ? body.file_name : (state.files.get(fileId ?? '')?.name ?? ''),
      ...(fileId ? { fileId } : {}),
      size,
      parts: new Map(),
    };
    fake.sessions.set(session.id, session);
    fake.counts.sessionsCreated++;
    return json(201, sessionJson(session));
  }

  async function uploadPart(session: FakeUploadSession, request: FakeRequest): Promise<Reply> {
    if (fake.breakAfterParts !== undefined && fake.breakAfterParts <= 0) {
      // The connection drops mid-part: nothing is stored, the client sees a reset.
      return { status: 0, send: (res) => res.socket?.destroy() };
    }
    if (fake.stallParts > 0) {
      fake.stallParts--;
      fake.counts.stalledParts++;
      // The part's first bytes sit in the socket buffers; nothing more is read until the client hangs up.
      await request.closed;
      return { status: 0, send: (res) => res.socket?.destroy() };
    }
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(request.headers['content-range'] ?? ''));
    const bytes = await request.bytes(fake.uplinkBytesPerSecond);
    if (!range || Number(range[3]) !== session.size)
      return clientError(416, 'range_not_satisfiable', 'Content-Range is missing or does not match the session');
    const offset = Number(range[1]);
    const end = Number(range[2]);
    const expectedSize = Math.min(partSize, session.size - offset);
    if (offset % partSize !== 0 || end - offset + 1 !== expectedSize || bytes.length !== expectedSize) {
      return clientError(
        416,
        'range_not_satisfiable',
        'Parts must be part_size long (the last one shorter) and start at a multiple of part_size',
      );
    }
    const digest = /^sha=(.+)$/.exec(String(request.headers.digest ?? ''))?.[1];
    if (digest !== createHash('sha1').update(bytes).digest('base64')) {
      fake.counts.digestMismatches++;
      return clientError(412, 'precondition_failed', 'The digest does not match the part');
    }
    const part: Part = {
      part_id: createHash('md5').update(`${session.id}:${offset}`).digest('hex').slice(0, 8).toUpperCase(),
      offset,
      size: bytes.length,
      sha1: sha1(bytes),
      bytes,
    };
    session.parts.set(offset, part);
    fake.counts.partsStored++;
    if (fake.breakAfterParts !== undefined) fake.breakAfterParts--;
    return json(200, { part: partJson(part) });
  }

  function listParts(session: FakeUploadSession, url: URL): Reply {
    const all = [...session.parts.values()].sort((a, b) => a.offset - b.offset);
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 100) || 100, 1000);
    return json(200, { entries: all.slice(offset, offset + limit).map(partJson), limit, offset, total_count: all.length });
  }

  async function commit(caller: Caller, session: FakeUploadSession, request: FakeRequest): Promise<Reply> {
    const body = JSON.parse((await request.bytes()).toString('utf8') || '{}') as { parts?: Array<{ part_id?: string; offset?: number }> };
    if (fake.commitPending > 0) {
      fake.commitPending--;
      return { status: 202, headers: { 'retry-after': '1' } };
    }
    const parts = [...session.parts.values()].sort((a, b) => a.offset - b.offset);
    const listed = body.parts ?? [];
    if (listed.length !== parts.length || listed.some((p, i) => p.part_id !== parts[i]!.part_id || p.offset !== parts[i]!.offset)) {
      return clientError(400, 'bad_request', 'The list of parts does not match the parts uploaded');
    }
    const whole = Buffer.concat(parts.map((p) => p.bytes));
    const digest = /^sha=(.+)$/.exec(String(request.headers.digest ?? ''))?.[1];
    if (whole.length !== session.size || digest !== createHash('sha1').update(whole).digest('base64')) {
      fake.counts.digestMismatches++;
      return clientError(412, 'precondition_failed', 'The digest does not match the file');
    }
    const refused = check(caller, {
      name: session.fileName,
      size: session.size,
      folderId: session.folderId,
      ...(session.fileId ? { fileId: session.fileId } : {}),
    });
    if (refused) return refused;
    fake.counts.commits++;
    fake.sessions.delete(session.id);
    const file = store(caller, { fileId: session.fileId, folderId: session.folderId, name: session.fileName, bytes: whole });
    return json(201, { total_count: 1, entries: [fileFull(file)] });
  }

  function store(
    caller: Caller,
    input: { fileId: string | undefined; folderId: string; name: string | undefined; bytes: Buffer },
  ): FakeFile {
    fake.remainingBytes -= input.bytes.length;
    if (input.fileId) {
      const file = state.files.get(input.fileId)!;
      file.bytes = new Uint8Array(input.bytes);
      if (input.name) file.name = input.name;
      file.versionId = String(Number(file.versionId) + 1);
      file.sequence++;
      file.modifiedAt = new Date().toISOString();
      return file;
    }
    return state.changes.upload({
      name: input.name ?? '',
      bytes: new Uint8Array(input.bytes),
      ownerId: caller.user.id,
      parentId: input.folderId,
      indexed: fake.indexUploads,
      by: caller.user.id,
    });
  }

  function sameName(folderId: string, name: string): FakeFile | undefined {
    // Box compares names without regard to case.
    return state.childrenOf(folderId).files.find((file) => file.name.toLowerCase() === name.toLowerCase());
  }

  function sessionJson(session: FakeUploadSession): Record<string, unknown> {
    const base = `${hosts.apiUrl}/api/2.0/files/upload_sessions/${session.id}`;
    return {
      id: session.id,
      type: 'upload_session',
      session_expires_at: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      part_size: partSize,
      total_parts: Math.ceil(session.size / partSize),
      num_parts_processed: session.parts.size,
      session_endpoints: {
        upload_part: base,
        commit: `${base}/commit`,
        abort: base,
        list_parts: `${base}/parts`,
        status: base,
        log_event: `${base}/log`,
      },
    };
  }

  function fileMini(file: FakeFile): Record<string, unknown> {
    return {
      type: 'file',
      id: file.id,
      sequence_id: String(file.sequence),
      etag: String(file.sequence),
      sha1: sha1(file.bytes),
      name: file.name,
      file_version: { type: 'file_version', id: file.versionId, sha1: sha1(file.bytes) },
    };
  }

  function fileFull(file: FakeFile): Record<string, unknown> {
    return {
      ...fileMini(file),
      size: file.bytes.length,
      created_at: file.createdAt,
      modified_at: file.modifiedAt,
      parent: folderMini(state.folders.get(file.parentId), file.parentId),
      item_status: 'active',
    };
  }
}

function partJson(part: Part): Record<string, unknown> {
  return { part_id: part.part_id, offset: part.offset, size: part.size, sha1: part.sha1 };
}

async function bodyJson(request: FakeRequest): Promise<Record<string, unknown>> {
  try {
    const value = JSON.parse((await request.bytes()).toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** `attributes` (JSON) then `file`, as Box requires: the other order is a 400 metadata_after_file_contents. */
function parseMultipart(body: Buffer, contentType: string): { attributes: unknown; file: Buffer } | { error: string } {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const mark = boundary?.[1] ?? boundary?.[2];
  if (!mark) return { error: 'bad_request' };
  const delimiter = Buffer.from(`--${mark}`);
  const parts: Array<{ name: string; data: Buffer }> = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const chunk = body.subarray(start + 2, next - 2);
    const headerEnd = chunk.indexOf('\r\n\r\n');
    const headers = chunk.subarray(0, headerEnd).toString('utf8');
    const name = /name="([^"]+)"/.exec(headers)?.[1] ?? '';
    parts.push({ name, data: chunk.subarray(headerEnd + 4) });
    at = next;
  }
  const attributesAt = parts.findIndex((p) => p.name === 'attributes');
  const fileAt = parts.findIndex((p) => p.name === 'file');
  if (attributesAt < 0 || fileAt < 0) return { error: 'bad_request' };
  if (attributesAt > fileAt) return { error: 'metadata_after_file_contents' };
  try {
    return { attributes: JSON.parse(parts[attributesAt]!.data.toString('utf8')) as unknown, file: parts[fileAt]!.data };
  } catch {
    return { error: 'bad_request' };
  }
}
