import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { quickXorHash } from '../../../main/media/quick-xor-hash';
import { sendJson } from './http';
import type { FakeItem, FakeMicrosoftState, FakeUser } from './state';

/**
 * OneDrive uploads on the fake Graph: the path form `/items/{parent-id}:/{name}:` (lookup,
 * simple upload up to 4 MB with `@microsoft.graph.conflictBehavior`, createUploadSession),
 * a new version with `PUT /items/{id}/content`, DELETE, and the pre-authenticated upload
 * session URLs on the download host (fragments in multiples of 320 KiB, 202 with
 * nextExpectedRanges, 416 for a range it does not expect, 409 nameAlreadyExists on the last
 * fragment). Writing needs Files.ReadWrite(.All): 403 accessDenied otherwise.
 */

export const simpleLimit = 4 * 1024 * 1024;
export const fragmentUnit = 320 * 1024;
const maxFragment = 60 * 1024 * 1024;
const writeScopes = ['Files.ReadWrite', 'Files.ReadWrite.All'];

export interface FakeGraphSession {
  token: string;
  oid: string;
  driveId: string;
  parentId: string;
  name: string;
  replaceId?: string;
  behaviour: 'fail' | 'replace' | 'rename';
  size?: number;
  received: Buffer[];
  next: number;
}

export class FakeGraphUploads {
  readonly sessions = new Map<string, FakeGraphSession>();
  /** Bytes the drive may still store (507 quotaLimitReached beyond; quota.remaining says it). */
  remainingBytes = 1_099_511_627_776;
  /** After this many more fragments are stored, fragment uploads break the connection. */
  breakAfterFragments: number | undefined;
  readonly counts = { simpleUploads: 0, sessionsCreated: 0, fragmentsStored: 0, rangeRefusals: 0, deletes: 0 };
}

const registry = new WeakMap<FakeMicrosoftState, FakeGraphUploads>();

export function graphUploads(state: FakeMicrosoftState): FakeGraphUploads {
  let found = registry.get(state);
  if (!found) registry.set(state, (found = new FakeGraphUploads()));
  return found;
}

class Refusal {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
  ) {}
}

async function readBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Handles the Graph requests that write (and the quota read); false for everything else,
 * which the read-only Graph routes answer.
 */
export async function handleGraphUpload(state: FakeMicrosoftState, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const path = decodeURIComponent(url.pathname);
  const method = req.method ?? 'GET';
  const byPath = /^\/v1\.0\/me\/drive\/items\/([^/:]+):\/([^/]+):(\/content|\/createUploadSession)?$/.exec(path);
  const byId = /^\/v1\.0\/me\/drive\/items\/([^/:]+)(\/content|\/createUploadSession)?$/.exec(path);
  const quota = method === 'GET' && path === '/v1.0/me/drive' && url.searchParams.get('$select') === 'quota';
  const writes = method !== 'GET' && byId !== null;
  if (!byPath && !quota && !writes) return false;
  const fake = graphUploads(state);
  try {
    const user = caller(state, req.headers.authorization, method !== 'GET');
    const drive = state.driveOf(user);
    if (quota) return done(res, 200, { quota: { remaining: fake.remainingBytes, state: 'normal' } });
    if (byPath) {
      const parent = state.items.get(byPath[1]!);
      if (!parent?.folder || parent.driveId !== drive.id) throw new Refusal(404, 'itemNotFound', 'The resource could not be found.');
      const name = byPath[2]!;
      const action = byPath[3];
      if (!action && method === 'GET') {
        const found = childNamed(state, parent.id, name);
        if (!found) throw new Refusal(404, 'itemNotFound', 'The resource could not be found.');
        return done(res, 200, itemJson(state, found));
      }
      checkName(name);
      const behaviour = conflictBehaviour(url.searchParams.get('@microsoft.graph.conflictBehavior'));
      if (action === '/content' && method === 'PUT') {
        const bytes = await readBytes(req);
        if (bytes.length > simpleLimit)
          throw new Refusal(413, 'requestTooLarge', 'Simple upload is limited to 4 MB; use an upload session.');
        const item = store(state, fake, user, { parentId: parent.id, name, behaviour, bytes });
        fake.counts.simpleUploads++;
        return done(res, 201, itemJson(state, item));
      }
      if (action === '/createUploadSession' && method === 'POST') {
        const body = JSON.parse((await readBytes(req)).toString('utf8') || '{}') as { item?: Record<string, unknown> };
        const chosen = conflictBehaviour(body.item?.['@microsoft.graph.conflictBehavior']);
        if (chosen === 'fail' && childNamed(state, parent.id, name))
          throw new Refusal(409, 'nameAlreadyExists', 'The specified item name already exists.');
        return done(res, 200, openSession(state, fake, user, { parentId: parent.id, name, behaviour: chosen }));
      }
      throw new Refusal(405, 'notSupported', 'The HTTP method is not supported for this resource.');
    }
    const item = state.items.get(byId![1]!);
    if (!item || item.driveId !== drive.id) throw new Refusal(404, 'itemNotFound', 'The resource could not be found.');
    if (!byId![2] && method === 'DELETE') {
      state.deleteItem(item);
      fake.counts.deletes++;
      res.writeHead(204).end();
      return true;
    }
    if (byId![2] === '/content' && method === 'PUT') {
      const bytes = await readBytes(req);
      if (bytes.length > simpleLimit) throw new Refusal(413, 'requestTooLarge', 'Simple upload is limited to 4 MB; use an upload session.');
      fake.counts.simpleUploads++;
      return done(res, 200, itemJson(state, replace(state, fake, item, bytes)));
    }
    if (byId![2] === '/createUploadSession' && method === 'POST') {
      await readBytes(req);
      return done(
        res,
        200,
        openSession(state, fake, user, {
          parentId: item.parentId ?? drive.rootId,
          name: item.name,
          behaviour: 'replace',
          replaceId: item.id,
        }),
      );
    }
    throw new Refusal(405, 'notSupported', 'The HTTP method is not supported for this resource.');
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    return done(res, error.status, { error: { code: error.code, message: error.message } });
  }
}

