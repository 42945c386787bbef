import type { SearchHit } from '../../../preload/contract';

export type SortOrder = 'relevance' | 'name' | 'modified';

export const sortLabels: Record<SortOrder, string> = {
  relevance: 'Best match',
  name: 'Name',
  modified: 'Last modified',
};

export const typeKeys = ['jpg', 'png', 'gif', 'webp', 'svg', 'tiff', 'other'] as const;
export type TypeKey = (typeof typeKeys)[number];
export type TypeFilter = 'all' | TypeKey;

export const typeLabels: Record<TypeFilter, string> = {
  all: 'All types',
  jpg: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  webp: 'WebP',
  svg: 'SVG',
  tiff: 'TIFF',
  other: 'Other',
};

const byExtension: Record<string, TypeKey> = {
  jpg: 'jpg',
  jpeg: 'jpg',
  png: 'png',
  gif: 'gif',
  webp: 'webp',
  svg: 'svg',
  tif: 'tiff',
  tiff: 'tiff',
};

export function typeOf(name: string): TypeKey {
  const dot = name.lastIndexOf('.');
  return (dot >= 0 && byExtension[name.slice(dot + 1).toLowerCase()]) || 'other';
}

export function countByType(hits: readonly SearchHit[]): Record<TypeKey, number> {
  const counts = Object.fromEntries(typeKeys.map((k) => [k, 0])) as Record<TypeKey, number>;
  for (const hit of hits) counts[typeOf(hit.name)]++;
  return counts;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

const modifiedTime = (hit: SearchHit) => {
  const time = hit.modifiedAt ? Date.parse(hit.modifiedAt) : Number.NaN;
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
};

/**
 * What the grid shows: the type filter, then the sort. "Best match" keeps the order the
 * results arrived in (each provider's own ranking, pages appended as they come), so
 * nothing already on screen moves when more results stream in.
 */
export function arrange(hits: readonly SearchHit[], sort: SortOrder, type: TypeFilter): SearchHit[] {
  const kept = type === 'all' ? [...hits] : hits.filter((h) => typeOf(h.name) === type);
  if (sort === 'name') kept.sort((a, b) => collator.compare(a.name, b.name));
  if (sort === 'modified') {
    // Newest first; files without a date go last. Parsed once each, not once per comparison;
    // the sort is stable, so ties keep relevance order.
    const times = new Map(kept.map((h) => [h, modifiedTime(h)]));
    kept.sort((a, b) => (times.get(b) ?? 0) - (times.get(a) ?? 0));
  }
  return kept;
}
