import { fetchWithRetry } from '../../http/retrying-fetch';
import { AppError } from '../../shared/app-error';
import { graphError } from './diagnostics';
import type { GraphClient } from './graph-client';
import { transportError } from './graph-client';

export interface GraphWriteDeps {
  fetch: typeof fetch;
  graph: GraphClient;
  accessToken(forceRefresh: boolean): Promise<string>;
}

export interface WriteRequest {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  body?: string | Uint8Array<ArrayBuffer>;
  contentType?: string;
  headers?: Record<string, string>;
  signal: AbortSignal;
  /** Statuses the caller reads itself (404 "no such name", 409 conflicts, 416 ranges). */
  accept?: readonly number[];
  /** The file the request is about, for messages. */
  name: string;
}

export const writeRefused = (): AppError =>
  new AppError({
    code: 'write_not_allowed',
    message: 'Microsoft Graph does not let this connection add files to OneDrive.',
    fix: 'In the app registration open API permissions, add Microsoft Graph → Delegated permissions → Files.ReadWrite.All, select Grant admin consent, then sign in again. Check too that you may edit the delivery folder.',
    step: 'deliver',
  });

/** What Graph's upload answers mean for the person delivering; undefined when the caller decides. */
export function uploadError(status: number, code: string | undefined, name: string): AppError | undefined {
  if (status === 403 || code === 'accessDenied') return writeRefused();
  if (status === 507 || code === 'quotaLimitReached' || code === 'insufficientStorage') {
    return new AppError({
      code: 'quota_exceeded',
      message: `The OneDrive has no room left for ${name}.`,
      fix: 'Free up space in OneDrive (or empty its recycle bin), then retry.',
    });
  }
  if (status === 413 || code === 'maxFileSizeExceeded') {
    return new AppError({ code: 'file_too_large', message: `${name} is larger than OneDrive accepts.`, fix: 'Upload a smaller file.' });
  }
  if (status === 400 && (code === 'invalidRequest' || code === 'nameContainsInvalidCharacters' || code === 'invalidName')) {
    return new AppError({
      code: 'name_refused',
      message: `OneDrive does not accept the name "${name}".`,
      fix: 'Rename the file (none of " * : < > ? / \\ |, no leading or trailing space, not ending in a dot) and drop it again.',
    });
  }
  return undefined;
}

/**
 * Graph requests that change things: with the token to the Graph host, and without any
 * token to the pre-authenticated upload URL Graph hands out (sending one there is refused,
 * and would leak it). 429/503 with Retry-After are waited out; bodies are bytes, so a
 * retried request sends the same ones.
 */
export class GraphWriter {
  constructor(private readonly deps: GraphWriteDeps) {}

  /** The Graph host with its version, e.g. https://graph.microsoft.com/v1.0. */
  get base(): string {
    return this.deps.graph.base;
  }

  async api(path: string, request: WriteRequest): Promise<Response> {
    const url = this.deps.graph.resolve(path);
    for (let attempt = 0; ; attempt++) {
      const token = await this.deps.accessToken(attempt > 0);
      const response = await this.fetch(url, request, { authorization: `Bearer ${token}` });
      if (response.status === 401 && attempt === 0) {
        await response.body?.cancel();
        continue;
      }
      return this.checked(response, request);
    }
  }

  async session(uploadUrl: string, request: WriteRequest): Promise<Response> {
    return this.checked(await this.fetch(uploadUrl, request, {}), request);
  }

  private async fetch(url: string, request: WriteRequest, auth: Record<string, string>): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...auth, ...request.headers };
    if (request.body !== undefined) headers['content-type'] = request.contentType ?? 'application/octet-stream';
    try {
      return await fetchWithRetry(this.deps.fetch, url, { method: request.method, headers, body: request.body, signal: request.signal });
    } catch (error) {
      throw transportError(error, request.signal, url);
    }
  }

  private async checked(response: Response, request: WriteRequest): Promise<Response> {
    if (response.ok || request.accept?.includes(response.status)) return response;
    const code = await graphErrorCode(response);
    throw uploadError(response.status, code, request.name) ?? graphError(response.status, code, 'item');
  }
}

export async function graphErrorCode(response: Response): Promise<string | undefined> {
  const body = (await response.json().catch(() => undefined)) as { error?: { code?: unknown } } | undefined;
  return typeof body?.error?.code === 'string' ? body.error.code : undefined;
}
