import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretCipher } from './secret-cipher';

const version = 1;

/**
 * AES-256-GCM with a random key kept in a file next to the data. It protects against a
 * casual look at the vault, not against anyone who can read the data dir: it exists for
 * the headless composition (development and tests) only, and says so.
 */
export function keyFileCipher(keyPath: string): SecretCipher {
  const key = loadOrCreateKey(keyPath);
  return {
    backend: 'dev-keyfile',
    strong: false,
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([version]), iv, cipher.getAuthTag(), body]);
    },
    decrypt(data) {
      if (data[0] !== version) throw new Error('Unknown vault entry version.');
      const iv = data.subarray(1, 13);
      const tag = data.subarray(13, 29);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(data.subarray(29)), decipher.final()]).toString('utf8');
    },
  };
}

function loadOrCreateKey(keyPath: string): Buffer {
  if (existsSync(keyPath)) {
    const key = readFileSync(keyPath);
    if (key.length !== 32) throw new Error(`The vault key file ${keyPath} is damaged (expected 32 bytes).`);
    return key;
  }
  mkdirSync(dirname(keyPath), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(keyPath, key, { mode: 0o600, flag: 'wx' });
  return key;
}
