import { requestTimeouts } from '../../http/request-timeouts';
import { defaultRetryPolicy, fetchWithRetry } from '../../http/retrying-fetch';
import { AppError } from '../../shared/app-error';
import type { ExpectedContent, OriginalFile } from '../provider';
import { itemPath, type DriveItem, type ItemMemory, type KnownItem } from './drive-item';
import { transportError, type GraphClient } from './graph-client';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

/** Originals without a thumbnail are used as their own thumbnail only up to this size. */
const maxThumbnailFallbackBytes = 30 * 1024 * 1024;

/**
 * Thumbnails, originals and web pages of search results. Thumbnail URLs and the `/content`
 * redirect target are pre-authenticated: they are fetched with no Authorization header,
 * so the Graph token never leaves Graph.
 */
export class DriveFiles {
  constructor(
    private readonly graph: GraphClient,
    private readonly memory: ItemMemory,
    private readonly fetchFn: typeof fetch,
  ) {}

  originalUrl(ref: string): string | undefined {
    return this.memory.get(ref)?.webUrl;
  }

  async thumbnail(ref: string, signal: AbortSignal): Promise<Uint8Array> {
    const remembered = this.memory.get(ref);
    const known = remembered?.thumbnailUrl ? remembered : await this.lookup(ref, signal);
    if (!known.thumbnailUrl) return this.originalBytes(ref, signal);
    try {
      return await this.bytes(known.thumbnailUrl, signal);
    } catch (error) {
      // Thumbnail URLs expire; one from an earlier search gets one fresh lookup.
      if (known !== remembered || !(error instanceof AppError) || error.code !== 'download_failed') throw error;
      const fresh = await this.lookup(ref, signal);
      if (!fresh.thumbnailUrl) return this.originalBytes(ref, signal);
      return this.bytes(fresh.thumbnailUrl, signal);
    }
  }

  async original(ref: string, signal: AbortSignal): Promise<OriginalFile> {
    // Fresh facts, not search's: the download is checked against this version's size and hash.
    const item = await this.fetchItem(ref, signal);
    const known = this.memory.remember(ref, item);
    return { name: known.name, body: await this.content(ref, signal), expected: expectedOf(item.size, item.file?.hashes) };
  }

  private async originalBytes(ref: string, signal: AbortSignal): Promise<Uint8Array> {
    const body = await this.content(ref, signal);
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of Readable.fromWeb(body as NodeReadableStream<Uint8Array>) as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > maxThumbnailFallbackBytes) {
        throw new AppError({ code: 'no_thumbnail', message: 'OneDrive has no preview for this file and it is too large to preview here.' });
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  }

  /** `/content` answers 302 to a short-lived pre-authenticated URL, fetched without the token. */
  private async content(ref: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    const response = await this.graph.send(`${itemPath(ref)}/content`, 'item', signal, 'manual');
    const location = response.headers.get('location');
    if (response.status >= 300 && location) {
      await response.body?.cancel();
      return this.download(new URL(location, this.graph.base).toString(), signal);
    }
    if (!response.body) throw downloadFailed(response.status);
    return response.body;
  }

  private async lookup(ref: string, signal: AbortSignal): Promise<KnownItem> {
    return this.memory.remember(ref, await this.fetchItem(ref, signal));
  }

  private fetchItem(ref: string, signal: AbortSignal): Promise<DriveItem & { file?: { hashes?: GraphHashes } }> {
    return this.graph.json(`${itemPath(ref)}?$select=id,name,webUrl,file,size&$expand=thumbnails`, 'item', signal);
  }

  private async bytes(url: string, signal: AbortSignal): Promise<Uint8Array> {
    const body = await this.download(url, signal);
    return new Uint8Array(await new Response(body).arrayBuffer());
  }

  private async download(url: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    let response: Response;
    try {
      // Deliberately no headers: the URL itself is the credential.
      response = await fetchWithRetry(this.fetchFn, url, { signal }, { ...defaultRetryPolicy, timeouts: requestTimeouts.download });
    } catch (error) {
      throw transportError(error, signal, url);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw downloadFailed(response.status);
    }
    return response.body;
  }
}

/** Graph's `file.hashes`: quickXorHash everywhere, sha1Hash on personal drives only. */
interface GraphHashes {
  quickXorHash?: string;
  sha1Hash?: string;
}

function expectedOf(size: number | undefined, hashes: GraphHashes | undefined): ExpectedContent {
  return {
    ...(typeof size === 'number' ? { size } : {}),
    ...(hashes?.quickXorHash ? { quickXorHash: hashes.quickXorHash } : {}),
    ...(hashes?.sha1Hash ? { sha1: hashes.sha1Hash } : {}),
  };
}

function downloadFailed(status: number): AppError {
  return new AppError({
    code: 'download_failed',
    message: `OneDrive did not hand over the file (HTTP ${status}).`,
    fix: 'Try again; if the file was just changed or moved, search again first.',
  });
}
