import { charBit, exactChar, type CharColumns } from './char-summary';
import { isWordStart } from './fold';
import { edgeOf, gramsOf, hasBit, mayHold } from './gram-filter';
import type { NameChunk } from './name-chunk';
import type { TierCounts } from './tier-counts';
import { rankKey, TopRows } from './top-rows';

/**
 * Answering a query over a store's columns: every row holding every word, counted, and
 * only the page asked for ranked (start of the name, start of a word, inside a word, then
 * newer first). Ranking is by the first word typed; the search is driven by the rarest.
 */

/** A run of rows: sorted ones are newest first, so the first rows of a tier found are its best. */
export interface Run {
  start: number;
  end: number;
  sorted: boolean;
  /** Dead rows in it (a hit there must be checked against `alive`). */
  dead: number;
}

export interface QueryColumns extends CharColumns {
  alive: Uint8Array;
  mtime: Uint32Array;
  chunks: readonly NameChunk[];
  tiers: TierCounts;
  runs: readonly Run[];
}

export interface QueryResult {
  rows: number[];
  /** Rows holding every word: all of them when `exact`, else at least this many. */
  total: number;
  exact: boolean;
}

/**
 * Matches counted before a query stops reading names that cannot reach its page: a common
 * word is in a fifth of a million names, and counting each costs more than finding the page.
 * "1,600+ images" (the panel rounds the lower bound down) says as much to a person as "162,266".
 */
export const countedMatches = 1000;

export function queryRows(
  columns: QueryColumns,
  words: readonly string[],
  offset: number,
  limit: number,
  counted = countedMatches,
): QueryResult {
  const first = words[0];
  if (first === undefined) return newest(columns, offset, limit);
  const top = new TopRows(offset + limit);
  const page = offset + limit;
  const { total, exact } =
    words.length === 1 && first.length === 1 && exactChar(first.charCodeAt(0))
      ? { total: oneCharacter(columns, first.charCodeAt(0), top, page), exact: true }
      : inText(columns, words, top, page, Math.max(counted, page + 1));
  return { rows: top.sorted().slice(offset), total, exact };
}

/**
 * No words (the home screen): every live row, newest first. A sorted run is already in
 * that order (ties by row, as `rankKey` and `TopRows` break them), so only its first
 * `offset + limit` live rows can make the page; the tail is read whole. The runs know
 * their dead rows, so the total needs no row read.
 */
function newest(c: QueryColumns, offset: number, limit: number): QueryResult {
  const page = offset + limit;
  const top = new TopRows(page);
  const { alive, mtime } = c;
  let total = 0;
  for (const run of c.runs) {
    total += run.end - run.start - run.dead;
    let room = run.sorted ? page : Number.POSITIVE_INFINITY;
    for (let row = run.start; row < run.end && room > 0; row++) {
      if (alive[row] === 0) continue;
      top.offer(rankKey(0, mtime[row] ?? 0), row);
      room--;
    }
  }
  return { rows: top.sorted().slice(offset), total, exact: true };
}

/**
 * One exact character ("a", "0", "_") is in most names. The counts per tier give the
 * total without reading a row; a sorted run is read, newest first, only until it has
 * given as many rows of each tier as the page can take; the tail is read whole.
 */
function oneCharacter(c: QueryColumns, code: number, top: TopRows, page: number): number {
  const bit = charBit(code);
  const chars = bit < 32 ? c.charsLo : c.charsHi;
  const wordStarts = bit < 32 ? c.wordsLo : c.wordsHi;
  const mask = 1 << (bit & 31);
  const { alive, first, mtime } = c;
  let total = 0;
  c.runs.forEach((run, index) => {
    const counts = c.tiers.of(index, bit);
    total += counts[0] + counts[1] + counts[2];
    // How many of each tier this run can put on the page, best tier first.
    const want = [0, 0, 0];
    let room = run.sorted ? page : Number.POSITIVE_INFINITY;
    for (let tier = 0; tier < 3; tier++) {
      want[tier] = Math.min(room, counts[tier] ?? 0);
      room -= want[tier] ?? 0;
    }
    const got = [0, 0, 0];
    let missing = (want[0] ?? 0) + (want[1] ?? 0) + (want[2] ?? 0);
    for (let row = run.start; row < run.end && missing > 0; row++) {
      if (((chars[row] ?? 0) & mask) === 0 || alive[row] === 0) continue;
      const tier = first[row] === bit ? 0 : ((wordStarts[row] ?? 0) & mask) !== 0 ? 1 : 2;
      if ((got[tier] ?? 0) >= (want[tier] ?? 0)) continue;
      got[tier] = (got[tier] ?? 0) + 1;
      missing--;
      top.offer(rankKey(tier, mtime[row] ?? 0), row);
    }
  });
  return total;
}

