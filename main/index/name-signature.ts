import { isWordStart } from './fold';

/**
 * A few bits per name that rule most names out before any string is touched: which
 * characters it holds (64 bits), which pairs of neighbouring characters (64 bits, hashed),
 * and which letters start one of its words (32 bits). A query needs every bit of its own
 * signature; the names left are checked for real. test/bench/name-index.ts shows why:
 * scanning the names alone is ~30 ms over a million, the signatures ~3 ms.
 */

/** Bits 0–39 stand for one character each (a–z, 0–9, "_", "-", ".", " "); 40–63 are shared by the rest. */
export function charBit(code: number): number {
  if (code >= 97 && code <= 122) return code - 97;
  if (code >= 48 && code <= 57) return code - 48 + 26;
  if (code === 95) return 36;
  if (code === 45) return 37;
  if (code === 46) return 38;
  if (code === 32) return 39;
  return 40 + (code % 24);
}

/** True when `charBit(code)` stands for that character alone (no check of the name needed). */
export const exactChar = (code: number): boolean => charBit(code) < 40;

const bigramBit = (a: number, b: number): number => Math.imul(a * 65_599 + b, 0x9e3779b1) >>> 26;

/** Word-start bits: a–z exactly, everything else shares bits 26–31. */
const wordBit = (code: number): number => (code >= 97 && code <= 122 ? code - 97 : 26 + (code % 6));

/** Words per signature slot: [chars low, chars high, pairs low, pairs high, word starts]. */
export const signatureWords = 5;

function setBit(out: Uint32Array, at: number, bit: number): void {
  const index = at + (bit >> 5);
  out[index] = ((out[index] ?? 0) | (1 << (bit & 31))) >>> 0;
}

/** Writes the signature of folded `name` at `out[at…at+5)`. */
export function writeSignature(name: string, out: Uint32Array, at: number): void {
  out.fill(0, at, at + signatureWords);
  let previous = -1;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    setBit(out, at, charBit(code));
    if (previous >= 0) setBit(out, at + 2, bigramBit(previous, code));
    if (isWordStart(name, i)) out[at + 4] = ((out[at + 4] ?? 0) | (1 << wordBit(code))) >>> 0;
    previous = code;
  }
}

/** The bits every matching name has: the union of the words' characters and pairs. */
export function querySignature(words: readonly string[]): Uint32Array {
  const out = new Uint32Array(signatureWords);
  for (const word of words) {
    for (let i = 0; i < word.length; i++) {
      const code = word.charCodeAt(i);
      setBit(out, 0, charBit(code));
      if (i > 0) setBit(out, 2, bigramBit(word.charCodeAt(i - 1), code));
    }
  }
  return out;
}

/** Whether a word of the name may start with this character (exact for a–z). */
export const mayStartAWord = (wordBits: number, code: number): boolean => (wordBits & (1 << wordBit(code))) !== 0;

/** For a one-letter query: does a word of the name start with it. */
export const startsAWord = (wordBits: number, code: number): boolean => code >= 97 && code <= 122 && mayStartAWord(wordBits, code);
