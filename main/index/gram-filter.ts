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
 */

export const gramBits = 16384;
/** 32-bit words per filter. */
export const gramWords = gramBits / 32;
const shift = 32 - Math.log2(gramBits);

const pair = (a: number, b: number) => Math.imul((a << 16) | b, 0x9e3779b1) >>> shift;
const triple = (a: number, b: number, c: number) => Math.imul(((a << 16) | b) ^ Math.imul(c, 0x85ebca6b), 0x9e3779b1) >>> shift;

/** Sets the bits of every pair and triple of `text` in `filter`. */
export function addGrams(filter: Int32Array, text: string): void {
  let before = -1;
  let last = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (last >= 0) {
      const p = pair(last, code);
      filter[p >>> 5] = (filter[p >>> 5] ?? 0) | (1 << (p & 31));
    }
    if (before >= 0) {
      const t = triple(before, last, code);
      filter[t >>> 5] = (filter[t >>> 5] ?? 0) | (1 << (t & 31));
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
    if (want !== 0) needed.push(at, want);
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