/**
 * Finds the rarest word in the texts of the chunks whose filter holds every word's pairs
 * and triples (the others are skipped unread); each hit is mapped to its row, which is kept
 * when it is alive and holds the other words too. Each other word has a cursor: its next
 * occurrence, searched again only once the rows have passed it, and only in a row that
 * holds all of its characters (char-summary.ts), so a word that is rare costs one scan of
 * the chunk and one that is common one `indexOf` per candidate.
 *
 * In a sorted run, rows of a tier come newest first: once the page has as many as it can
 * take of the tiers a hit could be in, the hit is only counted. For one word in a run
 * without dead rows that takes two `indexOf` calls and no lookup of the row.
 *
 * Once `counted` matches are counted, a chunk of a sorted run is read only if one of its
 * rows could still make the page: the best tier its filter allows (gram-filter.ts: does a
 * name or a word there start with the ranked word?) with its newest time (its first row).
 * The total is then a lower bound.
 */
function inText(c: QueryColumns, words: readonly string[], top: TopRows, page: number, counted: number): { total: number; exact: boolean } {
  const driverAt = rarest(c.chunks, words);
  const driver = words[driverAt] ?? '';
  const lead = anchorAt(c.tiers, driver);
  const anchor = driver.slice(lead);
  const find = (text: string, from: number) => findWord(text, driver, anchor, lead, from);
  const ranked = words[0] ?? '';
  const others = words.filter((_, i) => i !== driverAt);
  // Where the ranked word's occurrences come from: the driver's hit, or its cursor.
  const rankedCursor = driverAt === 0 ? -1 : others.indexOf(ranked);
  const next = new Float64Array(others.length);
  const needed = gramsOf(words);
  const otherChars = others.map(exactChars);
  const { alive, mtime, charsLo, charsHi } = c;
  const startsName = edgeOf('name', ranked);
  const startsWord = edgeOf('word', ranked);
  let total = 0;
  let exact = true;
  let run: Run | undefined;
  // Rows offered per tier in the current sorted run.
  let took0 = 0;
  let took1 = 0;
  let took2 = 0;
  for (const chunk of c.chunks) {
    if (!mayHold(chunk.grams, needed)) continue;
    if (run === undefined || chunk.rowBase < run.start || chunk.rowBase >= run.end) {
      run = c.runs.find((r) => chunk.rowBase >= r.start && chunk.rowBase < r.end) ?? c.runs[c.runs.length - 1];
      took0 = took1 = took2 = 0;
    }
    const sorted = run?.sorted ?? false;
    if (total >= counted && sorted && chunk.rows === undefined) {
      const best = hasBit(chunk.grams, startsName) ? 0 : hasBit(chunk.grams, startsWord) ? 1 : 2;
      if (!top.wouldKeep(rankKey(best, mtime[chunk.rowBase] ?? 0), chunk.rowBase)) {
        exact = false;
        continue;
      }
    }
    const countOnly = sorted && run?.dead === 0 && others.length === 0;
    const text = chunk.text;
    if (others.length > 0) next.fill(-1);
    let name = 0;
    let hit = find(text, 0);
    while (hit >= 0) {
      if (countOnly && !mayEnter(text, driver, hit, took0, took1, took2, page)) {
        total++;
        hit = find(text, text.indexOf('\0', hit + driver.length) + 1);
        continue;
      }
      name = chunk.locate(hit, name);
      const start = chunk.starts[name] ?? 0;
      const end = chunk.endOf(name);
      const row = chunk.rowAt(name);
      if (alive[row] === 1 && holdsChars(charsLo[row] ?? 0, charsHi[row] ?? 0, otherChars) && holdsAll(text, others, next, start, end)) {
        total++;
        const at = rankedCursor < 0 ? hit : (next[rankedCursor] ?? 0);
        const time = mtime[row] ?? 0;
        if (!sorted) {
          if (at === start) top.offer(rankKey(0, time), row);
          else if (top.wouldKeep(rankKey(1, time), row)) top.offer(rankKey(wordTier(text, ranked, at, end), time), row);
        } else {
          const room0 = page - took0;
          const room1 = room0 - took1;
          const room2 = room1 - took2;
          const tier = at === start ? 0 : room1 > 0 ? wordTier(text, ranked, at, end) : 2;
          if (tier === 0 && room0 > 0) {
            top.offer(rankKey(0, time), row);
            took0++;
          } else if (tier === 1 && room1 > 0) {
            top.offer(rankKey(1, time), row);
            took1++;
          } else if (tier === 2 && room2 > 0) {
            top.offer(rankKey(2, time), row);
            took2++;
          }
        }
      }
      hit = find(text, end + 1);
    }
  }
  return { total, exact };
}
/**
 * `indexOf` finds a word by looking for its first character and comparing the rest, so
 * its cost follows how common that character is ("0412" stops at every "0"). Searching
 * from the word's least common character (by the rows holding it) on, and checking the
 * part before, finds the same places for less.
 */
