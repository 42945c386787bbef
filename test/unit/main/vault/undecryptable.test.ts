import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyFileCipher } from '../../../../main/vault/keyfile-cipher';
import { undecryptableProblem } from '../../../../main/vault/undecryptable';
import { Vault } from '../../../../main/vault/vault';
import { useTempDirs } from '../../../harness/unit';

const tempDir = useTempDirs();

describe('Vault with entries its cipher cannot open', () => {
  it('counts them as not set, never decrypts them, and forgets the mark once a new value is saved', async () => {
    const dir = tempDir();
    const file = join(dir, 'vault.json');
    const before = new Vault(file, keyFileCipher(join(dir, 'old.key')));
    await before.set('conn/a/clientSecret', 'secret-a');
    await before.set('conn/b/clientSecret', 'secret-b');

    const after = new Vault(file, keyFileCipher(join(dir, 'new.key')));
    expect(after.undecryptable().sort()).toEqual(['conn/a/clientSecret', 'conn/b/clientSecret']);
    expect(after.has('conn/a/clientSecret')).toBe(false);
    expect(await after.get('conn/a/clientSecret')).toBeUndefined();

    await after.set('conn/a/clientSecret', 'entered again');
    expect(after.undecryptable()).toEqual(['conn/b/clientSecret']);
    expect(await after.get('conn/a/clientSecret')).toBe('entered again');
    await after.deleteWhere((name) => name.startsWith('conn/b/'));
    expect(after.undecryptable()).toEqual([]);
  });
});

describe('undecryptableProblem', () => {
  it('names the connections whose secrets were lost, and says nothing for orphans alone', () => {
    const connections = [
      { id: 'a', name: 'Design Box' },
      { id: 'b', name: 'Team OneDrive' },
    ];
    expect(undecryptableProblem(['conn/a/clientSecret', 'conn/a/privateKey'], connections)?.message).toContain(
      'one connection (Design Box)',
    );
    expect(undecryptableProblem(['conn/a/clientSecret', 'conn/b/token'], connections)?.message).toContain(
      '2 connections (Design Box, Team OneDrive)',
    );
    expect(undecryptableProblem(['conn/zzz/clientSecret'], connections)).toBeUndefined();
  });
});
