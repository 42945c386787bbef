import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * One Skyhook per data folder. Two processes writing the same settings and vault lose
 * each other's saves, whichever composition they are (the app, the browser bridge) and
 * whatever the OS's single-instance lock thinks. The lock is a file in the data folder
 * holding the owner's pid and the address of a local socket on which the owner takes the
 * arguments of a second start (a profile to import). A lock whose process is gone (killed,
 * crashed) is taken over.
 */
export interface DataDirLock {
  /** Arguments another start handed over; delivered in order. */
  onArgs(handler: (args: string[]) => void): void;
  release(): Promise<void>;
}

export type LockOutcome =
  | { kind: 'acquired'; lock: DataDirLock }
  /** Another instance owns the folder and took our arguments. */
  | { kind: 'handed-off'; pid: number }
  /** Another instance owns the folder but could not be reached. */
  | { kind: 'refused'; message: string };

interface LockRecord {
  pid: number;
  endpoint: string;
}

export interface LockOptions {
  /** How long a silent owner gets before we give up (it may be starting). */
  waitMs?: number;
  /** An owner whose socket refuses connections for longer than this after locking is gone (its pid reused). */
  settleMs?: number;
}

export const lockFileName = 'skyhook.lock';

export async function lockDataDir(dataDir: string, args: readonly string[], options: LockOptions = {}): Promise<LockOutcome> {
  const waitMs = options.waitMs ?? 3000;
  const settleMs = options.settleMs ?? 10_000;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lockPath = join(dataDir, lockFileName);
  const endpoint = endpointFor(dataDir);
  const deadline = Date.now() + waitMs;
  let lastProblem = 'it did not answer';
  for (;;) {
    const acquired = await tryAcquire(lockPath, endpoint);
    if (acquired) return { kind: 'acquired', lock: acquired };
    const holder = readLock(lockPath);
    if (holder && holder.record.pid !== process.pid && isAlive(holder.record.pid)) {
      const answer = await handOff(holder.record.endpoint, args);
      if (answer === 'ok') return { kind: 'handed-off', pid: holder.record.pid };
      lastProblem = answer === 'refused' ? 'nothing listens on its socket' : 'it did not answer';
      // Nothing listens long after the lock was written: the pid now belongs to another program.
      if (answer === 'refused' && Date.now() - holder.writtenAt > settleMs) takeOver(lockPath, holder.raw);
    } else if (holder || Date.now() - mtimeOf(lockPath) > 2000) {
      takeOver(lockPath, holder?.raw);
    }
    if (Date.now() > deadline) {
      return {
        kind: 'refused',
        message:
          `Another Skyhook (process ${holder?.record.pid ?? 'unknown'}) is using the data folder ${dataDir}, but ${lastProblem}. ` +
          `Close it and start again; if no Skyhook is running, delete ${lockPath}.`,
      };
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** A socket path outside the data folder: Unix socket paths are limited to about 100 bytes. */
function endpointFor(dataDir: string): string {
  const id = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16);
  return process.platform === 'win32' ? `\\\\.\\pipe\\skyhook-${id}` : join(tmpdir(), `skyhook-${id}.sock`);
}

async function tryAcquire(lockPath: string, endpoint: string): Promise<DataDirLock | undefined> {
  try {
    writeFileSync(lockPath, JSON.stringify({ pid: process.pid, endpoint } satisfies LockRecord), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  const handlers: Array<(args: string[]) => void> = [];
  const queued: string[][] = [];
  const deliver = (args: string[]) => (handlers.length ? handlers.forEach((h) => h(args)) : queued.push(args));
  // We own the lock: a socket file left by a killed owner is ours to replace.
  if (process.platform !== 'win32') rmSync(endpoint, { force: true });
  const server = await listen(endpoint, deliver);
  const dropLockFile = () => {
    // Only our own lock: never one a later owner wrote after taking over.
    if (readLock(lockPath)?.record.pid === process.pid) rmSync(lockPath, { force: true });
  };
  process.once('exit', dropLockFile);
  return {
    onArgs(handler) {
      handlers.push(handler);
      for (const args of queued.splice(0)) handler(args);
    },
    async release() {
      process.removeListener('exit', dropLockFile);
      await new Promise<void>((done) => server.close(() => done()));
      if (process.platform !== 'win32') rmSync(endpoint, { force: true });
      dropLockFile();
    },
  };
}

/** Takes one line of JSON (`{"args":[…]}`) per connection, answers `ok`. */
function listen(endpoint: string, deliver: (args: string[]) => void): Promise<Server> {
  const server = createServer((socket) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > 64 * 1024) return socket.destroy();
      const end = text.indexOf('\n');
      if (end < 0) return;
      try {
        const message = JSON.parse(text.slice(0, end)) as { args?: unknown };
        const args = Array.isArray(message.args) ? message.args.filter((a): a is string => typeof a === 'string') : [];
        socket.end('ok\n');
        deliver(args);
      } catch {
        socket.destroy();
      }
    });
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(endpoint, () => {
      server.off('error', fail);
      server.unref();
      done(server);
    });
  });
}

function handOff(endpoint: string, args: readonly string[]): Promise<'ok' | 'refused' | 'silent'> {
  return new Promise((done) => {
    const socket = createConnection(endpoint);
    let answer = '';
    const finish = (result: 'ok' | 'refused' | 'silent') => {
      clearTimeout(timer);
      socket.destroy();
      done(result);
    };
    const timer = setTimeout(() => finish('silent'), 1000);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(JSON.stringify({ args }) + '\n'));
    socket.on('data', (chunk: string) => {
      answer += chunk;
      if (answer.includes('ok\n')) finish('ok');
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish(error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? 'refused' : 'silent'),
    );
    socket.on('close', () => finish(answer.includes('ok\n') ? 'ok' : 'silent'));
  });
}

function readLock(lockPath: string): { record: LockRecord; raw: string; writtenAt: number } | undefined {
  try {
    const raw = readFileSync(lockPath, 'utf8');
    const record = JSON.parse(raw) as Partial<LockRecord>;
    if (typeof record.pid !== 'number' || typeof record.endpoint !== 'string') return undefined;
    return { record: { pid: record.pid, endpoint: record.endpoint }, raw, writtenAt: mtimeOf(lockPath) };
  } catch {
    return undefined;
  }
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it just belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes a stale lock, unless it changed since we looked (another starter took it over
 * first). A takeover guard file makes "check, then delete" one step among starters.
 */
function takeOver(lockPath: string, seen: string | undefined): void {
  const guard = `${lockPath}.takeover`;
  try {
    writeFileSync(guard, String(process.pid), { flag: 'wx', mode: 0o600 });
  } catch {
    // Someone else is taking over; a guard left by a starter killed mid-takeover expires.
    if (Date.now() - mtimeOf(guard) > 5000) rmSync(guard, { force: true });
    return;
  }
  try {
    let current: string | undefined;
    try {
      current = readFileSync(lockPath, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === seen || (seen === undefined && current !== undefined && readLock(lockPath) === undefined)) unlinkSync(lockPath);
  } catch {
    // Gone already: the next attempt simply acquires.
  } finally {
    rmSync(guard, { force: true });
  }
}
