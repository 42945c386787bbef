import { chmodSync, mkdirSync, statSync } from 'node:fs';

/**
 * Creates the data folder readable by its owner only (0700): it holds the vault, its dev
 * key file, tokens and cached originals. A folder of ours left open to others by an older
 * version or a umask is closed again; someone else's folder is left alone.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  const info = statSync(dir);
  if (info.uid === process.getuid?.() && (info.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}
