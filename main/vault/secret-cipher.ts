/**
 * The port through which every secret is encrypted before it touches the disk. In the
 * app it is Electron's safeStorage; in the headless composition a key file (dev/test only).
 */
export interface SecretCipher {
  /** Name of the backend, shown to the user (e.g. `keychain`, `gnome_libsecret`, `basic_text`). */
  readonly backend: string;
  /** False when the backend offers no real protection (Linux `basic_text`, the dev key file). */
  readonly strong: boolean;
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
}
