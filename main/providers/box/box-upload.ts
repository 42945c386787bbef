import { createHash, randomBytes } from 'node:crypto';
import type { Authentication } from 'box-node-sdk/networking';
import { z } from 'zod';
import { abortableSleep, parseRetryAfter } from '../../http/retrying-fetch';
import { hitOf } from '../provider';
import { AppError } from '../../shared/app-error';
import {
  savedSessionFile,
  UploadConflict,
  type LocalFile,
  type PreflightResult,
  type UploadedItem,
  type Uploader,
  type UploadRequest,
} from '../../delivery/uploader';
import type { BoxHttp, BoxRequest } from './box-http';
import { unexpectedResponse, type BoxMode } from './diagnostics';
import { boxNameProblem, readBoxError, uploadError } from './box-upload-errors';

/** Box takes chunked upload sessions from 20 MB on; smaller files go in one request. */
export const chunkedThreshold = 20_000_000;
/** How often a commit answered "parts still processing" (202) is waited out. */
const maxCommitWaits = 10;

export interface BoxUploadDeps {
  http: BoxHttp;
  auth: Authentication;
  apiBase: string;
  appBase: string;
  mode: BoxMode;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const fileJson = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number().optional(),
  modified_at: z.string().optional(),
  parent: z.object({ name: z.string().optional() }).nullish(),
});
const filesJson = z.object({ entries: z.array(fileJson).min(1) });
const part = z.object({ part_id: z.string(), offset: z.number(), size: z.number(), sha1: z.string() });
const endpointsJson = z.object({ upload_part: z.string(), commit: z.string(), list_parts: z.string(), abort: z.string() });
const sessionJson = z.object({
  id: z.string(),
  part_size: z.number().int().positive(),
  total_parts: z.number().int(),
  session_endpoints: endpointsJson,
});

/** What is kept in the data folder to resume a chunked session (no token, no file bytes). */
const savedSession = z.object({
  kind: z.literal('box-chunked'),
  ...savedSessionFile,
  id: z.string(),
  partSize: z.number().int().positive(),
  endpoints: endpointsJson,
  parts: z.array(part),
});
type SavedSession = z.infer<typeof savedSession>;
type Part = z.infer<typeof part>;

/** A 409 item_name_in_use seen by the pre-flight check, before any content is compared. */
class NameTaken extends Error {
  constructor(readonly existing: { id: string; sha1?: string }) {
    super('name in use');
  }
}

const base64OfHex = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

/**
 * Uploads to Box: a pre-flight check (OPTIONS /files/content) for conflicts, quota and
 * permission; small files in one multipart request to the upload host; from 20 MB a
 * chunked upload session (parts with SHA-1 digests, then a commit with the whole file's
 * digest), whose endpoints and confirmed parts are saved so a break resumes where it was.
 */
export class BoxUploader implements Uploader {
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(private readonly deps: BoxUploadDeps) {
    this.sleep = deps.sleep ?? abortableSleep;
  }

  nameProblem(name: string): string | undefined {
    return boxNameProblem(name);
  }

  async preflight(folderId: string, name: string, file: LocalFile, signal: AbortSignal): Promise<PreflightResult> {
    const result = await this.check(folderId, name, file.size, signal);
    if (!result.conflict) return {};
    return { conflict: { id: result.conflict.id, sameContent: result.conflict.sha1 === (await file.sha1()) } };
  }

  async probeWrite(folderId: string, signal: AbortSignal): Promise<void> {
    // Box's pre-flight checks the app's scope and the folder role without storing anything.
    await this.check(folderId, `.skyhook-write-check-${randomBytes(4).toString('hex')}`, 1, signal);
  }

  async folderName(folderId: string, signal: AbortSignal): Promise<string> {
    if (folderId === '0') return 'All Files';
    const response = await this.send({ url: `${this.deps.apiBase}/2.0/folders/${folderId}`, query: { fields: 'name' }, signal }, 'folder');
    return z.object({ name: z.string() }).parse(await response.json()).name;
  }

  async upload(request: UploadRequest): Promise<UploadedItem> {
    const { upload, conflict } = await this.check(request.folderId, request.name, request.file.size, request.signal, request.replaceId);
    if (!upload)
      throw new UploadConflict({
        id: conflict?.id ?? '',
        sameContent: conflict?.sha1 !== undefined && conflict.sha1 === (await request.file.sha1()),
      });
    return request.file.size >= chunkedThreshold ? this.chunked(upload, request) : this.direct(upload, request);
  }

