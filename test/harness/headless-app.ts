import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface HeadlessApp {
  url: string;
  dataDir: string;
  /** Every stdout line so far (SKYHOOK_* lines and anything else). */
  lines: string[];
  /** Resolves with the value of the next `SKYHOOK_<name>=` line printed after this call. */
  next(name: string): Promise<string>;
  stop(): Promise<number | null>;
}

const root = join(import.meta.dirname, '..', '..');

/**
 * Starts the built headless composition (`out/main/headless.js`, as `npm run
 * serve:browser` does) with a fresh data dir unless one is given, and any command-line
 * arguments (e.g. `--import <file>`).
 */
export async function startHeadlessApp(env: Record<string, string> = {}, dataDir?: string, args: string[] = []): Promise<HeadlessApp> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'skyhook-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [join(root, 'out', 'main', 'headless.js'), ...args], {
    env: { ...process.env, SKYHOOK_DATA_DIR: dir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: Array<{ name: string; from: number; resolve: (value: string) => void }> = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  const settle = () => {
    for (const waiter of [...waiters]) {
      const line = lines.slice(waiter.from).find((l) => l.startsWith(`SKYHOOK_${waiter.name}=`));
      if (line) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line.slice(`SKYHOOK_${waiter.name}=`.length));
      }
    }
  };
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    settle();
  });
  const next = (name: string) =>
    new Promise<string>((resolve, reject) => {
      waiters.push({ name, from: lines.length, resolve });
      child.once('exit', (code) => reject(new Error(`headless app exited (${code}) before SKYHOOK_${name}: ${stderr}`)));
    });

  const url = await new Promise<string>((resolve, reject) => {
    waiters.push({ name: 'URL', from: 0, resolve });
    child.once('exit', (code) => reject(new Error(`headless app exited (${code}): ${stderr}`)));
  });
  return {
    url,
    dataDir: dir,
    lines,
    next,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
