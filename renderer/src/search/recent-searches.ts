/** How many recent searches are kept and offered. */
export const maxRecentSearches = 8;

const comparable = (text: string) => text.normalize('NFC').toLocaleLowerCase();

/**
 * The list after searching for `text`: newest first, one entry per query whatever its
 * case, capped. Blank and one-letter queries are not worth offering again.
 */
export function rememberSearch(list: readonly string[], text: string): string[] {
  const query = text.trim();
  if ([...query].length < 2) return [...list];
  const key = comparable(query);
  return [query, ...list.filter((item) => comparable(item) !== key)].slice(0, maxRecentSearches);
}
