import { isWordStart } from './fold';

/**
 * Per name, which characters it holds and which of them start one of its words, as bits
 * (plus its first character). A one-character query ("a", "0", "_") matches most of a
 * million names, so finding them in the text would cost a step per occurrence; these bits
 * answer "holds it?" and the ranking tier with two reads per row instead.
 *
 * Bits 0–39 stand for one character each (a–z, 0–9, "_", "-", ".", " "); 40–63 are shared
 * by the rest, so only the first 40 are exact (other characters are searched in the text).
 */

export function charBit(code: number): number {
  if (code >= 97 && code <= 122) return code - 97;
  if (code >= 48 && code <= 57) return code - 48 + 26;
  if (code === 95) return 36;
  if (code === 45) return 37;
  if (code === 46) return 38;
  if (code === 32) return 39;
  return 40 + (code % 24);
}

/** True when `charBit(code)` stands for that character alone. */
export const exactChar = (code: number): boolean => charBit(code) < 40;

/** "No first character" (an empty name). */
export const noFirst = 255;

export interface CharColumns {
  charsLo: Uint32Array;
  charsHi: Uint32Array;
  wordsLo: Uint32Array;
  wordsHi: Uint32Array;
  first: Uint8Array;
}

/** One row's worth of the columns above. */
export interface CharBits {
  charsLo: number;
  charsHi: number;
  wordsLo: number;
  wordsHi: number;
  first: number;
}

/**
 * Works out the bits of folded `name` into `out`. Returns whether the name fits one byte
 * per character (Latin-1), which decides the kind of chunk it is kept in.
 */
export function summarize(name: string, out: CharBits): boolean {
  let charsLo = 0;
  let charsHi = 0;
  let wordsLo = 0;
  let wordsHi = 0;
  let narrow = true;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code > 0xff) narrow = false;
    const bit = charBit(code);
    const mask = 1 << (bit & 31);
    const starts = isWordStart(name, i);
    if (bit < 32) {
      charsLo |= mask;
      if (starts) wordsLo |= mask;
    } else {
      charsHi |= mask;
      if (starts) wordsHi |= mask;
    }
  }
  out.charsLo = charsLo;
  out.charsHi = charsHi;
  out.wordsLo = wordsLo;
  out.wordsHi = wordsHi;
  out.first = name.length > 0 ? charBit(name.charCodeAt(0)) : noFirst;
  return narrow;
}