/** The pre-authenticated upload URL (on the download host); false for other paths. */
export async function handleUploadSession(
  state: FakeMicrosoftState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const match = /^\/upload\/([\w-]+)$/.exec(url.pathname);
  if (!match) return false;
  const fake = graphUploads(state);
  const session = fake.sessions.get(match[1]!);
  const method = req.method ?? 'GET';
  if (!session) return done(res, 404, { error: { code: 'itemNotFound', message: 'The upload session was not found.' } });
  const status = () => ({ expirationDateTime: new Date(Date.now() + 86_400_000).toISOString(), nextExpectedRanges: [`${session.next}-`] });
  if (method === 'GET') return done(res, 200, status());
  if (method === 'DELETE') {
    fake.sessions.delete(session.token);
    res.writeHead(204).end();
    return true;
  }
  if (method !== 'PUT') return done(res, 405, { error: { code: 'notSupported', message: 'Not supported.' } });
  if (fake.breakAfterFragments !== undefined && fake.breakAfterFragments <= 0) {
    res.socket?.destroy();
    return true;
  }
  const bytes = await readBytes(req);
  const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(req.headers['content-range'] ?? ''));
  if (!range) return done(res, 400, { error: { code: 'invalidRequest', message: 'Content-Range is required.' } });
  const [start, end, total] = [Number(range[1]), Number(range[2]), Number(range[3])];
  session.size ??= total;
  const last = end + 1 === total;
  if (start !== session.next || total !== session.size || end - start + 1 !== bytes.length) {
    fake.counts.rangeRefusals++;
    return done(res, 416, {
      error: { code: 'invalidRange', message: 'The uploaded fragment overlaps with data that has already been received.' },
    });
  }
  if (bytes.length > maxFragment || (!last && bytes.length % fragmentUnit !== 0)) {
    return done(res, 400, {
      error: { code: 'invalidRequest', message: 'Fragments must be a multiple of 320 KiB (except the last) and at most 60 MiB.' },
    });
  }
  session.received.push(bytes);
  session.next = end + 1;
  fake.counts.fragmentsStored++;
  if (fake.breakAfterFragments !== undefined) fake.breakAfterFragments--;
  if (!last) return done(res, 202, status());
  fake.sessions.delete(session.token);
  try {
    const user = state.userByOid(session.oid)!;
    const whole = Buffer.concat(session.received);
    const existing = session.replaceId ? state.items.get(session.replaceId) : undefined;
    const item = existing
      ? replace(state, fake, existing, whole)
      : store(state, fake, user, { parentId: session.parentId, name: session.name, behaviour: session.behaviour, bytes: whole });
    return done(res, 201, itemJson(state, item));
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    return done(res, error.status, { error: { code: error.code, message: error.message } });
  }
}

