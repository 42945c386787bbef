import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir, lockFileName } from '../../../../main/app/data-dir-lock';
import { useTempDirs } from '../../../harness/unit';

const tempDir = useTempDirs();
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

const holderScript = join(import.meta.dirname, '..', '..', '..', 'harness', 'lock-holder.ts');

/** Another Skyhook process on `dataDir`; resolves once it printed its outcome. */
async function otherProcess(dataDir: string, ...args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', holderScript, dataDir, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const wake of waiters.splice(0)) wake();
  });
  const next = async (prefix: string): Promise<unknown> => {
    for (;;) {
      const line = lines.find((l) => l.startsWith(prefix));
      if (line) {
        lines.splice(lines.indexOf(line), 1);
        return JSON.parse(line.slice(prefix.length)) as unknown;
      }
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { child, outcome: await next('OUTCOME='), next };
}

describe('lockDataDir', () => {
  it('hands a second start to the instance that owns the folder, arguments and all', async () => {
    const dataDir = tempDir();
    const owner = await otherProcess(dataDir);
    expect(owner.outcome).toEqual({ kind: 'acquired' });

    const second = await lockDataDir(dataDir, ['--import', '/tmp/team.skyhook'], { waitMs: 2000 });
    expect(second).toEqual({ kind: 'handed-off', pid: owner.child.pid });
    expect(await owner.next('ARGS=')).toEqual(['--import', '/tmp/team.skyhook']);
  });

  it('takes over the lock of an instance killed with kill -9', async () => {
    const dataDir = tempDir();
    const owner = await otherProcess(dataDir);
    expect(owner.outcome).toEqual({ kind: 'acquired' });
    const exited = new Promise((resolve) => owner.child.once('exit', resolve));
    owner.child.kill('SIGKILL');
    await exited;
    expect(existsSync(join(dataDir, lockFileName))).toBe(true);

    const next = await lockDataDir(dataDir, [], { waitMs: 2000 });
    expect(next.kind).toBe('acquired');
    expect(JSON.parse(readFileSync(join(dataDir, lockFileName), 'utf8'))).toMatchObject({ pid: process.pid });
    if (next.kind === 'acquired') await next.lock.release();
    expect(existsSync(join(dataDir, lockFileName))).toBe(false);
  });

  it('refuses with a clear message when the owner is alive but cannot be reached', async () => {
    const dataDir = tempDir();
    // A live process that is not a Skyhook listening for hand-overs (a reused pid, a hung owner).
    const stranger = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)']);
    children.push(stranger);
    writeFileSync(join(dataDir, lockFileName), JSON.stringify({ pid: stranger.pid, endpoint: join(dataDir, 'nobody.sock') }));
    const outcome = await lockDataDir(dataDir, [], { waitMs: 300, settleMs: 60_000 });
    expect(outcome.kind).toBe('refused');
    if (outcome.kind === 'refused') {
      expect(outcome.message).toContain(`Another Skyhook (process ${stranger.pid}) is using the data folder ${dataDir}`);
      expect(outcome.message).toContain(`delete ${join(dataDir, lockFileName)}`);
    }
  });

  it('takes over from a reused pid once its lock is old and nothing listens', async () => {
    const dataDir = tempDir();
    const stranger = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)']);
    children.push(stranger);
    writeFileSync(join(dataDir, lockFileName), JSON.stringify({ pid: stranger.pid, endpoint: join(dataDir, 'nobody.sock') }));
    const outcome = await lockDataDir(dataDir, [], { waitMs: 2000, settleMs: 0 });
    expect(outcome.kind).toBe('acquired');
    if (outcome.kind === 'acquired') await outcome.lock.release();
  });
});
