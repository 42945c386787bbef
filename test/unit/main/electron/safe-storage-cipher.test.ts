import { describe, expect, it, vi } from 'vitest';

// Stand-in for Electron's safeStorage: which backend Chromium picked, and a reversible "encryption".
const storage = { backend: 'gnome_libsecret', available: true };
vi.mock('electron', () => ({
  safeStorage: {
    getSelectedStorageBackend: () => storage.backend,
    isEncryptionAvailable: () => storage.available,
    encryptString: (plain: string) => Buffer.from(`enc:${plain}`),
    decryptString: (data: Buffer) => data.toString().replace(/^enc:/, ''),
  },
  dialog: {},
}));

const { safeStorageCipher } = await import('../../../../main/electron/safe-storage-cipher');

describe.runIf(process.platform === 'linux')('safeStorage as the vault cipher on Linux', () => {
  it('uses a real keyring without asking', async () => {
    storage.backend = 'gnome_libsecret';
    const ask = vi.fn(async () => true);
    const { cipher, warning } = await safeStorageCipher(ask);
    expect(cipher).toMatchObject({ backend: 'gnome_libsecret', strong: true });
    expect(warning).toBeUndefined();
    expect(cipher.decrypt(cipher.encrypt('s3cret'))).toBe('s3cret');
    expect(ask).not.toHaveBeenCalled();
  });

  it('treats basic_text as no protection: says so, asks, and stores nothing when refused', async () => {
    storage.backend = 'basic_text';
    const { cipher, warning } = await safeStorageCipher(async () => false);
    expect(cipher.strong).toBe(false);
    expect(warning).toMatch(/keyring/);
    expect(() => cipher.encrypt('s3cret')).toThrow(/cannot store secrets/);
  });

  it('stores with basic_text only after the user agreed', async () => {
    storage.backend = 'basic_text';
    const { cipher } = await safeStorageCipher(async () => true);
    expect(cipher.decrypt(cipher.encrypt('s3cret'))).toBe('s3cret');
  });
});
