import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { PendingImport } from '../../preload/contract';
import { AppError } from '../shared/app-error';
import { nonBlockingRead, readAtMost } from '../shared/regular-file';
import { maxProfileChars } from './profile-format';
import { isProfileLink } from './profile-source';

/** Arguments that ask to open a profile: `.skyhook` files and `skyhook://` links. */
export function profileArgs(argv: readonly string[]): string[] {
  return argv.filter((arg) => !arg.startsWith('-') && (isProfileLink(arg) || arg.toLowerCase().endsWith('.skyhook')));
}

/**
 * Profiles opened from outside the window (double-click, a link, the command line) wait
 * here until the renderer asks for them. One consumer at a time: a newer `next` call
 * (after a reload, say) takes over from an older one, so nothing goes to a dead page.
 */
export class ImportQueue {
  private readonly items: PendingImport[] = [];
  private waiter: ((item: PendingImport | null) => void) | undefined;

  /** Queues each `.skyhook` path or `skyhook://` link; reading a file happens here, in main. */
  async addArgs(args: readonly string[], origin: PendingImport['origin'] = 'file'): Promise<void> {
    for (const arg of args) {
      if (isProfileLink(arg))
        this.push({ origin: origin === 'command-line' ? origin : 'link', label: 'skyhook:// link', source: arg.trim() });
      else await this.addFile(arg, origin);
    }
  }

  async addFile(path: string, origin: PendingImport['origin'] = 'file'): Promise<void> {
    const label = basename(path);
    try {
      this.push({ origin, label, source: await readProfileFile(path) });
    } catch {
      const error = new AppError({
        code: 'profile_unreadable',
        message: `${label} could not be read as a connection profile.`,
        fix: 'Check that the file is a .skyhook profile and that you can open it, then try again.',
      });
      this.push({ origin, label, error: error.toShape() });
    }
  }

  /** The oldest waiting profile, or null; with `wait`, resolves when one arrives or `signal` aborts. */
  next(wait: boolean, signal: AbortSignal): Promise<PendingImport | null> {
    const ready = this.items.shift();
    if (ready || !wait) return Promise.resolve(ready ?? null);
    if (signal.aborted) return Promise.reject(new DOMException('Cancelled', 'AbortError'));
    this.waiter?.(null);
    return new Promise((resolve, reject) => {
      const settle = (item: PendingImport | null) => {
        signal.removeEventListener('abort', onAbort);
        if (this.waiter === settle) this.waiter = undefined;
        resolve(item);
      };
      const onAbort = () => {
        if (this.waiter === settle) this.waiter = undefined;
        reject(signal.reason instanceof Error ? signal.reason : new DOMException('Cancelled', 'AbortError'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiter = settle;
    });
  }

  private push(item: PendingImport): void {
    if (this.waiter) this.waiter(item);
    else this.items.push(item);
  }
}

/**
 * A profile file's text: a regular file (checked on the opened handle, so it cannot be
 * swapped for a FIFO or a device in between), at most `maxProfileChars` bytes, valid UTF-8
 * without NUL characters. Anything else is refused before it is read whole.
 */
export async function readProfileFile(path: string): Promise<string> {
  const handle = await open(path, nonBlockingRead);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Error('not a regular file');
    if (info.size > maxProfileChars) throw new Error('too large');
    const bytes = await readAtMost(handle, maxProfileChars);
    if (!bytes) throw new Error('too large');
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.includes('\u0000')) throw new Error('binary');
    return text;
  } finally {
    await handle.close();
  }
}
