import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyFileCipher } from '../../../../main/vault/keyfile-cipher';
import { useTempDirs } from '../../../harness/unit';

const tempDir = useTempDirs();
const plain = 'client-secret-Zq8#é東京-0123456789';

describe('keyFileCipher', () => {
  it('round-trips text, including non-ASCII, and says it is a weak dev backend', () => {
    const cipher = keyFileCipher(join(tempDir(), 'dev-vault.key'));
    expect(cipher.decrypt(cipher.encrypt(plain))).toBe(plain);
    expect(cipher.decrypt(cipher.encrypt(''))).toBe('');
    expect(cipher.strong).toBe(false);
    expect(cipher.backend).toBe('dev-keyfile');
  });

  it('never puts the plain text in the ciphertext, and two encryptions differ (random IV)', () => {
    const cipher = keyFileCipher(join(tempDir(), 'dev-vault.key'));
    const a = cipher.encrypt(plain);
    const b = cipher.encrypt(plain);
    expect(a.includes(Buffer.from(plain, 'utf8'))).toBe(false);
    expect(a.toString('latin1')).not.toContain('client-secret');
    expect(a.equals(b)).toBe(false);
  });

  it('refuses a ciphertext with any tampered byte (version, IV, tag or body)', () => {
    const cipher = keyFileCipher(join(tempDir(), 'dev-vault.key'));
    const sealed = cipher.encrypt(plain);
    for (const index of [0, 5, 20, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[index] = (tampered[index] ?? 0) ^ 0x01;
      expect(() => cipher.decrypt(tampered), `byte ${index}`).toThrow();
    }
    // The original still opens: the failures above were the tampering, not the key.
    expect(cipher.decrypt(sealed)).toBe(plain);
  });

  it('refuses a ciphertext sealed with another key file', () => {
    const mine = keyFileCipher(join(tempDir(), 'a.key'));
    const theirs = keyFileCipher(join(tempDir(), 'b.key'));
    expect(() => mine.decrypt(theirs.encrypt(plain))).toThrow();
  });

  it('creates the key file (and its folder) with mode 0600 and reuses it on the next open', () => {
    const keyPath = join(tempDir(), 'nested', 'data', 'dev-vault.key');
    const first = keyFileCipher(keyPath);
    const key = readFileSync(keyPath);
    expect(key.length).toBe(32);
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);

    const sealed = first.encrypt(plain);
    const second = keyFileCipher(keyPath);
    expect(second.decrypt(sealed)).toBe(plain);
    expect(readFileSync(keyPath).equals(key)).toBe(true);
  });

  it('gives a clear error for a key file of the wrong length, and leaves the file alone', () => {
    const keyPath = join(tempDir(), 'dev-vault.key');
    writeFileSync(keyPath, Buffer.alloc(16, 7));
    expect(() => keyFileCipher(keyPath)).toThrow(/damaged \(expected 32 bytes\)/);
    expect(readFileSync(keyPath).equals(Buffer.alloc(16, 7))).toBe(true);
  });
});
