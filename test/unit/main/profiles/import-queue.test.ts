import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFlagValues } from '../../../../main/profiles/import-flags';
import { ImportQueue, profileArgs } from '../../../../main/profiles/import-queue';
import { keychainPassphrase, keychainService, type RunProgram } from '../../../../main/profiles/os-keychain';
import { profileFileName } from '../../../../main/profiles/profile-source';

const dir = mkdtempSync(join(tmpdir(), 'skyhook-queue-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('profiles opened from outside the window', () => {
  it('picks .skyhook files and skyhook:// links out of an argv, ignoring flags and the app path', () => {
    expect(
      profileArgs([
        '/opt/Skyhook/skyhook',
        '--no-sandbox',
        '/home/me/Design Box.skyhook',
        'skyhook://import?profile=abc',
        'notes.txt',
        'C:\\x\\A.SKYHOOK',
      ]),
    ).toEqual(['/home/me/Design Box.skyhook', 'skyhook://import?profile=abc', 'C:\\x\\A.SKYHOOK']);
    expect(importFlagValues(['--import', 'a.skyhook', '--import=b.json', '--other', 'c.skyhook', '--import'])).toEqual([
      'a.skyhook',
      'b.json',
    ]);
  });

  it('queues a file’s text and hands it to the next call', async () => {
    const file = join(dir, 'Team.skyhook');
    writeFileSync(file, '{"format":"skyhook-connection-profile"}');
    const queue = new ImportQueue();
    await queue.addArgs([file], 'command-line');
    expect(await queue.next(false, new AbortController().signal)).toEqual({
      origin: 'command-line',
      label: 'Team.skyhook',
      source: '{"format":"skyhook-connection-profile"}',
    });
    expect(await queue.next(false, new AbortController().signal)).toBeNull();
  });

  it('a waiting call resolves when a link arrives', async () => {
    const queue = new ImportQueue();
    const waiting = queue.next(true, new AbortController().signal);
    await queue.addArgs(['skyhook://import?profile=e30']);
    expect(await waiting).toEqual({ origin: 'link', label: 'skyhook:// link', source: 'skyhook://import?profile=e30' });
  });

  it('a newer waiting call takes over from an older one (a reloaded page), and aborting stops waiting', async () => {
    const queue = new ImportQueue();
    const old = queue.next(true, new AbortController().signal);
    const controller = new AbortController();
    const current = queue.next(true, controller.signal);
    expect(await old).toBeNull();
    controller.abort();
    await expect(current).rejects.toMatchObject({ name: 'AbortError' });
    await queue.addArgs(['skyhook://import?profile=e30']);
    expect((await queue.next(false, new AbortController().signal))?.source).toBe('skyhook://import?profile=e30');
  });

  it('a file that cannot be read becomes an error the preview shows', async () => {
    const queue = new ImportQueue();
    await queue.addFile(join(dir, 'missing.skyhook'));
    const item = await queue.next(false, new AbortController().signal);
    expect(item).toMatchObject({ origin: 'file', label: 'missing.skyhook', error: { code: 'profile_unreadable' } });
    expect(item?.source).toBeUndefined();
  });

  it('names the file after the connection, without characters file systems refuse', () => {
    expect(profileFileName('Design Box')).toBe('Design Box.skyhook');
    expect(profileFileName('A/B: "C"?')).toBe('A-B- -C--.skyhook');
    expect(profileFileName('...')).toBe('Connection.skyhook');
  });
});

describe('policy passphrases from the OS keychain', () => {
  const calls: Array<[string, string[], Record<string, string>]> = [];
  const run =
    (answer: string | Error): RunProgram =>
    async (file, args, env) => {
      calls.push([file, args, env]);
      if (answer instanceof Error) throw answer;
      return answer;
    };

  it('asks each platform’s own tool, passing the id as an argument, never through a shell', async () => {
    calls.length = 0;
    expect(await keychainPassphrase('darwin', run('secret words\n'))('design-box')).toBe('secret words');
    expect(await keychainPassphrase('linux', run('secret words'))('design-box')).toBe('secret words');
    expect(await keychainPassphrase('win32', run('secret words'))('design-box')).toBe('secret words');
    expect(calls[0]).toEqual(['security', ['find-generic-password', '-s', keychainService, '-a', 'design-box', '-w'], {}]);
    expect(calls[1]).toEqual(['secret-tool', ['lookup', 'service', keychainService, 'account', 'design-box'], {}]);
    expect(calls[2]![0]).toBe('powershell.exe');
    expect(calls[2]![1].join(' ')).not.toContain('design-box');
    expect(calls[2]![2]).toEqual({ SKYHOOK_KEYCHAIN_SERVICE: keychainService, SKYHOOK_KEYCHAIN_ACCOUNT: 'design-box' });
  });

  it('a missing item or a missing tool means "no passphrase"', async () => {
    expect(await keychainPassphrase('linux', run(new Error('exit 1')))('x')).toBeUndefined();
    expect(await keychainPassphrase('darwin', run(''))('x')).toBeUndefined();
  });
});

describe('--import reads only what can be a profile', () => {
  it('refuses folders, FIFOs, devices, oversize, non-UTF-8 and binary files without blocking, and reads a good one', async () => {
    const fifo = join(dir, 'pipe.skyhook');
    execFileSync('mkfifo', [fifo]);
    const big = join(dir, 'big.skyhook');
    writeFileSync(big, '');
    truncateSync(big, 10 * 1024 * 1024 * 1024);
    const latin1 = join(dir, 'latin1.skyhook');
    writeFileSync(latin1, Buffer.from([0x7b, 0xe9, 0x7d]));
    const binary = join(dir, 'nul.skyhook');
    writeFileSync(binary, '{"a":"\u0000"}');
    const good = join(dir, 'good.skyhook');
    writeFileSync(good, '{"format":"skyhook-connection-profile","name":"Café"}');
    const bad = [dir, fifo, '/dev/zero', big, latin1, binary, join(dir, 'missing.skyhook')];

    const queue = new ImportQueue();
    // A FIFO with no writer would block a plain read forever; this must settle.
    await queue.addArgs([...bad, good], 'command-line');
    const items = [];
    for (
      let item = await queue.next(false, new AbortController().signal);
      item;
      item = await queue.next(false, new AbortController().signal)
    )
      items.push(item);
    expect(items.slice(0, bad.length).map((i) => i.error?.code)).toEqual(bad.map(() => 'profile_unreadable'));
    expect(items.slice(0, bad.length).every((i) => i.source === undefined)).toBe(true);
    expect(items.at(-1)).toEqual({
      origin: 'command-line',
      label: 'good.skyhook',
      source: '{"format":"skyhook-connection-profile","name":"Café"}',
    });
  });
});
