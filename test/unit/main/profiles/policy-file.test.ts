import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { icaclsGrantsUsersWrite, maxPolicyBytes, posixPolicyProblem, readPolicyFile } from '../../../../main/profiles/policy-file';
import { useTempDirs } from '../../../harness/unit';

const tempDir = useTempDirs();
const policy = '{"format":"skyhook-policy","version":1}';

describe('posixPolicyProblem', () => {
  it('trusts a file only root or this user owns, and nobody else can write', () => {
    expect(posixPolicyProblem({ uid: 0, mode: 0o100644 }, 501)).toBeUndefined();
    expect(posixPolicyProblem({ uid: 501, mode: 0o100600 }, 501)).toBeUndefined();
    expect(posixPolicyProblem({ uid: 777, mode: 0o100644 }, 501)).toContain('another user account');
    expect(posixPolicyProblem({ uid: 0, mode: 0o100664 }, 501)).toContain('other user accounts can change it');
    expect(posixPolicyProblem({ uid: 0, mode: 0o100646 }, 501)).toContain('other user accounts can change it');
  });
});

describe('icaclsGrantsUsersWrite', () => {
  const file = 'C:\\ProgramData\\Skyhook\\policy.json';
  it('accepts the ProgramData default for an admin-made folder (users may read only)', () => {
    const output = `${file} NT AUTHORITY\\SYSTEM:(I)(F)\n    BUILTIN\\Administrators:(I)(F)\n    BUILTIN\\Users:(I)(RX)\n\nSuccessfully processed 1 files; Failed processing 0 files\n`;
    expect(icaclsGrantsUsersWrite(output, file)).toBe(false);
  });
  it('refuses a file users can modify or write (a user-created Skyhook folder)', () => {
    for (const grant of [
      'BUILTIN\\Users:(I)(M)',
      'BUILTIN\\Users:(I)(F)',
      'Everyone:(W)',
      'NT AUTHORITY\\Authenticated Users:(I)(M)',
      'BUILTIN\\Users:(I)(RX,W)',
    ]) {
      expect(icaclsGrantsUsersWrite(`${file} BUILTIN\\Administrators:(I)(F)\n    ${grant}\n`, file), grant).toBe(true);
    }
  });
});

describe('readPolicyFile', () => {
  it('reads a regular, small, protected file; reports a missing one as absent', async () => {
    const file = join(tempDir(), 'policy.json');
    writeFileSync(file, policy, { mode: 0o644 });
    expect(await readPolicyFile(file, 'linux')).toEqual({ status: 'ok', text: policy });
    expect(await readPolicyFile(join(tempDir(), 'none.json'), 'linux')).toEqual({ status: 'absent' });
  });

  it('refuses folders, FIFOs, oversize and group-writable files without reading them', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    const big = join(dir, 'big.json');
    writeFileSync(big, '');
    truncateSync(big, maxPolicyBytes + 1);
    const open = join(dir, 'open.json');
    writeFileSync(open, policy);
    chmodSync(open, 0o666);
    mkdirSync(join(dir, 'folder.json'));
    const reasons = await Promise.all([join(dir, 'folder.json'), fifo, big, open].map((f) => readPolicyFile(f, 'linux')));
    expect(reasons.map((r) => (r.status === 'invalid' ? r.reason : r.status))).toEqual([
      'it is not a regular file',
      'it is not a regular file',
      'it is larger than 1 MB',
      'other user accounts can change it (remove group and other write permission)',
    ]);
  });

  it.runIf(process.getuid?.() === 0)('refuses a file another account owns', async () => {
    const file = join(tempDir(), 'planted.json');
    writeFileSync(file, policy);
    chownSync(file, 4242, 4242);
    expect(await readPolicyFile(file, 'linux')).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining('another user account'),
    });
  });

  it('on Windows, goes by the file ACL', async () => {
    const file = join(tempDir(), 'policy.json');
    writeFileSync(file, policy);
    const open = async (f: string) => `${f} BUILTIN\\Users:(I)(M)\n`;
    const closed = async (f: string) => `${f} BUILTIN\\Administrators:(I)(F)\n    BUILTIN\\Users:(I)(RX)\n`;
    expect(await readPolicyFile(file, 'win32', open)).toMatchObject({ status: 'invalid' });
    expect(await readPolicyFile(file, 'win32', closed)).toEqual({ status: 'ok', text: policy });
    expect(await readPolicyFile(file, 'win32', () => Promise.reject(new Error('no icacls')))).toMatchObject({ status: 'invalid' });
  });
});
