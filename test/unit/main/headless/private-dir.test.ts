import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensurePrivateDir } from '../../../../main/headless/private-dir';
import { useTempDirs } from '../../../harness/unit';

const tempDir = useTempDirs();
const modeOf = (dir: string) => statSync(dir).mode & 0o777;

describe.runIf(process.platform !== 'win32')('ensurePrivateDir', () => {
  it('creates a missing data folder, parents included, as 0700 whatever the umask', () => {
    const previous = process.umask(0o000);
    try {
      const dir = join(tempDir(), 'a', 'data');
      ensurePrivateDir(dir);
      expect(modeOf(dir)).toBe(0o700);
    } finally {
      process.umask(previous);
    }
  });

  it('closes an existing folder of ours that others could read', () => {
    const dir = join(tempDir(), 'open');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    ensurePrivateDir(dir);
    expect(modeOf(dir)).toBe(0o700);
  });
});
