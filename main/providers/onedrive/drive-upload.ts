import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../shared/app-error';
import { hitOf } from '../provider';
import {
  savedSessionFile,
  UploadConflict,
  type LocalFile,
  type PreflightResult,
  type UploadedItem,
  type Uploader,
  type UploadRequest,
} from '../../delivery/uploader';
import { graphErrorCode, GraphWriter, type GraphWriteDeps } from './drive-upload-http';

/** Graph's simple upload takes up to 4 MB; larger files need an upload session. */
export const simpleUploadLimit = 4 * 1024 * 1024;
/** Session fragments must be multiples of 320 KiB; ten of them stay well under Graph's 60 MiB cap. */
export const fragmentUnit = 320 * 1024;
export const fragmentSize = 10 * fragmentUnit;

const itemJson = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number().optional(),
  lastModifiedDateTime: z.string().optional(),
  webUrl: z.string().optional(),
  file: z.object({ hashes: z.object({ quickXorHash: z.string().optional(), sha1Hash: z.string().optional() }).optional() }).optional(),
  parentReference: z.object({ path: z.string().optional(), name: z.string().optional() }).optional(),
});
type Item = z.infer<typeof itemJson>;
const sessionAnswer = z.object({ uploadUrl: z.string(), nextExpectedRanges: z.array(z.string()).optional() });
const rangesAnswer = z.object({ nextExpectedRanges: z.array(z.string()).default([]) });

/** What is kept in the data folder to resume: the session's URL is pre-authenticated, so the file is private (0600). */
const savedSession = z.object({
  kind: z.literal('graph-session'),
  ...savedSessionFile,
  uploadUrl: z.string(),
});
type SavedSession = z.infer<typeof savedSession>;

const reservedNames = /^(con|prn|aux|nul|com\d|lpt\d|\.lock|desktop\.ini)(\..*)?$/i;

