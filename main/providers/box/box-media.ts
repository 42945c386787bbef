import type { BoxClient } from 'box-node-sdk';
import { GetFileByIdHeaders } from 'box-node-sdk/managers';
import type { FileFullRepresentationsEntriesField, SearchResults } from 'box-node-sdk/schemas';
import { abortableSleep, parseRetryAfter } from '../../http/retrying-fetch';
import { AppError } from '../../shared/app-error';
import type { ExpectedContent, OriginalFile } from '../provider';
import type { BoxHttp } from './box-http';
import type { TokenKeeper } from './token-keeper';

/** The representation media turns into a thumbnail; Box makes it for every image type. */
export const repHint = '[jpg?dimensions=320x320]';
/** Names and representations remembered from search results, at most this many each. */
const rememberedMax = 5000;
/** How often "not ready yet" is waited out before giving up for now. */
const maxPendingWaits = 3;
/** A longer Retry-After than this is reported instead of waited out. */
const maxPendingWaitSeconds = 10;
/** Box gives no Retry-After for pending representations; poll this often, this many times. */
const repPollSeconds = 1;
const maxRepPolls = 2;

export interface BoxMediaDeps {
  http: BoxHttp;
  keeper: TokenKeeper;
  client: BoxClient;
  apiBase: string;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Thumbnails and originals. Both answer "not ready" with 202 + Retry-After while Box
 * works; the SDK's own retry looks for `Retry-After` with exact case, which fetch
 * lowercases, so those calls are made here with BoxHttp and the wait is ours.
 */
export class BoxMedia {
  /** File names seen in search results, so a drag does not need an extra request. */
  private readonly names = new Map<string, string>();
  /** Thumbnail representations that came with search results: a tile needs no `files/{id}` round trip. */
  private readonly reps = new Map<string, FileFullRepresentationsEntriesField>();
  /** Name, size and SHA-1 from search results: a prefetch right after a search needs no `files/{id}` round trip. */
  private readonly facts = new Map<string, Pick<OriginalFile, 'name'> & { expected: ExpectedContent }>();
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(private readonly deps: BoxMediaDeps) {
    this.sleep = deps.sleep ?? abortableSleep;
  }

  rememberName(id: string, name: string): void {
    if (this.names.size > rememberedMax) this.names.delete(this.names.keys().next().value as string);
    this.names.set(id, name);
  }

  /** Keeps the thumbnail representation of each file of a search asked with `fields=representations`. */
  rememberRepresentations(results: SearchResults): void {
    for (const entry of results.entries ?? []) {
      if (entry.type !== 'file') continue;
      if (entry.name && entry.size !== undefined && entry.sha1) {
        if (this.facts.size > rememberedMax) this.facts.delete(this.facts.keys().next().value as string);
        this.facts.set(entry.id, { name: entry.name, expected: { size: entry.size, sha1: entry.sha1 } });
      }
      const rep = entry.representations?.entries?.find(isThumbnailRep);
      if (!rep) continue;
      if (this.reps.size > rememberedMax) this.reps.delete(this.reps.keys().next().value as string);
      this.reps.set(entry.id, rep);
    }
  }

  async thumbnail(fileId: string, signal: AbortSignal): Promise<Uint8Array> {
    const known = this.reps.get(fileId);
    if (known) {
      // Used once: a later call (after eviction, say) asks Box afresh rather than reuse an old URL.
      this.reps.delete(fileId);
      const fromSearch = await this.fromRepresentation(known, signal).catch((error: unknown) => {
        if (signal.aborted) throw error;
        return undefined;
      });
      if (fromSearch) return fromSearch;
    }
    // A hit from the name index (no representation came with it): the thumbnail endpoint is
    // one request, where asking files/{id} for the representation first would be two.
    const fromEndpoint = await this.fromThumbnailEndpoint(fileId, signal);
    if (fromEndpoint) return fromEndpoint;
    // A type the endpoint does not preview may still have a representation.
    const file = await this.deps.client.files.getFileById(fileId, {
      queryParams: { fields: ['representations'] },
      headers: new GetFileByIdHeaders({ xRepHints: repHint }),
      cancellationToken: signal,
    });
    const rep = file.representations?.entries?.find(isThumbnailRep);
    const fromRep = rep ? await this.fromRepresentation(rep, signal) : undefined;
    if (!fromRep) throw new AppError({ code: 'no_thumbnail', message: 'Box cannot make a thumbnail of this file.' });
    return fromRep;
  }

