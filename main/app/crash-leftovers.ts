import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Temporary files of an atomic write that never got renamed: ours (`.<hex>.partial`) and conf's (`settings.json.tmp-…`). */
const leftover = [/^\.[0-9a-f]{12}\.partial$/, /\.json\.tmp-\d{10}[0-9a-f]{6}$/];

/**
 * Deletes what a crash in the middle of a save leaves in the data folder: temporary copies
 * of the vault and of settings (which may hold as much as the real files). Only safe while
 * this process holds the data-folder lock, before anything writes. Returns how many went.
 */
export function cleanCrashLeftovers(dataDir: string): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dataDir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!leftover.some((pattern) => pattern.test(name))) continue;
    rmSync(join(dataDir, name), { force: true });
    removed++;
  }
  return removed;
}