function done(res: ServerResponse, status: number, body: unknown): true {
  sendJson(res, status, body);
  return true;
}

function caller(state: FakeMicrosoftState, header: string | undefined, writing: boolean): FakeUser {
  const token = /^Bearer (.+)$/i.exec(header ?? '')?.[1];
  const grant = token ? state.accessTokens.get(token) : undefined;
  const user = grant && grant.expiresAt > state.now().getTime() ? state.userByOid(grant.oid) : undefined;
  if (!grant || !user) throw new Refusal(401, 'InvalidAuthenticationToken', 'Access token validation failure.');
  if (writing && !grant.scopes.some((s) => writeScopes.includes(s))) {
    throw new Refusal(403, 'accessDenied', 'Access denied. You do not have permission to perform this action or access this resource.');
  }
  if (state.driveOf(user).denied)
    throw new Refusal(403, 'accessDenied', 'Access denied. You do not have permission to perform this action or access this resource.');
  return user;
}

function conflictBehaviour(value: unknown): FakeGraphSession['behaviour'] {
  return value === 'replace' || value === 'rename' ? value : 'fail';
}

function checkName(name: string): void {
  if (/["*:<>?/\\|]/.test(name) || name !== name.trim() || name.endsWith('.')) {
    throw new Refusal(400, 'invalidRequest', 'The name contains characters that are not allowed.');
  }
}

function childNamed(state: FakeMicrosoftState, parentId: string, name: string): FakeItem | undefined {
  return [...state.items.values()].find((i) => i.parentId === parentId && i.name.toLowerCase() === name.toLowerCase());
}

function openSession(
  state: FakeMicrosoftState,
  fake: FakeGraphUploads,
  user: FakeUser,
  input: Pick<FakeGraphSession, 'parentId' | 'name' | 'behaviour' | 'replaceId'>,
) {
  const token = randomBytes(16).toString('hex');
  fake.sessions.set(token, { token, oid: user.oid, driveId: user.driveId, ...input, received: [], next: 0 });
  fake.counts.sessionsCreated++;
  return {
    uploadUrl: `${state.urls.downloadUrl}/upload/${token}`,
    expirationDateTime: new Date(Date.now() + 86_400_000).toISOString(),
    nextExpectedRanges: ['0-'],
  };
}

function store(
  state: FakeMicrosoftState,
  fake: FakeGraphUploads,
  user: FakeUser,
  input: { parentId: string; name: string; behaviour: FakeGraphSession['behaviour']; bytes: Buffer },
): FakeItem {
  if (input.bytes.length > fake.remainingBytes) throw new Refusal(507, 'quotaLimitReached', 'Insufficient Space Available');
  const existing = childNamed(state, input.parentId, input.name);
  if (existing && input.behaviour === 'fail') throw new Refusal(409, 'nameAlreadyExists', 'The specified item name already exists.');
  if (existing && input.behaviour === 'replace') return replace(state, fake, existing, input.bytes);
  let name = input.name;
  // Graph's own "rename" appends " 1", " 2" before the extension.
  for (let n = 1; existing && childNamed(state, input.parentId, name); n++) name = input.name.replace(/(\.[^.]*)?$/, ` ${n}$1`);
  fake.remainingBytes -= input.bytes.length;
  return state.addFile(user, { name, parentId: input.parentId, bytes: input.bytes });
}

function replace(state: FakeMicrosoftState, fake: FakeGraphUploads, item: FakeItem, bytes: Buffer): FakeItem {
  if (bytes.length > fake.remainingBytes) throw new Refusal(507, 'quotaLimitReached', 'Insufficient Space Available');
  fake.remainingBytes -= bytes.length;
  item.bytes = bytes;
  item.modified = state.now().toISOString();
  state.renameItem(item, item.name);
  return item;
}

function itemJson(state: FakeMicrosoftState, item: FakeItem): Record<string, unknown> {
  const parent = item.parentId ? state.items.get(item.parentId) : undefined;
  return {
    id: item.id,
    name: item.name,
    size: item.bytes.length,
    lastModifiedDateTime: item.modified,
    webUrl: state.webUrl(item),
    ...(item.folder
      ? { folder: { childCount: 0 } }
      : { file: { mimeType: item.mimeType, hashes: { quickXorHash: quickXorHash(item.bytes) } } }),
    parentReference: { driveId: item.driveId, ...(parent ? { id: parent.id, path: state.pathOf(parent) } : {}) },
  };
}
