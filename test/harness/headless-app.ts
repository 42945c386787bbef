import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach } from 'vitest';

export interface HeadlessApp {
  url: string;
  dataDir: string;
  /** Every stdout line so far (SKYHOOK_* lines and anything else). */
  lines: string[];
  /**
   * Resolves with the value of the next `SKYHOOK_<name>=` line printed after this call.
   * `OPEN_EXTERNAL` lines hold a one-time bridge link; this follows it, as the system
   * browser would, and resolves with the page it leads to.
   */
  next(name: string): Promise<string>;
  /** Answers a `SKYHOOK_CONFIRM=<id> …` question on the app's stdin, as the person at the terminal. */
  answer(question: string, yes: boolean): void;
  /** Answers a `SKYHOOK_PICK_FILES=<id> …` question (Upload files…) with these absolute paths. */
  answerFiles(question: string, paths: string[]): void;
  /** The last `count` lines the app logged (stderr): printed when a test fails, to say what main was doing. */
  logTail(count?: number): string;
  stop(): Promise<number | null>;
}

const root = join(import.meta.dirname, '..', '..');
/**
 * How long `next` waits for its line: a deadline, not a speed check, below the shortest
 * e2e test timeout (drag-readiness, 60 s), so a line that never comes is reported there.
 */
const lineDeadlineMs = 45_000;

/**
 * Starts the built headless composition (`out/main/headless.js`, as `npm run
 * serve:browser` does) with a fresh data dir unless one is given, and any command-line
 * arguments (e.g. `--import <file>`).
 */
export async function startHeadlessApp(env: Record<string, string> = {}, dataDir?: string, args: string[] = []): Promise<HeadlessApp> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'skyhook-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [join(root, 'out', 'main', 'headless.js'), ...args], {
    env: { ...process.env, SKYHOOK_DATA_DIR: dir, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
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
  const nextLine = (name: string) => {
    const line = new Promise<string>((resolve, reject) => {
      const stop = () => {
        clearTimeout(deadline);
        child.off('exit', exited);
        if (waiters.includes(waiter)) waiters.splice(waiters.indexOf(waiter), 1);
      };
      const waiter = { name, from: lines.length, resolve: (value: string) => (stop(), resolve(value)) };
      const exited = (code: number | null) => (
        stop(),
        reject(new Error(`headless app exited (${code}) before SKYHOOK_${name}: ${stderr}`))
      );
      // A line that never comes fails where it was awaited, with what came instead, rather than as the test's timeout.
      const deadline = setTimeout(
        () => (
          stop(),
          reject(
            new Error(`no SKYHOOK_${name}= line within ${lineDeadlineMs / 1000} s; the last lines were: ${lines.slice(-5).join(' | ')}`),
          )
        ),
        lineDeadlineMs,
      );
      waiters.push(waiter);
      child.once('exit', exited);
    });
    // A test that failed before awaiting its line leaves it unawaited: that is not a second failure.
    line.catch(() => undefined);
    return line;
  };
  const next = async (name: string) => {
    const value = await nextLine(name);
    if (name !== 'OPEN_EXTERNAL') return value;
    const response = await fetch(value, { redirect: 'manual' });
    const target = response.headers.get('location');
    if (response.status !== 302 || !target) throw new Error(`SKYHOOK_OPEN_EXTERNAL link ${value} answered ${response.status}`);
    return target;
  };

  const url = await new Promise<string>((resolve, reject) => {
    waiters.push({ name: 'URL', from: 0, resolve });
    child.once('exit', (code) => reject(new Error(`headless app exited (${code}): ${stderr}`)));
  });
  child.stdin?.on('error', () => undefined);
  return {
    url,
    dataDir: dir,
    lines,
    next,
    answer: (question, yes) => {
      const id = question.split(' ', 1)[0] ?? '';
      child.stdin?.write(`${id} ${yes ? 'yes' : 'no'}\n`);
    },
    logTail: (count = 40) => stderr.trimEnd().split('\n').slice(-count).join('\n'),
    answerFiles: (question, paths) => {
      const id = question.split(' ', 1)[0] ?? '';
      child.stdin?.write(`${id} ${JSON.stringify(paths)}\n`);
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Prints the app's last log lines when a test of the file fails: what main was doing then
 * (its log is otherwise not shown). Call at the top of a describe, with how to find the app.
 */
export function printAppLogOnFailure(app: () => HeadlessApp | undefined): void {
  afterEach(({ task }) => {
    const running = app();
    if (task.result?.state === 'fail' && running) console.error(`headless app log, last lines:\n${running.logTail()}`);
  });
}
