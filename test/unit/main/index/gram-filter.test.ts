import { describe, expect, it } from 'vitest';
import { fold, isWordStart } from '../../../../main/index/fold';
import { addGrams, edgeOf, gramsOf, gramWords, hasBit, mayHold } from '../../../../main/index/gram-filter';
import { NameChunk } from '../../../../main/index/name-chunk';
import { syntheticItems } from '../../../bench/synthetic-names';

/**
 * A chunk the filter turns away is never read: one wrongly turned away loses matches. So
 * every fragment of every name must get through its chunk's filter, whether the chunk was
 * filled name by name or rebuilt from its text (a snapshot's packing).
 */

const names = syntheticItems(150, 5).map((item) => fold(item.name));

function fragments(name: string): string[] {
  const out: string[] = [];
  for (let from = 0; from < name.length; from++) for (let to = from + 1; to <= name.length; to++) out.push(name.slice(from, to));
  return out;
}

/** The names in one chunk filled name by name, and in one rebuilt from its text (a snapshot's packing). */
function bothChunks(): NameChunk[] {
  const added = new NameChunk(false, 0);
  names.forEach((name, row) => added.add(name, row));
  added.settle();
  return [added, new NameChunk(false, 0, { text: added.text, starts: added.packedStarts() })];
}

describe('chunk filter', () => {
  it('lets through every fragment of every name, and any set of them together', () => {
    const missed: string[] = [];
    for (const chunk of bothChunks()) {
      for (const name of names) {
        for (const fragment of fragments(name)) if (!mayHold(chunk.grams, gramsOf([fragment]))) missed.push(fragment);
        if (!mayHold(chunk.grams, gramsOf(name.split(/[_.]/u)))) missed.push(name);
      }
    }
    expect(missed).toEqual([]);
  });

  it('turns away a chunk without the word, and one-character words never', () => {
    const filter = new Int32Array(gramWords);
    addGrams(filter, 'img_20240412_0001.jpg');
    expect(mayHold(filter, gramsOf(['20240413']))).toBe(false);
    expect(mayHold(filter, gramsOf(['img', 'zq']))).toBe(false);
    expect(mayHold(filter, gramsOf(['z']))).toBe(true);
  });
});

describe('where names and words start', () => {
  it('marks every start of a name and of a word in it, up to three characters, filled name by name or rebuilt', () => {
    const missed: string[] = [];
    for (const chunk of bothChunks()) {
      for (const name of names) {
        for (let length = 1; length <= 4; length++) if (!hasBit(chunk.grams, edgeOf('name', name.slice(0, length)))) missed.push(name);
        for (let at = 1; at < name.length; at++) {
          if (!isWordStart(name, at)) continue;
          for (let length = 1; length <= 4 && at + length <= name.length; length++)
            if (!hasBit(chunk.grams, edgeOf('word', name.slice(at, at + length)))) missed.push(`${name} @${at}`);
        }
      }
    }
    expect(missed).toEqual([]);
  });

  it('does not mark a start that is not there', () => {
    const filter = new Int32Array(gramWords);
    addGrams(filter, 'acme_logo_v3.png');
    expect(hasBit(filter, edgeOf('name', 'acme'))).toBe(true);
    expect(hasBit(filter, edgeOf('word', 'logo'))).toBe(true);
    expect(hasBit(filter, edgeOf('name', 'logo'))).toBe(false);
    expect(hasBit(filter, edgeOf('word', 'ogo'))).toBe(false);
    expect(hasBit(filter, edgeOf('word', 'cme'))).toBe(false);
  });
});