  async discard(state: unknown): Promise<void> {
    const saved = savedSession.safeParse(state);
    if (!saved.success) return;
    const url = this.trusted(saved.data.endpoints.abort);
    await this.deps.http.send({ url, method: 'DELETE', auth: this.deps.auth, operation: 'api', accept: [404] }).catch(() => undefined);
  }

  /** OPTIONS /files/content (or /files/{id}/content for a new version): where to upload, or why not. */
  private async check(folderId: string, name: string, size: number, signal: AbortSignal, replaceId?: string) {
    const url = replaceId ? `${this.deps.apiBase}/2.0/files/${replaceId}/content` : `${this.deps.apiBase}/2.0/files/content`;
    const body = replaceId ? { name, size } : { name, size, parent: { id: folderId } };
    let response: Response;
    try {
      response = await this.send({ url, method: 'OPTIONS', body: JSON.stringify(body), contentType: 'application/json', signal }, name);
    } catch (error) {
      if (error instanceof NameTaken) return { conflict: error.existing };
      throw error;
    }
    const answer = z.object({ upload_url: z.string() }).safeParse(await response.json().catch(() => undefined));
    if (!answer.success) throw unexpectedResponse(answer.error);
    // The upload host Box names (upload.box.com or a regional one) takes the API paths under /api/2.0.
    const base = this.trusted(answer.data.upload_url).replace(/\/files\/content(\?.*)?$/, '');
    return { upload: base };
  }

