import * as crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { profileLink } from '../../../../main/profiles/profile-source';
import { unsealSecrets } from '../../../../main/profiles/seal';
import { AppError } from '../../../../main/shared/app-error';
import { drafts, makeWorld, type World } from './world';

// Counts key derivations: a hostile file must be refused before the first one.
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof crypto>();
  return { ...original, scrypt: vi.fn(original.scrypt) };
});
const scryptCalls = () => vi.mocked(crypto.scrypt).mock.calls.length;

let world: World;
let sealed: Record<string, Record<string, unknown>>;
const passphrase = 'the right passphrase';

beforeEach(async () => {
  world = makeWorld();
  const saved = await world.registry.save(drafts['box-ccg']);
  sealed = JSON.parse((await world.profiles.export(saved.id, passphrase)).text) as typeof sealed;
  vi.mocked(crypto.scrypt).mockClear();
});
afterEach(() => world.cleanup());

const withKdf = (kdf: Record<string, unknown>) =>
  JSON.stringify({ ...sealed, sealed: { ...sealed.sealed, kdf: { ...(sealed.sealed!.kdf as Record<string, unknown>), ...kdf } } });
const withSealed = (fields: Record<string, unknown>) => JSON.stringify({ ...sealed, sealed: { ...sealed.sealed, ...fields } });
const b64 = (bytes: number) => Buffer.alloc(bytes, 1).toString('base64');

describe('scrypt parameters come from Skyhook, not from the file', () => {
  const documents: Record<string, () => string> = {
    'N=2^20, r=16, p=4 (2 GiB)': () => withKdf({ N: 2 ** 20, r: 16, p: 4 }),
    'N=2^18': () => withKdf({ N: 2 ** 18 }),
    'N=2^17 + 1': () => withKdf({ N: 2 ** 17 + 1 }),
    'r=16': () => withKdf({ r: 16 }),
    'p=2': () => withKdf({ p: 2 }),
    'N=2^13 (weaker than Skyhook writes)': () => withKdf({ N: 2 ** 13 }),
    'a 64-byte salt': () => withKdf({ salt: b64(64) }),
    'an 8-byte salt': () => withKdf({ salt: b64(8) }),
    'a 16-byte IV': () => withSealed({ iv: b64(16) }),
    'a 4-byte tag': () => withSealed({ tag: b64(4) }),
  };

  it.each(Object.keys(documents))(
    '%s: refused as not a valid profile, from a file or a skyhook:// link, before any key derivation',
    async (label) => {
      const text = documents[label]!();
      for (const source of [text, profileLink(text)]) {
        const error = await world.profiles.import(source, passphrase, 'keep-both').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('profile_invalid');
        expect((await world.profiles.preview(source).catch((e: unknown) => e)) as AppError).toBeInstanceOf(AppError);
      }
      expect(scryptCalls()).toBe(0);
    },
  );

  it('the cost Skyhook wrote still opens, with one derivation', async () => {
    expect(await world.profiles.import(JSON.stringify(sealed), passphrase, 'keep-both')).toMatchObject({ kind: 'box-ccg' });
    expect(scryptCalls()).toBe(1);
  });

  it('unsealSecrets itself refuses sizes and costs it was not meant to see, before deriving', async () => {
    const block = sealed.sealed as unknown as Parameters<typeof unsealSecrets>[1];
    const cases = [
      { ...block, iv: b64(16) },
      { ...block, tag: b64(12) },
      { ...block, kdf: { ...block.kdf, salt: b64(4) } },
      { ...block, kdf: { ...block.kdf, N: 2 ** 22 } },
    ];
    for (const bad of cases) {
      await expect(unsealSecrets(sealed, bad as typeof block, passphrase)).rejects.toMatchObject({ code: 'profile_unseal_failed' });
    }
    await expect(unsealSecrets(sealed, block, 'x'.repeat(5000))).rejects.toMatchObject({ code: 'profile_unseal_failed' });
    expect(scryptCalls()).toBe(0);
  });
});
