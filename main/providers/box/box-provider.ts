import type { Authentication } from 'box-node-sdk/networking';
import { AppError, isAbortError } from '../../shared/app-error';
import type { Provider, ProviderAuth } from '../provider';
import type { BoxConnection } from './box-connection';
import { BoxIndexSource } from './box-index-source';
import { testConnection, type TestSubject } from './connection-test';
import { unexpectedResponse } from './diagnostics';
import { parseCursor, searchParams, toPage } from './search-query';
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
  const uploader = new BoxUploader({ http: connection.http, auth: connection.keeper, apiBase: context.endpoints.boxApi, appBase: context.endpoints.boxApp, mode: connection.mode });

  /** AppErrors and cancellations pass through; anything else (an SDK parse error) becomes a plain message. */
  const guard = async <T>(signal: AbortSignal, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (error instanceof AppError || isAbortError(error)) throw error;
      context.log.warn('unexpected Box response', { connectionId: context.connectionId, error: error instanceof Error ? error.name : 'unknown' });
      throw unexpectedResponse(error);
    }
  };

  return {
    async search(query, cursor, signal) {
      if (!query) return { hits: [] };
      const offset = parseCursor(cursor);
      return guard(signal, async () => {
        const results = await client.search.searchForContent(searchParams(query, { offset, folderId: subject.folderId }), undefined, signal);
        if (results.type !== 'search_results_items') throw unexpectedResponse(new Error(`Search answered ${results.type}.`));
        const page = toPage(results, query, offset);
        for (const hit of page.hits) media.rememberName(hit.id, hit.name);
        return page;
      });
    },
    thumbnailSource: (itemId, signal) => guard(signal, () => media.thumbnail(checkId(itemId), signal)),
    original: (itemId, signal) => guard(signal, () => media.original(checkId(itemId), signal)),
    originalUrl: (itemId) => (boxId.test(itemId) ? `${context.endpoints.boxApp}/file/${itemId}` : undefined),
    test: (signal) => guard(signal, async () => withWriteCheck(await testConnection(client, subject, signal), uploader, delivery, signal)),
    uploader: () => uploader,
    // The service account's root ("0") holds the folders shared with it.
    listFolders: (parentId, signal) =>
      guard(signal, async () => {
        const folderId = parentId ?? '0';
        if (!boxId.test(folderId)) throw new AppError({ code: 'folder_not_found', message: 'That is not a Box folder.' });
        const items = await client.folders.getFolderItems(folderId, { queryParams: { fields: ['name'], limit: 1000 }, cancellationToken: signal });
        return (items.entries ?? []).flatMap((entry) => (entry.type === 'folder' ? [{ id: entry.id, name: entry.name ?? entry.id }] : []));
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
