import { charBit, exactChar, type CharColumns } from './char-summary';
import { isWordStart } from './fold';
import type { NameChunk } from './name-chunk';
import { rankKey, TopRows } from './top-rows';

/**
 * Answering a query over a store's columns: every row holding every word, counted, and
 * only the page asked for ranked (start of the name, start of a word, inside a word, then
 * newer first). Ranking is by the first word typed; the search is driven by the rarest.
 */

export interface QueryColumns extends CharColumns {
  rowCount: number;
  alive: Uint8Array;
  mtime: Uint32Array;
  chunks: readonly NameChunk[];
}

export interface QueryResult {
  rows: number[];
  total: number;
}

export function queryRows(columns: QueryColumns, words: readonly string[], offset: number, limit: number): QueryResult {
  const first = words[0];
  if (first === undefined) return { rows: [], total: 0 };
  const top = new TopRows(offset + limit);
  const total =
    words.length === 1 && first.length === 1 && exactChar(first.charCodeAt(0))
      ? oneCharacter(columns, first.charCodeAt(0), top)
      : inText(columns, words, top);
  return { rows: top.sorted().slice(offset), total };
}

/**
 * One exact character ("a", "0", "_") is in most names: the per-row bits decide both
 * "holds it" and the tier in one pass, without reading a name.
 */
function oneCharacter(c: QueryColumns, code: number, top: TopRows): number {
  const bit = charBit(code);
  const chars = bit < 32 ? c.charsLo : c.charsHi;
  const wordStarts = bit < 32 ? c.wordsLo : c.wordsHi;
  const mask = 1 << (bit & 31);
  const { alive, first, mtime } = c;
  let total = 0;
  for (let row = 0; row < c.rowCount; row++) {
    if (((chars[row] ?? 0) & mask) === 0 || alive[row] === 0) continue;
    total++;
    const tier = first[row] === bit ? 0 : ((wordStarts[row] ?? 0) & mask) !== 0 ? 1 : 2;
    top.offer(rankKey(tier, mtime[row] ?? 0), row);
  }
  return total;
}

/**
 * Finds the rarest word in the chunk texts; each hit is mapped to its row, which is kept
 * when it is alive and holds the other words too. Each other word has a cursor: its next
 * occurrence, searched again only once the rows have passed it, so a word that is rare
 * costs one scan of the text and one that is common one `indexOf` per candidate.
 */
function inText(c: QueryColumns, words: readonly string[], top: TopRows): number {
  const driverAt = rarest(c.chunks, words);
  const driver = words[driverAt] ?? '';
  const ranked = words[0] ?? '';
  const others = words.filter((_, i) => i !== driverAt);
  // Where the ranked word's occurrences come from: the driver's hit, or its cursor.
  const rankedCursor = driverAt === 0 ? -1 : others.indexOf(ranked);
  const next = new Float64Array(others.length);
  const { alive, mtime } = c;
  let total = 0;
  for (const chunk of c.chunks) {
    const text = chunk.text;
    next.fill(-1);
    let name = 0;
    let hit = text.indexOf(driver);
    while (hit >= 0) {
      name = chunk.locate(hit, name);
      const start = chunk.starts[name] ?? 0;
      const end = chunk.endOf(name);
      const row = chunk.rowAt(name);
      if (alive[row] === 1 && holdsAll(text, others, next, start, end)) {
        total++;
        const at = rankedCursor < 0 ? hit : (next[rankedCursor] ?? 0);
        if (at === start) top.offer(rankKey(0, mtime[row] ?? 0), row);
        else if (top.wouldKeep(rankKey(1, mtime[row] ?? 0), row)) top.offer(rankKey(wordTier(text, ranked, at, end), mtime[row] ?? 0), row);
      }
      hit = text.indexOf(driver, end + 1);
    }
  }
  return total;
}

function holdsAll(text: string, words: readonly string[], next: Float64Array, start: number, end: number): boolean {
  for (let k = 0; k < words.length; k++) {
    let at = next[k] ?? 0;
    if (at < start) {
      const found = text.indexOf(words[k] ?? '', start);
      at = found < 0 ? Number.POSITIVE_INFINITY : found;
      next[k] = at;
    }
    // An occurrence that starts before the "\0" lies inside the name: words hold no "\0".
    if (at >= end) return false;
  }
  return true;
}

/** 1 when an occurrence of `word` from `at` on, inside the name ending at `end`, starts a word; else 2. */
function wordTier(text: string, word: string, at: number, end: number): number {
  const lead = word.charCodeAt(0);
  for (let pos = at; pos + word.length <= end; pos++) {
    if (pos !== at && (text.charCodeAt(pos) !== lead || !text.startsWith(word, pos))) continue;
    if (isWordStart(text, pos)) return 1;
  }
  return 2;
}

/** Characters looked at per chunk, in a few chunks spread over the store, to tell a rare word. */
const sampleChars = 1 << 14;
const sampleChunks = 8;

/** The word with the fewest occurrences in a sample of the text (the longer on a tie). */
function rarest(chunks: readonly NameChunk[], words: readonly string[]): number {
  if (words.length === 1) return 0;
  const step = Math.max(1, Math.floor(chunks.length / sampleChunks));
  let best = 0;
  let bestCount = Number.POSITIVE_INFINITY;
  words.forEach((word, index) => {
    let count = 0;
    for (let i = 0; i < chunks.length; i += step) {
      const text = chunks[i]?.text ?? '';
      const limit = Math.min(text.length, sampleChars);
      for (let at = text.indexOf(word); at >= 0 && at < limit; at = text.indexOf(word, at + 1)) count++;
    }
    if (count < bestCount || (count === bestCount && word.length > (words[best] ?? '').length)) {
      best = index;
      bestCount = count;
    }
  });
  return best;
}
