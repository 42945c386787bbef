import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { QuickXorHash, quickXorHash } from '../../../../main/media/quick-xor-hash';

// Published vectors for Microsoft's algorithm (the ones rclone's OneDrive backend tests with).
const vectors: Array<[string, string]> = [
  ['', 'AAAAAAAAAAAAAAAAAAAAAAAAAAA='],
  ['Sg==', 'SgAAAAAAAAAAAAAAAQAAAAAAAAA='],
  ['tbQ=', 'taAFAAAAAAAAAAAAAgAAAAAAAAA='],
  ['0pZP', '0rDEEwAAAAAAAAAAAwAAAAAAAAA='],
  ['jRRDVA==', 'jaDAEKgAAAAAAAAABAAAAAAAAAA='],
  ['/aNzzCFPS/A=', '/RjFHJgRgicsAR4ACAAAAAAAAAA='],
];

describe('quickXorHash', () => {
  it.each(vectors)('hashes %s to the published value', (input, expected) => {
    expect(quickXorHash(Buffer.from(input, 'base64'))).toBe(expected);
  });

  it('gives the same digest fed in uneven chunks as in one piece (downloads arrive in chunks)', () => {
    const bytes = randomBytes(10_007);
    const hash = new QuickXorHash();
    for (let at = 0; at < bytes.length; at += 333) hash.update(bytes.subarray(at, at + 333));
    expect(hash.digest()).toBe(quickXorHash(bytes));
    expect(quickXorHash(bytes.subarray(0, 10_006))).not.toBe(quickXorHash(bytes));
  });
});
