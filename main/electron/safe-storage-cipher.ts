import { dialog, safeStorage } from 'electron';
import type { SecretCipher } from '../vault/secret-cipher';
import { AppError } from '../shared/app-error';

/**
 * safeStorage as the vault's cipher. On Linux without a keyring, Chromium falls back to
 * `basic_text` (a hard-coded key): that is no protection, so the user is told and asked
 * before any secret is stored that way (Signal and VS Code treat it the same).
 */
export async function safeStorageCipher(askBeforeWeakStorage: () => Promise<boolean>): Promise<{ cipher: SecretCipher; warning?: string }> {
  const backend =
    process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform === 'darwin' ? 'keychain' : 'dpapi';
  const available = safeStorage.isEncryptionAvailable();
  const weak = !available || backend === 'basic_text' || backend === 'unknown';
  const refuse = (): never => {
    throw new AppError({
      code: 'no_secret_storage',
      message: 'Skyhook cannot store secrets on this computer: no system keyring is available.',
      fix: 'Install and unlock a keyring (GNOME Keyring or KWallet), then restart Skyhook.',
    });
  };
  const allowWeak = weak && available ? await askBeforeWeakStorage() : false;
  const warning = weak
    ? 'No system keyring was found, so secrets are only obscured, not encrypted. Install GNOME Keyring or KWallet and restart Skyhook.'
    : undefined;
  const cipher: SecretCipher = {
    backend,
    strong: !weak,
    encrypt: (plain) => (weak && !allowWeak ? refuse() : safeStorage.encryptString(plain)),
    decrypt: (data) => (available ? safeStorage.decryptString(data) : refuse()),
  };
  return warning ? { cipher, warning } : { cipher };
}

export async function askToStoreWeakly(): Promise<boolean> {
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    buttons: ['Store secrets anyway', 'Do not store secrets'],
    defaultId: 1,
    cancelId: 1,
    message: 'Your system keyring is not available',
    detail:
      'Skyhook keeps client secrets and sign-ins in the system keyring. Without one (GNOME Keyring or KWallet), they can only be obscured on disk, which anyone with access to your files could undo.',
  });
  return response === 0;
}
