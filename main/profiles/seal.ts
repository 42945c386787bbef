import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { AppError } from '../shared/app-error';
import { canonicalJson } from './canonical-json';
import { scryptParams, type ScryptParams, type SealedBlock } from './profile-format';

/** OWASP's scrypt baseline (N=2^17, r=8, p=1): about half a second on a laptop, once per import. */
export const defaultScrypt = { N: 2 ** 17, r: 8, p: 1 } as const;
export type ScryptCost = Pick<ScryptParams, 'N' | 'r' | 'p'>;

/** The passphrase is shared by voice or chat: the same words typed on another OS must match. */
const normalise = (passphrase: string) => passphrase.normalize('NFC');

/**
 * Refuses any cost Skyhook does not write, whoever calls: the schema already checks a file,
 * this keeps a future caller from deriving a key with numbers it read from somewhere else.
 */
function deriveKey(passphrase: string, kdf: ScryptParams): Promise<Buffer> {
  if (!scryptParams.safeParse(kdf).success) return Promise.reject(unsealFailed());
  const options: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(normalise(passphrase), Buffer.from(kdf.salt, 'base64'), 32, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

const cipherOutput = new Set(['iv', 'tag', 'ciphertext']);

/**
 * The bytes the seal authenticates: the whole document except the cipher's own output.
 * Changing a client ID, a folder or the list of sealed fields makes decryption fail.
 */
export function additionalData(document: Record<string, unknown>): Buffer {
  const { sealed, ...rest } = document;
  const header = Object.fromEntries(Object.entries((sealed ?? {}) as Record<string, unknown>).filter(([key]) => !cipherOutput.has(key)));
  return Buffer.from(canonicalJson({ ...rest, sealed: header }), 'utf8');
}

/**
 * Seals `secrets` into `document.sealed` (AES-256-GCM, key from scrypt with a random salt).
 * `document` must already hold everything else that will be in the file.
 */
export async function sealSecrets(
  document: Record<string, unknown>,
  secrets: Record<string, string>,
  passphrase: string,
  cost: ScryptCost = defaultScrypt,
): Promise<SealedBlock> {
  const fields = Object.keys(secrets);
  const kdf: ScryptParams = { name: 'scrypt', salt: randomBytes(16).toString('base64'), ...cost };
  const header = { fields, kdf, cipher: 'aes-256-gcm' as const };
  const key = await deriveKey(passphrase, kdf);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(additionalData({ ...document, sealed: header }));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return { ...header, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
}

export const unsealFailed = () =>
  new AppError({
    code: 'profile_unseal_failed',
    message: 'The passphrase is wrong, or the profile was changed after it was exported. Nothing was added.',
    fix: 'Check the passphrase with whoever shared the profile (it is case-sensitive). If it is right, ask them for a fresh copy of the file.',
  });

/** Opens a sealed profile's secrets; any wrong passphrase or changed byte fails as one clear error. */
export async function unsealSecrets(
  raw: Record<string, unknown>,
  sealed: SealedBlock,
  passphrase: string,
): Promise<Record<string, string>> {
  // Every size is checked before the (deliberately slow) key derivation, never after.
  const iv = Buffer.from(sealed.iv, 'base64');
  const tag = Buffer.from(sealed.tag, 'base64');
  const salt = Buffer.from(sealed.kdf.salt, 'base64');
  if (iv.length !== 12 || tag.length !== 16 || salt.length !== 16 || passphrase.length > 1024) throw unsealFailed();
  const key = await deriveKey(passphrase, sealed.kdf);
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(additionalData(raw));
    decipher.setAuthTag(tag);
    plain = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw unsealFailed();
  }
  const secrets = JSON.parse(plain) as Record<string, unknown>;
  const names = Object.keys(secrets);
  // Authenticated, so this only trips on a profile written by something other than Skyhook.
  if (names.length !== sealed.fields.length || !sealed.fields.every((f) => typeof secrets[f] === 'string')) throw unsealFailed();
  return secrets as Record<string, string>;
}