function anchorAt(tiers: TierCounts, word: string): number {
  let best = 0;
  let fewest = Number.POSITIVE_INFINITY;
  for (let i = 0; i + 1 < word.length || i === 0; i++) {
    const code = word.charCodeAt(i);
    const rows = exactChar(code) ? tiers.rowsWith(charBit(code)) : 0;
    if (rows < fewest) {
      best = i;
      fewest = rows;
    }
  }
  return best;
}

/** The next occurrence of `word` from `from`, found through `anchor`, its part from `lead` on. */
function findWord(text: string, word: string, anchor: string, lead: number, from: number): number {
  if (lead === 0) return text.indexOf(word, from);
  for (let at = text.indexOf(anchor, from + lead); at >= 0; at = text.indexOf(anchor, at + 1)) {
    if (text.startsWith(word, at - lead)) return at - lead;
  }
  return -1;
}

/**
 * Whether a hit (its word's first occurrence in the name) could still make the page of a
 * sorted run, from its position alone: only then is its row looked up.
 */
function mayEnter(text: string, word: string, hit: number, took0: number, took1: number, took2: number, page: number): boolean {
  if (hit === 0 || text.charCodeAt(hit - 1) === 0) return took0 < page;
  if (took0 + took1 + took2 < page) return true;
  if (took0 + took1 >= page) return false;
  return wordTier(text, word, hit, text.indexOf('\0', hit + word.length)) === 1;
}

/** The exact characters of `word` (char-summary.ts), as [low bits, high bits]. */
function exactChars(word: string): [number, number] {
  let low = 0;
  let high = 0;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (!exactChar(code)) continue;
    const bit = charBit(code);
    if (bit < 32) low |= 1 << bit;
    else high |= 1 << (bit - 32);
  }
  return [low, high];
}

/** Whether a row's characters include every exact character of each word (a cheap first check before `holdsAll`). */
function holdsChars(low: number, high: number, words: ReadonlyArray<[number, number]>): boolean {
  for (const [wantLow, wantHigh] of words) if ((low & wantLow) !== wantLow || (high & wantHigh) !== wantHigh) return false;
  return true;
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

/** Characters looked at per chunk, in chunks spread over the store, to tell a rare word. */
const sampleChars = 1 << 14;
const sampleChunks = 32;

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
