import type { SearchForContentQueryParams } from 'box-node-sdk/managers';
import type { FileFull, SearchResults } from 'box-node-sdk/schemas';
import { imageExtensions, nameMatches } from '../../../preload/image-types';
import { AppError } from '../../shared/app-error';
import type { ProviderHit, ProviderPage } from '../provider';

/** Box allows up to 200; 100 keeps the first page quick while still filling a screen. */
export const searchPageSize = 100;
/** Box rejects offsets above 10 000 with a 400. */
const maxOffset = 10_000;
/**
 * Only what a result needs: the mini fields (id, name…) plus these. Representations bring
 * the tile's thumbnail URL (per x-rep-hints) and size + sha1 what a download is checked
 * against, so neither needs a `files/{id}` round trip after the search.
 */
const searchFields = ['name', 'size', 'sha1', 'modified_at', 'path_collection', 'representations'];

/** The /2.0/search parameters for an image file-name search (optionally under one folder). */
export function searchParams(
  query: string,
  options: { offset?: number; limit?: number; folderId?: string; fields?: string[]; newestFirst?: boolean },
): SearchForContentQueryParams {
  return {
    query,
    type: 'file',
    fileExtensions: [...imageExtensions],
    contentTypes: ['name'],
    ...(options.folderId ? { ancestorFolderIds: [options.folderId] } : {}),
    fields: options.fields ?? searchFields,
    limit: options.limit ?? searchPageSize,
    offset: options.offset ?? 0,
    ...(options.newestFirst ? { sort: 'modified_at', direction: 'DESC' } : {}),
  };
}

export function parseCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  if (!/^\d{1,5}$/.test(cursor) || Number(cursor) > maxOffset) {
    throw new AppError({ code: 'bad_cursor', message: 'That page of results is no longer available.', fix: 'Search again.' });
  }
  return Number(cursor);
}

/**
 * One page of Box results as hits. Box matches name tokens, not substrings, and can
 * return near matches, so names that do not contain the typed text are dropped here;
 * paging still follows Box's offsets.
 */
export function toPage(results: SearchResults, text: string, offset: number): ProviderPage {
  const files = (results.entries ?? []).filter((entry): entry is FileFull => entry.type === 'file');
  const hits = files.filter((file) => file.name !== undefined && nameMatches(file.name, text)).map(toHit);
  const total = results.totalCount ?? 0;
  const next = offset + (results.limit ?? searchPageSize);
  return {
    hits,
    ...(next < total && next <= maxOffset ? { nextCursor: String(next) } : {}),
    // Box's count includes near matches we filter out; report it only when it is exact.
    ...(hits.length === (results.entries?.length ?? 0) ? { total } : {}),
  };
}

/** Box file IDs are unique across the Box instance: two connections to it reach the same file by the same ID. */
export const boxFileKey = (fileId: string) => `box:${fileId}`;

export function toHit(file: FileFull): ProviderHit {
  const hit: ProviderHit = { id: file.id, name: file.name ?? file.id, fileKey: boxFileKey(file.id) };
  if (file.size !== undefined) hit.size = file.size;
  if (file.modifiedAt) hit.modifiedAt = file.modifiedAt.value.toISOString();
  const folders = (file.pathCollection?.entries ?? []).filter((folder) => folder.id !== '0').map((folder) => folder.name ?? folder.id);
  hit.location = folders.length ? folders.join(' / ') : 'All Files';
  return hit;
}
