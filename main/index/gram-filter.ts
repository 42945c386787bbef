import { isWordStart } from './fold';

/**
 * Which pairs and triples of characters a chunk of names holds, as bits: a word of the
 * query can only be in the chunk if all of its pairs and triples are. One bit per pair or
 * triple (hashed; a shared bit only lets a chunk through that has nothing, never the
 * reverse), pairs and triples that span two names included (harmless for the same reason).
 *
 * 16384 bits for a chunk of ~560 names (2 KB, ~3.7 B per name) leave most bits clear: a
 * rare date or number gets through few chunks it is absent from; a word of three
 * characters or more whose pairs and triples are all common (each in other words) gets
 * through most; a common word is in every chunk anyway.
 *
 * A second part (8192 bits, ~1.8 B per name) holds the first one, two and three characters
 * at each place a name starts and each place a word starts inside one. A common word is in
 * every chunk, but starts a name or a word in few: once a query's page is full, it reads
 * only the chunks that could still hold a better-ranked name (name-query.ts).
 */

export const gramBits = 16384;
const edgeBits = 8192;
/** 32-bit words per filter (both parts). */
export const gramWords = (gramBits + edgeBits) / 32;
const shift = 32 - Math.log2(gramBits);
const edgeShift = 32 - Math.log2(edgeBits);

/** Where a word of the query sits in a name: at its start (ranked first) or at the start of one of its words. */
export type Edge = 'name' | 'word';

const pair = (a: number, b: number) => Math.imul((a << 16) | b, 0x9e3779b1) >>> shift;
const triple = (a: number, b: number, c: number) => Math.imul(((a << 16) | b) ^ Math.imul(c, 0x85ebca6b), 0x9e3779b1) >>> shift;
/**
 * The first one, two or three characters at a start (-1: none; a word shorter than three
 * looks for fewer), mixed fully (murmur3's finaliser): a plain multiply left many starts
 * on the bits of common ones, and the filter let ~90 % of chunks through.
 */
function edge(kind: Edge, first: number, second: number, third: number): number {
  let h = Math.imul(first, 0x9e3779b1) ^ Math.imul(second + 2, 0x85ebca6b) ^ Math.imul(third + 2, 0xc2b2ae35) ^ (kind === 'name' ? 1 : 2);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return gramBits + ((h ^ (h >>> 16)) >>> edgeShift);
}

const set = (filter: Int32Array, bit: number) => {
  filter[bit >>> 5] = (filter[bit >>> 5] ?? 0) | (1 << (bit & 31));
};

/** Sets the bits of every pair and triple of `text` (one name, or names each followed by "\0") in `filter`. */
export function addGrams(filter: Int32Array, text: string): void {
  let before = -1;
  let last = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (last >= 0) set(filter, pair(last, code));
    if (before >= 0) set(filter, triple(before, last, code));
    if (code !== 0 && isWordStart(text, i)) {
      const kind: Edge = i === 0 || last === 0 ? 'name' : 'word';
      const second = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      const third = second !== 0 && i + 2 < text.length ? text.charCodeAt(i + 2) : 0;
      set(filter, edge(kind, code, -1, -1));
      if (second !== 0) set(filter, edge(kind, code, second, -1));
      if (third !== 0) set(filter, edge(kind, code, second, third));
    }
    before = last;
    last = code;
  }
}

/**
 * The bits every chunk holding all of `words` must have set, as [word index, bits] pairs
 * (only the filter words that matter: a query checks a few, not all 128, per chunk).
 */
export function gramsOf(words: readonly string[]): Int32Array {
  const bits = new Int32Array(gramWords);
  for (const word of words) addGrams(bits, word);
  const needed: number[] = [];
  bits.forEach((want, at) => {
    // Only the pairs and triples: where the words start is the ranking's question (edgeOf).
    if (want !== 0 && at < gramBits / 32) needed.push(at, want);
  });
  return Int32Array.from(needed);
}

/** Whether `filter` has every bit of `needed` (gramsOf) set. */
export function mayHold(filter: Int32Array, needed: Int32Array): boolean {
  for (let i = 0; i < needed.length; i += 2) {
    const want = needed[i + 1] ?? 0;
    if (((filter[needed[i] ?? 0] ?? 0) & want) !== want) return false;
  }
  return true;
}

/** The bit a chunk has set when one of its names (kind "name") or a word inside one ("word") may start with `word`. */
export function edgeOf(kind: Edge, word: string): number {
  const at = (i: number) => (i < word.length ? word.charCodeAt(i) : -1);
  return edge(kind, at(0), at(1), at(2));
}

export const hasBit = (filter: Int32Array, bit: number): boolean => ((filter[bit >>> 5] ?? 0) & (1 << (bit & 31))) !== 0;
