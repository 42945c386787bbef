import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyFileCipher } from '../../../../main/vault/keyfile-cipher';
import { overlayStore, Vault } from '../../../../main/vault/vault';
import { useTempDirs } from '../../../harness/unit';

const tempDir = useTempDirs();

function openVault(dir = tempDir()) {
  const file = join(dir, 'vault.json');
  const cipher = keyFileCipher(join(dir, 'vault.key'));
  return { file, cipher, vault: new Vault(file, cipher), reopen: () => new Vault(file, cipher) };
}

describe('Vault', () => {
  it('persists set, overwrite and delete across a new Vault on the same file', async () => {
    const { vault, reopen } = openVault();
    await vault.set('conn/a/clientSecret', 'first-value');
    await vault.set('conn/a/clientSecret', 'second-value');
    await vault.set('conn/b/refreshToken', 'refresh-value');
    await vault.delete('conn/b/refreshToken');

    const again = reopen();
    expect(await again.get('conn/a/clientSecret')).toBe('second-value');
    expect(await again.get('conn/b/refreshToken')).toBeUndefined();
    expect(again.has('conn/a/clientSecret')).toBe(true);
    expect(again.has('conn/b/refreshToken')).toBe(false);
  });

  it('never writes a secret in plain text, and keeps the file private (0600)', async () => {
    const { vault, file } = openVault();
    const secrets = ['s3cr3t-plain-text-value', '-----BEGIN PRIVATE KEY-----\nMIIEv', 'pässwörd-東京'];
    for (const [i, s] of secrets.entries()) await vault.set(`k${i}`, s);
    const raw = readFileSync(file, 'utf8');
    for (const s of secrets) expect(raw).not.toContain(s);
    expect(raw).not.toContain('BEGIN PRIVATE KEY');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('keeps every one of many concurrent sets', async () => {
    const { vault, reopen } = openVault();
    const names = Array.from({ length: 40 }, (_, i) => `conn/x/secret-${i}`);
    await Promise.all(names.map((name, i) => vault.set(name, `value-${i}`)));
    const again = reopen();
    expect(await Promise.all(names.map((n) => again.get(n)))).toEqual(names.map((_, i) => `value-${i}`));
  });

  it('serialises a get behind pending writes', async () => {
    const { vault } = openVault();
    const writing = vault.set('name', 'value');
    expect(await vault.get('name')).toBe('value');
    await writing;
  });

  it('scoped() views see only their own prefix', async () => {
    const { vault } = openVault();
    const a = vault.scoped('conn/a/');
    const b = vault.scoped('conn/b/');
    await a.set('clientSecret', 'secret-a');
    await b.set('clientSecret', 'secret-b');
    expect(await a.get('clientSecret')).toBe('secret-a');
    expect(await b.get('clientSecret')).toBe('secret-b');
    expect(await vault.get('conn/a/clientSecret')).toBe('secret-a');
    await a.delete('clientSecret');
    expect(await a.get('clientSecret')).toBeUndefined();
    expect(await b.get('clientSecret')).toBe('secret-b');
  });

  it('deletePrefix removes exactly the entries under that prefix', async () => {
    const { vault, reopen } = openVault();
    await vault.set('conn/a/clientSecret', '1');
    await vault.set('conn/a/tokens', '2');
    await vault.set('conn/ab/clientSecret', '3');
    await vault.set('conn/b/clientSecret', '4');
    await vault.deletePrefix('conn/a/');
    const again = reopen();
    expect(again.has('conn/a/clientSecret')).toBe(false);
    expect(again.has('conn/a/tokens')).toBe(false);
    expect(await again.get('conn/ab/clientSecret')).toBe('3');
    expect(await again.get('conn/b/clientSecret')).toBe('4');
  });

  it('reports the cipher backend and strength, never the key', () => {
    const { vault } = openVault();
    expect(vault.cipherInfo).toEqual({ backend: 'dev-keyfile', strong: false });
  });
});

describe('overlayStore', () => {
  it('reads overrides first, falls back to the base, and never writes to the base', async () => {
    const { vault, file, reopen } = openVault();
    await vault.set('conn/a/clientSecret', 'saved');
    await vault.set('conn/a/tokens', 'saved-tokens');
    const before = readFileSync(file);

    const overlay = overlayStore(vault.scoped('conn/a/'), { clientSecret: 'draft' });
    expect(await overlay.get('clientSecret')).toBe('draft');
    expect(await overlay.get('tokens')).toBe('saved-tokens');

    await overlay.set('tokens', 'new-tokens');
    await overlay.set('extra', 'x');
    expect(await overlay.get('tokens')).toBe('new-tokens');
    await overlay.delete('clientSecret');
    expect(await overlay.get('clientSecret')).toBeUndefined();
    await overlay.set('clientSecret', 'again');
    expect(await overlay.get('clientSecret')).toBe('again');

    expect(readFileSync(file).equals(before)).toBe(true);
    const base = reopen();
    expect(await base.get('conn/a/clientSecret')).toBe('saved');
    expect(await base.get('conn/a/tokens')).toBe('saved-tokens');
    expect(base.has('conn/a/extra')).toBe(false);
  });
});