  async original(fileId: string, signal: AbortSignal): Promise<OriginalFile> {
    const { name, expected } = await this.fileFacts(fileId, signal);
    const url = `${this.deps.apiBase}/2.0/files/${fileId}/content`;
    for (let wait = 0; ; wait++) {
      const response = await this.deps.http.send({ url, auth: this.deps.keeper, signal, operation: 'api', accept: [202, 302] });
      if (response.status === 202) {
        await this.waitPending(response, wait, signal);
        continue;
      }
      if (response.status !== 302) return { name, body: bodyOf(response), expected };
      const location = response.headers.get('location');
      await response.body?.cancel();
      if (!location) throw new AppError({ code: 'unexpected_response', message: 'Box did not say where to download the file from.' });
      // A pre-authenticated download URL on another host: no Authorization header goes there.
      const download = await this.deps.http.send({ url: new URL(location, url).toString(), signal, operation: 'download' });
      return { name, body: bodyOf(download), expected };
    }
  }

  /** Name, size and SHA-1 of the current version: the download is checked against them. */
  private async fileFacts(fileId: string, signal: AbortSignal): Promise<Pick<OriginalFile, 'name'> & { expected: ExpectedContent }> {
    // Used once: a download that fails its check is tried again with facts asked afresh
    // (the file may have a new version since the search).
    const known = this.facts.get(fileId);
    if (known) {
      this.facts.delete(fileId);
      return known;
    }
    const file = await this.deps.client.files.getFileById(fileId, {
      queryParams: { fields: ['name', 'size', 'sha1'] },
      cancellationToken: signal,
    });
    const name = file.name ?? this.names.get(fileId) ?? `${fileId}`;
    this.rememberName(fileId, name);
    return { name, expected: { ...(file.size !== undefined ? { size: file.size } : {}), ...(file.sha1 ? { sha1: file.sha1 } : {}) } };
  }

  /** Undefined when the representation is not ready soon enough: the thumbnail endpoint is the fallback. */
  private async fromRepresentation(rep: FileFullRepresentationsEntriesField, signal: AbortSignal): Promise<Uint8Array | undefined> {
    let state = rep.status?.state;
    let template = rep.content?.urlTemplate;
    const infoUrl = rep.info?.url;
    for (let poll = 0; ; poll++) {
      if ((state === 'success' || state === 'viewable') && template && this.mayReceiveToken(template)) {
        // Representation content needs the token (Box's docs say so), unlike /content downloads.
        const response = await this.deps.http.send({
          url: template.replace('{+asset_path}', ''),
          auth: this.deps.keeper,
          signal,
          operation: 'download',
        });
        return new Uint8Array(await response.arrayBuffer());
      }
      if (!infoUrl || !this.mayReceiveToken(infoUrl) || poll >= maxRepPolls || (state !== 'pending' && state !== 'none')) return undefined;
      // `none` means "ask for the info URL to start generating it"; `pending` means "ask again soon".
      if (state === 'pending') await this.sleep(repPollSeconds * 1000, signal);
      const info = await this.deps.http.send({ url: infoUrl, auth: this.deps.keeper, signal, operation: 'api' });
      const body = (await info.json()) as { status?: { state?: string }; content?: { url_template?: string } };
      state = body.status?.state;
      template = body.content?.url_template ?? template;
    }
  }

  /** Undefined when Box answers with its generic placeholder (302: a type it does not preview here). */
  private async fromThumbnailEndpoint(fileId: string, signal: AbortSignal): Promise<Uint8Array | undefined> {
    const url = `${this.deps.apiBase}/2.0/files/${fileId}/thumbnail.jpg`;
    for (let wait = 0; ; wait++) {
      const response = await this.deps.http.send({
        url,
        query: { min_width: '320', min_height: '320' },
        auth: this.deps.keeper,
        signal,
        operation: 'api',
        accept: [202, 302],
      });
      if (response.status === 202) {
        await this.waitPending(response, wait, signal);
        continue;
      }
      if (response.status === 302) {
        // Box sends a generic placeholder for file types it cannot preview: not worth caching.
        await response.body?.cancel();
        return undefined;
      }
      return new Uint8Array(await response.arrayBuffer());
    }
  }

  private async waitPending(response: Response, wait: number, signal: AbortSignal): Promise<void> {
    const retryAfter = parseRetryAfter(response.headers.get('retry-after')) ?? 1;
    await response.body?.cancel();
    if (wait >= maxPendingWaits || retryAfter > maxPendingWaitSeconds) {
      throw new AppError({
        code: 'box_not_ready',
        message: 'Box is still preparing this file.',
        fix: `Try again in about ${Math.max(1, Math.round(retryAfter))} seconds.`,
        retryAfter,
      });
    }
    await this.sleep(retryAfter * 1000, signal);
  }

  /** The token goes only to Box's API host or to HTTPS hosts Box itself pointed us to. */
  private mayReceiveToken(url: string): boolean {
    try {
      const target = new URL(url);
      return target.protocol === 'https:' || target.hostname === new URL(this.deps.apiBase).hostname;
    } catch {
      return false;
    }
  }
}

const isThumbnailRep = (entry: FileFullRepresentationsEntriesField) =>
  entry.representation === 'jpg' && entry.properties?.dimensions === '320x320';

function bodyOf(response: Response): ReadableStream<Uint8Array> {
  return response.body ?? new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
}