  private async direct(base: string, request: UploadRequest): Promise<UploadedItem> {
    const { file, name, replaceId, folderId, signal } = request;
    const bytes = await file.read(0, file.size);
    const sha1 = createHash('sha1').update(bytes).digest('hex');
    if (sha1 !== (await file.sha1())) throw unexpectedResponse(new Error('digest changed'));
    const boundary = `skyhook-${randomBytes(12).toString('hex')}`;
    const attributes = JSON.stringify(replaceId ? { name } : { name, parent: { id: folderId } });
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attributes"\r\n\r\n${attributes}\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name.replace(/["\r\n]/g, '_')}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const url = replaceId ? `${base}/files/${replaceId}/content` : `${base}/files/content`;
    const response = await this.send(
      { url, method: 'POST', body, contentType: `multipart/form-data; boundary=${boundary}`, headers: { 'content-md5': sha1 }, signal },
      name,
      file,
    );
    request.progress(file.size);
    return this.uploaded(await response.json());
  }

  private async chunked(base: string, request: UploadRequest): Promise<UploadedItem> {
    const { file, signal } = request;
    let session = await this.resume(request);
    if (!session) {
      const url = request.replaceId ? `${base}/files/${request.replaceId}/upload_sessions` : `${base}/files/upload_sessions`;
      const body = request.replaceId
        ? { file_size: file.size, file_name: request.name }
        : { folder_id: request.folderId, file_size: file.size, file_name: request.name };
      const response = await this.send(
        { url, method: 'POST', body: JSON.stringify(body), contentType: 'application/json', signal },
        request.name,
        file,
      );
      const created = sessionJson.parse(await response.json());
      for (const endpoint of Object.values(created.session_endpoints)) this.trusted(endpoint);
      session = {
        kind: 'box-chunked',
        folderId: request.folderId,
        name: request.name,
        ...(request.replaceId ? { replaceId: request.replaceId } : {}),
        size: file.size,
        id: created.id,
        partSize: created.part_size,
        endpoints: created.session_endpoints,
        parts: [],
      };
      await request.session.save(session);
    }
    const have = new Set(session.parts.map((p) => p.offset));
    const sent = () => session.parts.reduce((sum, p) => sum + p.size, 0);
    request.progress(sent());
    for (let offset = 0; offset < file.size; offset += session.partSize) {
      if (have.has(offset)) continue;
      const bytes = await file.read(offset, session.partSize);
      const digest = createHash('sha1').update(bytes).digest('base64');
      const response = await this.send(
        {
          url: this.trusted(session.endpoints.upload_part),
          method: 'PUT',
          body: bytes,
          contentType: 'application/octet-stream',
          headers: { digest: `sha=${digest}`, 'content-range': `bytes ${offset}-${offset + bytes.length - 1}/${file.size}` },
          signal,
        },
        request.name,
      );
      const confirmed = z.object({ part }).parse(await response.json()).part;
      session.parts.push(confirmed);
      have.add(offset);
      await request.session.save(session);
      request.progress(sent());
    }
    return this.commit(session, request);
  }

  /** A saved session for this same upload, with the parts Box says it holds; undefined to start afresh. */
  private async resume(request: UploadRequest): Promise<SavedSession | undefined> {
    const saved = savedSession.safeParse(request.session.load());
    if (!saved.success) return undefined;
    const s = saved.data;
    if (s.folderId !== request.folderId || s.name !== request.name || s.replaceId !== request.replaceId || s.size !== request.file.size) {
      await this.discard(s);
      return undefined;
    }
    const parts: Part[] = [];
    for (let offset = 0; ;) {
      const response = await this.deps.http.send({
        url: this.trusted(s.endpoints.list_parts),
        query: { offset: String(offset), limit: '1000' },
        auth: this.deps.auth,
        signal: request.signal,
        operation: 'api',
        accept: [404, 410],
      });
      if (response.status === 404 || response.status === 410) {
        // Expired (sessions live 7 days) or aborted: the parts are gone with it.
        await response.body?.cancel();
        await request.session.clear();
        return undefined;
      }
      const page = z.object({ entries: z.array(part), total_count: z.number().optional() }).parse(await response.json());
      parts.push(...page.entries);
      offset += page.entries.length;
      if (page.entries.length === 0 || (page.total_count !== undefined && offset >= page.total_count)) break;
    }
    return { ...s, parts: parts.sort((a, b) => a.offset - b.offset) };
  }

  private async commit(session: SavedSession, request: UploadRequest): Promise<UploadedItem> {
    const digest = base64OfHex(await request.file.sha1());
    const parts = [...session.parts].sort((a, b) => a.offset - b.offset);
    for (let wait = 0; ; wait++) {
      const response = await this.send(
        {
          url: this.trusted(session.endpoints.commit),
          method: 'POST',
          body: JSON.stringify({ parts }),
          contentType: 'application/json',
          headers: { digest: `sha=${digest}` },
          signal: request.signal,
          accept: [202],
        },
        request.name,
        request.file,
      );
      if (response.status === 202 && wait < maxCommitWaits) {
        // Box is still assembling the parts: it says when to ask again.
        await response.body?.cancel();
        await this.sleep((parseRetryAfter(response.headers.get('retry-after')) ?? 1) * 1000, request.signal);
        continue;
      }
      if (response.status === 202)
        throw new AppError({ code: 'box_not_ready', message: 'Box is still putting the file together.', fix: 'Retry in a minute.' });
      await request.session.clear();
      return this.uploaded(await response.json());
    }
  }

  /**
   * One request with the connection's token, answers Box refuses turned into AppErrors.
   * With `file`, a 409 becomes an UploadConflict that says whether the file already there
   * holds the same bytes (an earlier attempt that got through before the connection broke).
   */
  private async send(request: Omit<BoxRequest, 'operation' | 'auth'>, name: string, file?: LocalFile): Promise<Response> {
    const response = await this.deps.http.send({
      ...request,
      auth: this.deps.auth,
      operation: 'api',
      accept: [...(request.accept ?? []), 400, 403, 404, 409, 413],
    });
    if (response.status < 400) return response;
    const body = readBoxError(await response.json().catch(() => undefined));
    const known = uploadError(response.status, body, this.deps.mode, name);
    if (known) throw known;
    if (response.status === 409 && body.code === 'item_name_in_use') {
      const existing = body.conflict ?? { id: '' };
      if (!file) throw new NameTaken(existing);
      throw new UploadConflict({ id: existing.id, sameContent: existing.sha1 !== undefined && existing.sha1 === (await file.sha1()) });
    }
    throw new AppError({
      code: 'box_request_rejected',
      message: `Box refused ${name} (HTTP ${response.status}${body.code ? `, ${body.code}` : ''}).`,
      fix: 'Retry. If it keeps happening, report it with the time it happened.',
    });
  }

  private uploaded(json: unknown): UploadedItem {
    const parsed = filesJson.safeParse(json);
    const entry = parsed.data?.entries[0];
    if (!entry) throw unexpectedResponse(parsed.error);
    return {
      hit: hitOf({ id: entry.id, name: entry.name, size: entry.size, modifiedAt: entry.modified_at, location: entry.parent?.name }),
      webUrl: `${this.deps.appBase}/file/${entry.id}`,
    };
  }

  /**
   * The token goes only to Box: an upload URL Box hands back must be https on a Box host,
   * or on the configured API host itself (a proxy, or the fake in tests).
   */
  private trusted(url: string): string {
    let target: URL;
    try {
      target = new URL(url);
    } catch (error) {
      throw unexpectedResponse(error);
    }
    const api = new URL(this.deps.apiBase);
    const boxHost = target.protocol === 'https:' && /(^|\.)(box\.com|boxcloud\.com)$/.test(target.hostname);
    if (!boxHost && !(target.protocol === api.protocol && target.hostname === api.hostname)) {
      throw unexpectedResponse(new Error('upload URL outside Box'));
    }
    return url;
  }
}
