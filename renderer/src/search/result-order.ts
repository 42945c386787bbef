import type { SearchHit } from '../../../preload/contract';
import { imageGroupLabels, imageGroupNames, imageGroupOf, type ImageGroup } from '../../../preload/image-types';

export type SortOrder = 'relevance' | 'name' | 'modified';

export const sortLabels: Record<SortOrder, string> = {
  relevance: 'Best match',
  name: 'Name',
  modified: 'Last modified',
};

/** The Type filter's groups, from the one list of image types (preload/image-types.ts). */
export const typeKeys = imageGroupNames;
export type TypeKey = ImageGroup;
export type TypeFilter = 'all' | TypeKey;

export const typeLabels: Record<TypeFilter, string> = { all: 'All types', ...imageGroupLabels };

/** Every hit is an image (main filters by the same list); an unknown name counts as a photo. */
export function typeOf(name: string): TypeKey {
  return imageGroupOf(name) ?? 'photos';
}

export function countByType(hits: readonly SearchHit[]): Record<TypeKey, number> {
  const counts = Object.fromEntries(typeKeys.map((k) => [k, 0])) as Record<TypeKey, number>;
  for (const hit of hits) counts[typeOf(hit.name)]++;
  return counts;
}

/**
 * The choices the Type filter offers: only groups with results, so no choice is ever
 * empty; the current choice stays listed while it has none (so the select can show it).
 */
export function typeChoices(counts: Record<TypeKey, number>, current: TypeFilter): TypeKey[] {
  return typeKeys.filter((key) => counts[key] > 0 || key === current);
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
export function arrange<H extends SearchHit>(hits: readonly H[], sort: SortOrder, type: TypeFilter): H[] {
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
