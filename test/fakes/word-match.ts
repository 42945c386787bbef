/**
 * How Box search and Microsoft Graph search match a name: by words, not substrings. A
 * name is cut into words at anything that is not a letter or a digit (space . _ - and
 * the like); camelCase and letter/digit transitions are NOT word boundaries
 * ("ACME_logo_v3_final" has the words acme, logo, v3, final). Each query word must be the
 * start of a word of the name, so "ocean" and "oce" find `ocean-hero.png` and "cean" does
 * not. A query word that itself holds separators ("pic-1", a quoted phrase) must match
 * consecutive words, the last one by its start.
 */

function words(text: string): string[] {
  return text
    .normalize('NFC')
    .toLocaleLowerCase('und')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function phraseMatches(nameWords: string[], phrase: string[]): boolean {
  if (phrase.length === 0) return false;
  for (let start = 0; start + phrase.length <= nameWords.length; start++) {
    const ok = phrase.every((word, i) => {
      const candidate = nameWords[start + i]!;
      return i === phrase.length - 1 ? candidate.startsWith(word) : candidate === word;
    });
    if (ok) return true;
  }
  return false;
}

/** Every term (plain word or "quoted phrase") must match; `OR` between groups when `allowOr` (Box). */
export function matchesWords(name: string, query: string, options: { allowOr?: boolean } = {}): boolean {
  const nameWords = words(name);
  const alternatives = options.allowOr ? query.split(/\s+OR\s+/) : [query];
  return alternatives.some((alternative) => {
    const terms = (alternative.match(/"[^"]*"|\S+/g) ?? []).map((term) => words(term.replace(/^"|"$/g, ''))).filter((t) => t.length > 0);
    return terms.length > 0 && terms.every((term) => phraseMatches(nameWords, term));
  });
}
