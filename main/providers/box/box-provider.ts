import type { Authentication } from 'box-node-sdk/networking';
import { AppError, isAbortError } from '../../shared/app-error';
import type { Provider, ProviderAuth } from '../provider';
import type { BoxConnection } from './box-connection';
import { BoxIndexSource } from './box-index-source';
import { repHint } from './box-media';
import { probeQuery, testConnection, type TestSubject } from './connection-test';
import { unexpectedResponse } from './diagnostics';
import { isImageName } from '../../../preload/image-types';
import { boxFileKey, parseCursor, searchParams, toHit, toPage } from './search-query';
import { BoxUploader } from './box-upload';
import { withWriteCheck, type DeliverySettings } from '../../delivery/write-check';

const boxId = /^\d{1,20}$/;

function checkId(itemId: string): string {
  if (!boxId.test(itemId)) throw new AppError({ code: 'file_not_found', message: 'That is not a Box file.' });
  return itemId;
}

/**
 * The Provider for every Box auth mode: they differ only in how the connection gets its
 * tokens (and OAuth's sign-in), not in how it searches or downloads.
 */
export function boxProvider<A extends Authentication>(
  connection: BoxConnection<A>,
  subject: TestSubject,
  auth?: ProviderAuth,
  delivery: DeliverySettings = {},
): Provider {
  const { client, media, context } = connection;
  let index: BoxIndexSource | undefined;
  const uploader = new BoxUploader({
    http: connection.http,
    auth: connection.keeper,
    apiBase: context.endpoints.boxApi,
    appBase: context.endpoints.boxApp,
    mode: connection.mode,
  });

  /** AppErrors and cancellations pass through; anything else (an SDK parse error) becomes a plain message. */
  const guard = async <T>(signal: AbortSignal, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (error instanceof AppError || isAbortError(error)) throw error;
      context.log.warn('unexpected Box response', {
        connectionId: context.connectionId,
        error: error instanceof Error ? error.name : 'unknown',
      });
      throw unexpectedResponse(error);
    }
  };

  return {
    async search(query, cursor, signal) {
      const offset = parseCursor(cursor);
      // An empty query is the home screen: every image the connection sees, newest first
      // (the extensions as one OR query match every image name, as the connection test does).
      const params = query
        ? searchParams(query, { offset, folderId: subject.folderId })
        : searchParams(probeQuery, { offset, folderId: subject.folderId, newestFirst: true });
      return guard(signal, async () => {
        // The thumbnail representation comes with each hit, so a tile costs one request, not two.
        const results = await client.search.searchForContent(params, { extraHeaders: { 'x-rep-hints': repHint } }, signal);
        if (results.type !== 'search_results_items') throw unexpectedResponse(new Error(`Search answered ${results.type}.`));
        const page = toPage(results, query, offset);
        for (const hit of page.hits) media.rememberName(hit.id, hit.name);
        media.rememberRepresentations(results);
        return page;
      });
    },
    thumbnailSource: (itemId, signal) => guard(signal, () => media.thumbnail(checkId(itemId), signal)),
    original: (itemId, signal) => guard(signal, () => media.original(checkId(itemId), signal)),
    originalUrl: (itemId) => (boxId.test(itemId) ? `${context.endpoints.boxApp}/file/${itemId}` : undefined),
    fileKey: (itemId) => (boxId.test(itemId) ? boxFileKey(itemId) : undefined),
    test: (signal) => guard(signal, async () => withWriteCheck(await testConnection(client, subject, signal), uploader, delivery, signal)),
    uploader: () => uploader,
    // The service account's root ("0") holds the folders shared with it.
    listFolders: (parentId, signal) =>
      guard(signal, async () => {
        const folderId = parentId ?? '0';
        if (!boxId.test(folderId)) throw new AppError({ code: 'folder_not_found', message: 'That is not a Box folder.' });
        const items = await client.folders.getFolderItems(folderId, {
          queryParams: { fields: ['name'], limit: 1000 },
          cancellationToken: signal,
        });
        return (items.entries ?? []).flatMap((entry) => (entry.type === 'folder' ? [{ id: entry.id, name: entry.name ?? entry.id }] : []));
      }),
    // A folder as designers browse it; the service account's root ("0") holds what is shared with it.
    listFolder: (folderId, cursor, signal) =>
      guard(signal, async () => {
        const id = folderId ?? subject.folderId ?? '0';
        if (!boxId.test(id)) throw new AppError({ code: 'folder_not_found', message: 'That is not a Box folder.' });
        const offset = parseCursor(cursor);
        const limit = 200;
        const items = await client.folders.getFolderItems(id, {
          queryParams: { fields: ['name', 'size', 'modified_at', 'path_collection'], limit, offset },
          cancellationToken: signal,
        });
        const entries = items.entries ?? [];
        const folders = entries.flatMap((entry) => (entry.type === 'folder' ? [{ id: entry.id, name: entry.name ?? entry.id }] : []));
        const hits = entries.flatMap((entry) => (entry.type === 'file' && entry.name && isImageName(entry.name) ? [toHit(entry)] : []));
        for (const hit of hits) media.rememberName(hit.id, hit.name);
        const next = offset + limit;
        return { folders, hits, ...(items.totalCount !== undefined && next < items.totalCount ? { nextCursor: String(next) } : {}) };
      }),
    // One source per provider, so duplicate event IDs are remembered across follow() calls.
    indexSource: () =>
      (index ??= new BoxIndexSource({
        http: connection.http,
        auth: connection.keeper,
        apiBase: context.endpoints.boxApi,
        ...(subject.folderId ? { rootFolderId: subject.folderId } : {}),
      })),
    ...(auth ? { auth } : {}),
  };
}