/** OneDrive and SharePoint's rules for names, checked before any byte is sent. */
export function driveNameProblem(name: string): string | undefined {
  if (name.length > 255) return `"${name.slice(0, 40)}…" is longer than the 255 characters OneDrive allows.`;
  if (/["*:<>?/\\|]/.test(name)) return `OneDrive does not accept any of " * : < > ? / \\ | in "${name}".`;
  if (name !== name.trim() || name.endsWith('.'))
    return `OneDrive does not accept names that begin or end with a space or end with a dot ("${name}").`;
  if (reservedNames.test(name) || name.startsWith('~$') || name.includes('_vti_')) return `OneDrive reserves the name "${name}".`;
  return undefined;
}

const itemPath = (folderId: string, name: string) => `/me/drive/items/${encodeURIComponent(folderId)}:/${encodeURIComponent(name)}:`;

/**
 * Uploads to the signed-in person's OneDrive: up to 4 MB with one PUT, larger files
 * through an upload session in 320 KiB-multiple fragments. The session's URL is saved so
 * an interrupted upload asks Graph which ranges it still expects and carries on from there.
 * Conflicts are never left to Graph's own renaming: the queue picks the name.
 */
export class DriveUploader implements Uploader {
  private readonly writer: GraphWriter;

  constructor(deps: GraphWriteDeps) {
    this.writer = new GraphWriter(deps);
  }

  nameProblem(name: string): string | undefined {
    return driveNameProblem(name);
  }

  async preflight(folderId: string, name: string, file: LocalFile, signal: AbortSignal): Promise<PreflightResult> {
    const drive = await this.writer.api('/me/drive?$select=quota', { method: 'GET', signal, name });
    const remaining = z.object({ quota: z.object({ remaining: z.number().optional() }).optional() }).parse(await drive.json())
      .quota?.remaining;
    if (remaining !== undefined && remaining < file.size) {
      throw new AppError({
        code: 'quota_exceeded',
        message: `The OneDrive has no room left for ${name}.`,
        fix: 'Free up space in OneDrive (or empty its recycle bin), then retry.',
      });
    }
    const response = await this.writer.api(`${itemPath(folderId, name)}?$select=id,name,file`, {
      method: 'GET',
      signal,
      name,
      accept: [404],
    });
    if (response.status === 404) {
      await response.body?.cancel();
      return {};
    }
    const existing = itemJson.parse(await response.json());
    return { conflict: { id: existing.id, sameContent: await this.sameContent(existing, file) } };
  }

  async probeWrite(folderId: string, signal: AbortSignal): Promise<void> {
    const name = `.skyhook-write-check-${randomBytes(4).toString('hex')}.tmp`;
    const response = await this.writer.api(`${itemPath(folderId, name)}/content?@microsoft.graph.conflictBehavior=rename`, {
      method: 'PUT',
      body: new Uint8Array(0),
      signal,
      name,
    });
    const probe = itemJson.parse(await response.json());
    await this.writer.api(`/me/drive/items/${encodeURIComponent(probe.id)}`, { method: 'DELETE', signal, name });
  }

  async folderName(folderId: string, signal: AbortSignal): Promise<string> {
    const response = await this.writer.api(`/me/drive/items/${encodeURIComponent(folderId)}?$select=name,root`, {
      method: 'GET',
      signal,
      name: 'the delivery folder',
    });
    const folder = z.object({ name: z.string(), root: z.object({}).passthrough().optional() }).parse(await response.json());
    return folder.root ? 'OneDrive' : folder.name;
  }

  async upload(request: UploadRequest): Promise<UploadedItem> {
    return request.file.size <= simpleUploadLimit ? this.simple(request) : this.viaSession(request);
  }

  async discard(state: unknown): Promise<void> {
    const saved = savedSession.safeParse(state);
    if (!saved.success) return;
    const never = new AbortController().signal;
    await this.writer
      .session(saved.data.uploadUrl, { method: 'DELETE', signal: never, name: saved.data.name, accept: [404] })
      .catch(() => undefined);
  }

  private async simple(request: UploadRequest): Promise<UploadedItem> {
    const { file, name, signal } = request;
    const bytes = await file.read(0, file.size);
    const path = request.replaceId
      ? `/me/drive/items/${encodeURIComponent(request.replaceId)}/content`
      : `${itemPath(request.folderId, name)}/content?@microsoft.graph.conflictBehavior=fail`;
    const response = await this.writer.api(path, { method: 'PUT', body: bytes, signal, name, accept: [409] });
    if (response.status === 409) throw await this.conflict(request, response);
    request.progress(file.size);
    return this.uploaded(itemJson.parse(await response.json()));
  }

  private async viaSession(request: UploadRequest): Promise<UploadedItem> {
    const { file, name, signal } = request;
    const saved = savedSession.safeParse(request.session.load()).data;
    const resumeAt = saved && this.sameUpload(saved, request) ? await this.expectedOffset(saved, request) : undefined;
    if (saved && resumeAt === undefined) await this.discard(saved);
    let session = saved && resumeAt !== undefined ? saved : await this.createSession(request);
    let offset = resumeAt ?? 0;
    request.progress(offset);
    for (;;) {
      const bytes = await file.read(offset, fragmentSize);
      const response = await this.writer.session(session.uploadUrl, {
        method: 'PUT',
        body: bytes,
        headers: { 'content-range': `bytes ${offset}-${offset + bytes.length - 1}/${file.size}` },
        signal,
        name,
        accept: [409, 404, 416],
      });
      if (response.status === 409) {
        await request.session.clear();
        throw await this.conflict(request, response);
      }
      if (response.status === 200 || response.status === 201) {
        await request.session.clear();
        request.progress(file.size);
        return this.uploaded(itemJson.parse(await response.json()));
      }
      if (response.status === 404) {
        // The session expired (or was cancelled elsewhere): its fragments are gone, begin again.
        await response.body?.cancel();
        await request.session.clear();
        session = await this.createSession(request);
        offset = 0;
        continue;
      }
      const next =
        response.status === 416
          ? await this.expectedOffset(session, request)
          : firstRangeStart(rangesAnswer.parse(await response.json()).nextExpectedRanges);
      if (next === undefined) {
        session = await this.createSession(request);
        offset = 0;
        continue;
      }
      offset = next;
      request.progress(offset);
    }
  }

  private async createSession(request: UploadRequest): Promise<SavedSession> {
    const { name, signal } = request;
    const path = request.replaceId
      ? `/me/drive/items/${encodeURIComponent(request.replaceId)}/createUploadSession`
      : `${itemPath(request.folderId, name)}/createUploadSession`;
    const behaviour = request.replaceId ? 'replace' : 'fail';
    const response = await this.writer.api(path, {
      method: 'POST',
      body: JSON.stringify({ item: { '@microsoft.graph.conflictBehavior': behaviour, ...(request.replaceId ? {} : { name }) } }),
      contentType: 'application/json',
      signal,
      name,
      accept: [409],
    });
    if (response.status === 409) throw await this.conflict(request, response);
    const created = sessionAnswer.parse(await response.json());
    const session: SavedSession = {
      kind: 'graph-session',
      folderId: request.folderId,
      name,
      ...(request.replaceId ? { replaceId: request.replaceId } : {}),
      size: request.file.size,
      uploadUrl: this.safeUploadUrl(created.uploadUrl),
    };
    await request.session.save(session);
    return session;
  }

  /** Where to carry on, from the ranges Graph still expects; undefined when the session is gone. */
  private async expectedOffset(session: SavedSession, request: UploadRequest): Promise<number | undefined> {
    const response = await this.writer.session(session.uploadUrl, {
      method: 'GET',
      signal: request.signal,
      name: request.name,
      accept: [404],
    });
    if (response.status === 404) {
      await response.body?.cancel();
      await request.session.clear();
      return undefined;
    }
    return firstRangeStart(rangesAnswer.parse(await response.json()).nextExpectedRanges);
  }

  private sameUpload(session: SavedSession, request: UploadRequest): boolean {
    return (
      session.folderId === request.folderId &&
      session.name === request.name &&
      session.replaceId === request.replaceId &&
      session.size === request.file.size
    );
  }

  private async conflict(request: UploadRequest, response: Response): Promise<UploadConflict | AppError> {
    const code = await graphErrorCode(response);
    if (code !== 'nameAlreadyExists' && code !== undefined && code !== 'conflict') {
      return new AppError({ code: 'graph_conflict', message: `OneDrive refused ${request.name} (${code}).`, fix: 'Retry.' });
    }
    const found = await this.preflight(request.folderId, request.name, request.file, request.signal);
    return new UploadConflict(found.conflict ?? { id: '', sameContent: false });
  }

  private async sameContent(existing: Item, file: LocalFile): Promise<boolean> {
    const hashes = existing.file?.hashes;
    if (hashes?.quickXorHash) return hashes.quickXorHash === (await file.quickXorHash());
    if (hashes?.sha1Hash) return hashes.sha1Hash.toLowerCase() === (await file.sha1());
    return false;
  }

  /** The pre-authenticated URL gets the file's bytes (never a token): https only, or loopback in development. */
  private safeUploadUrl(url: string): string {
    const target = new URL(url);
    const loopback = target.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname);
    const graphIsLoopback = new URL(this.writer.base).protocol === 'http:';
    if (target.protocol === 'https:' || (loopback && graphIsLoopback)) return url;
    throw new AppError({
      code: 'unexpected_response',
      message: 'OneDrive answered with an upload address Skyhook does not trust.',
      fix: 'Retry; if it persists, report it.',
    });
  }

  private uploaded(item: Item): UploadedItem {
    const folder = item.parentReference?.path?.replace(/^\/drive\/root:?/, '') || item.parentReference?.name;
    return {
      hit: hitOf({
        id: item.id,
        name: item.name,
        size: item.size,
        modifiedAt: item.lastModifiedDateTime,
        location: folder?.replace(/^\//, ''),
      }),
      ...(item.webUrl ? { webUrl: item.webUrl } : {}),
    };
  }
}

/** "12345-" or "12345-67890" → 12345. */
function firstRangeStart(ranges: string[]): number | undefined {
  const first = ranges[0];
  if (first === undefined) return undefined;
  const start = Number(first.split('-')[0]);
  return Number.isInteger(start) && start >= 0 ? start : undefined;
}
