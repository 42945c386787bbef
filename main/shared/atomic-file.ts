import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** A temporary name beside `target`, so the final rename never crosses file systems. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${randomBytes(6).toString('hex')}.partial`);
}

/**
 * Writes a whole file or nothing: readers never see a half-written file, and a crash
 * leaves the previous content (plus, at worst, a stray `.partial` file).
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  try {
    await writeFile(temp, data, { mode });
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** `writeFileAtomic` for the few writes that must be done when the call returns (settings). */
export function writeFileAtomicSync(target: string, data: string, mode = 0o600): void {
  mkdirSync(dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  try {
    writeFileSync(temp, data, { mode });
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
