/**
 * The comparison form of names and queries: accents stripped (after NFD, "é" and "e" + a
 * combining accent both become "e"), lower-cased, control characters turned into spaces
 * (a name can hold them; the store uses "\0" between names). Folding is done per code
 * point so a position in the folded text maps back to the original name for highlighting.
 */

const combiningMark = /\p{M}/u;
const controlChar = /\p{Cc}/u;

function foldCodePoint(ch: string): string {
  if (controlChar.test(ch)) return ' ';
  let out = '';
  for (const part of ch.normalize('NFD')) if (!combiningMark.test(part)) out += part;
  return out.toLowerCase();
}

/** Only characters outside printable ASCII need the slow path; most names are ASCII. */
const plainAscii = /^[\x20-\x7e]*$/;

export function fold(text: string): string {
  if (plainAscii.test(text)) return text.toLowerCase();
  let out = '';
  for (const ch of text) out += foldCodePoint(ch);
  return out;
}

/** The folded text and, for every folded UTF-16 unit, the original unit it came from. */
export function foldWithMap(text: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  let at = 0;
  for (const ch of text) {
    const f = foldCodePoint(ch);
    for (let i = 0; i < f.length; i++) origin.push(at);
    folded += f;
    at += ch.length;
  }
  origin.push(at);
  return { folded, origin };
}

/** The query's words, folded, in the order typed (the first one decides the ranking tier). */
export function queryWords(text: string): string[] {
  return [...new Set(fold(text).split(/\s+/u).filter(Boolean))];
}

const letterOrDigit = /[\p{L}\p{N}]/u;
const digit = /\p{N}/u;

/**
 * True when a word of the name starts at `pos` of folded `name`: after a separator
 * ("-", "_", ".", " ", the "\0" between names in the store), or where letters turn into
 * digits or back ("img2024").
 */
export function isWordStart(name: string, pos: number): boolean {
  if (pos === 0) return true;
  const before = name.charCodeAt(pos - 1);
  const here = name.charCodeAt(pos);
  if (before < 128 && here < 128) {
    const beforeDigit = before >= 48 && before <= 57;
    const beforeLetter = before >= 97 && before <= 122;
    if (!beforeDigit && !beforeLetter) return true;
    const hereDigit = here >= 48 && here <= 57;
    const hereLetter = here >= 97 && here <= 122;
    return (beforeDigit && hereLetter) || (beforeLetter && hereDigit);
  }
  const b = name[pos - 1] ?? '';
  const h = name[pos] ?? '';
  if (!letterOrDigit.test(b)) return true;
  return digit.test(b) !== digit.test(h) && letterOrDigit.test(h);
}

/** 0: the name starts with the word; 1: a word of the name does; 2: only inside a word; -1: absent. */
export function matchTier(name: string, word: string): number {
  let pos = name.indexOf(word);
  if (pos < 0) return -1;
  if (pos === 0) return 0;
  while (pos >= 0) {
    if (isWordStart(name, pos)) return 1;
    pos = name.indexOf(word, pos + 1);
  }
  return 2;
}

/**
 * Where the query's words sit in the original `name`, as [start, end) UTF-16 ranges,
 * sorted and merged: each word's best occurrence (a word start if there is one).
 */
export function matchRanges(name: string, words: readonly string[]): Array<[number, number]> {
  // ASCII folds unit for unit (only the case changes), so positions need no map: a page of
  // 200 hits is highlighted without building one per name.
  const { folded, origin } = plainAscii.test(name) ? { folded: name.toLowerCase(), origin: undefined } : foldWithMap(name);
  const ranges: Array<[number, number]> = [];
  for (const word of words) {
    let pos = folded.indexOf(word);
    let best = pos;
    while (pos > 0 && !isWordStart(folded, pos)) pos = folded.indexOf(word, pos + 1);
    if (pos >= 0) best = pos;
    if (best < 0) continue;
    if (!origin) {
      ranges.push([best, best + word.length]);
      continue;
    }
    const start = origin[best] ?? 0;
    // The end is the start of the original character after the last folded unit matched.
    const lastOrigin = origin[best + word.length - 1] ?? start;
    let end = origin.findIndex((o) => o > lastOrigin);
    end = end < 0 ? name.length : (origin[end] ?? name.length);
    ranges.push([start, end]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}
