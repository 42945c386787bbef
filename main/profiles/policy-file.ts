import { execFile } from 'node:child_process';
import type { Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { nonBlockingRead, readAtMost } from '../shared/regular-file';

/** A policy is a few kilobytes even with 200 connections; anything bigger is not one. */
export const maxPolicyBytes = 1024 * 1024;

export type PolicyFileRead = { status: 'absent' } | { status: 'invalid'; reason: string } | { status: 'ok'; text: string };

/**
 * Why a POSIX policy file cannot be trusted, or undefined. The policy provisions
 * connections and secrets for everyone on the machine, so only root (or, for a policy in a
 * user's own place, that user) may be able to change it: a file owned by another account,
 * or writable by group or others, could have been planted or edited by any of them.
 */
export function posixPolicyProblem(info: Pick<Stats, 'uid' | 'mode'>, processUid: number): string | undefined {
  if (info.uid !== 0 && info.uid !== processUid) return 'it belongs to another user account (it must belong to root)';
  if ((info.mode & 0o022) !== 0) return 'other user accounts can change it (remove group and other write permission)';
  return undefined;
}

/** Principals every local account is part of; none may be able to write the policy. */
const everyone = /^(BUILTIN\\Users|Everyone|NT AUTHORITY\\Authenticated Users|NT AUTHORITY\\INTERACTIVE|Users|Authenticated Users)$/i;
/** icacls permission letters that allow changing the file (or its permissions). */
const writeRights = /\((?:[^)]*,)?(F|M|W|WD|AD|WDAC|WO|GA|GW)(?:,[^)]*)?\)/;

/**
 * Whether `icacls <file>` output grants any ordinary account write access. On Windows,
 * %ProgramData% lets every user create folders, so a `Skyhook` folder made by a user
 * (before IT deploys the policy) would let that user write the policy for everyone.
 */
export function icaclsGrantsUsersWrite(output: string, file: string): boolean {
  return output
    .split(/\r?\n/)
    .map((line) => (line.startsWith(file) ? line.slice(file.length) : line).trim())
    .filter(Boolean)
    .some((entry) => {
      const colon = entry.indexOf(':');
      if (colon < 0) return false;
      return everyone.test(entry.slice(0, colon).trim()) && writeRights.test(entry.slice(colon + 1));
    });
}

const icacls = (file: string) =>
  new Promise<string>((resolve, reject) =>
    execFile('icacls', [file], { timeout: 10_000, windowsHide: true }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
  );

/**
 * Reads the policy file: a regular file of at most `maxPolicyBytes` that no ordinary account
 * could have written, as UTF-8 text. Never throws.
 */
export async function readPolicyFile(
  file: string,
  platform: NodeJS.Platform = process.platform,
  acl: (file: string) => Promise<string> = icacls,
): Promise<PolicyFileRead> {
  let handle;
  try {
    handle = await open(file, nonBlockingRead);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'absent' };
    return { status: 'invalid', reason: 'the file cannot be read (check its permissions)' };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { status: 'invalid', reason: 'it is not a regular file' };
    if (info.size > maxPolicyBytes) return { status: 'invalid', reason: `it is larger than ${maxPolicyBytes / 1024 / 1024} MB` };
    if (platform === 'win32') {
      const output = await acl(file).catch(() => undefined);
      if (output === undefined) return { status: 'invalid', reason: 'its permissions could not be checked' };
      if (icaclsGrantsUsersWrite(output, file))
        return { status: 'invalid', reason: 'ordinary users can change it (only administrators may have write access)' };
    } else {
      const problem = posixPolicyProblem(info, process.getuid?.() ?? 0);
      if (problem) return { status: 'invalid', reason: problem };
    }
    const bytes = await readAtMost(handle, maxPolicyBytes);
    if (!bytes) return { status: 'invalid', reason: `it is larger than ${maxPolicyBytes / 1024 / 1024} MB` };
    return { status: 'ok', text: bytes.toString('utf8') };
  } catch {
    return { status: 'invalid', reason: 'the file cannot be read (check its permissions)' };
  } finally {
    await handle.close().catch(() => undefined);
  }
}
