import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PolicyInfo, StartupProblem } from '../../../../preload/contract';
import { applyPolicy, loadPolicy, policyFilePath, type PolicySource } from '../../../../main/profiles/policy';
import { AppError } from '../../../../main/shared/app-error';
import { silentLogger } from '../../../../main/shared/logger';
import { drafts, makeWorld, type World } from './world';

const worlds: World[] = [];
afterEach(() => worlds.splice(0).forEach((w) => w.cleanup()));

const nature = { id: 'nature', kind: 'local', name: 'Nature library', config: { folder: '/srv/nature' } };

/** A sealed Box CCG profile, exported by an admin's Skyhook, for the policy to embed. */
async function sealedBoxProfile(passphrase: string): Promise<Record<string, unknown>> {
  const admin = makeWorld();
  worlds.push(admin);
  const saved = await admin.registry.save(drafts['box-ccg']);
  return JSON.parse((await admin.profiles.export(saved.id, passphrase)).text) as Record<string, unknown>;
}

interface Machine extends World {
  problems: StartupProblem[];
  file: string;
  write(policy: unknown): void;
  start(passphrases?: Record<string, string>): Promise<PolicyInfo | undefined>;
}

function machine(): Machine {
  const w = makeWorld();
  worlds.push(w);
  const file = join(w.dir, 'policy.json');
  const problems: StartupProblem[] = [];
  return {
    ...w,
    problems,
    file,
    write: (policy) => writeFileSync(file, typeof policy === 'string' ? policy : JSON.stringify(policy)),
    // What compose does at every start.
    start: async (passphrases = {}) => {
      const source: PolicySource = { file, passphrase: async (id) => passphrases[id] };
      return applyPolicy(await loadPolicy(source), file, { registry: w.registry, settings: w.settings, problems, log: silentLogger });
    },
  };
}

const policy = (extra: Record<string, unknown> = {}) => ({ format: 'skyhook-policy', version: 1, ...extra });

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('policy provisioning', () => {
  it('adds managed connections, sealed secrets included, and applies the locks', async () => {
    const m = machine();
    m.write(
      policy({
        allowNewConnections: false,
        cacheLimitMb: 2048,
        connections: [nature, { id: 'design-box', profile: await sealedBoxProfile('policy passphrase') }],
      }),
    );
    const info = await m.start({ 'design-box': 'policy passphrase' });

    expect(info).toEqual({ file: m.file, allowNewConnections: false, cacheLimitMb: 2048, managedConnections: 2 });
    expect(m.problems).toEqual([]);
    const records = m.registry.records();
    expect(records.map((r) => [r.policyId, r.kind, r.name, r.managed])).toEqual([
      ['nature', 'local', 'Nature library', true],
      ['design-box', 'box-ccg', 'Design Box', true],
    ]);
    expect(await m.registry.secretsOf(records[1]!.id)).toEqual(drafts['box-ccg'].secrets);
    expect(m.settings.get('cacheLimitMb')).toBe(2048);
    expect((await rejection(m.registry.save(drafts.local))).code).toBe('connections_locked');
  });

  it('managed connections cannot be edited, renamed or removed, but can be turned off for oneself', async () => {
    const m = machine();
    m.write(policy({ connections: [nature] }));
    await m.start();
    const [record] = m.registry.records();
    const id = record!.id;
    expect((await rejection(m.registry.save({ ...drafts.local, id }))).code).toBe('managed');
    expect((await rejection(m.registry.rename(id, 'Mine now'))).code).toBe('managed');
    expect((await rejection(m.registry.remove(id))).code).toBe('managed');
    expect((await m.registry.setEnabled(id, false)).enabled).toBe(false);
    expect(m.registry.records()[0]).toMatchObject({ name: 'Nature library', config: nature.config, managed: true });
  });

  it('re-applying the same policy at the next start changes nothing and duplicates nothing', async () => {
    const m = machine();
    m.write(policy({ connections: [nature, { id: 'design-box', profile: await sealedBoxProfile('pp for restart') }] }));
    await m.start({ 'design-box': 'pp for restart' });
    await m.registry.setEnabled(m.registry.records()[0]!.id, false);
    const before = JSON.stringify(m.registry.records());
    await m.start({ 'design-box': 'pp for restart' });
    await m.start({ 'design-box': 'pp for restart' });
    expect(JSON.stringify(m.registry.records())).toBe(before);
  });

  it('keeps the user’s own connections and updates a changed policy connection in place', async () => {
    const m = machine();
    const own = await m.registry.save(drafts.local);
    m.write(policy({ connections: [nature] }));
    await m.start();
    const provisioned = m.registry.records().find((r) => r.managed)!;
    m.write(policy({ connections: [{ ...nature, name: 'Nature (renamed by IT)', config: { folder: '/srv/nature2' } }] }));
    await m.start();
    const after = m.registry.records();
    expect(after.map((r) => r.id)).toEqual([own.id, provisioned.id]);
    expect(after[1]).toMatchObject({ name: 'Nature (renamed by IT)', config: { folder: '/srv/nature2' } });
  });

  it('removes what the policy no longer lists, and everything it provisioned once the file is gone', async () => {
    const m = machine();
    m.write(
      policy({ allowNewConnections: false, connections: [nature, { id: 'design-box', profile: await sealedBoxProfile('pp removal!!') }] }),
    );
    await m.start({ 'design-box': 'pp removal!!' });
    const box = m.registry.records()[1]!;
    m.write(policy({ allowNewConnections: false, connections: [nature] }));
    await m.start();
    expect(m.registry.records().map((r) => r.policyId)).toEqual(['nature']);
    expect(m.vault.has(`conn/${box.id}/clientSecret`)).toBe(false);

    const { rmSync } = await import('node:fs');
    rmSync(m.file);
    expect(await m.start()).toBeUndefined();
    expect(m.registry.records()).toEqual([]);
    await m.registry.save(drafts.local);
    expect(m.problems).toEqual([]);
  });
});

describe('a malformed policy is reported and ignored entirely', () => {
  async function provisioned(): Promise<Machine> {
    const m = machine();
    m.write(policy({ connections: [nature] }));
    await m.start();
    return m;
  }

  const cases: Array<[string, (m: Machine) => Promise<unknown> | unknown, string]> = [
    ['invalid JSON', (m) => m.write('{ "format": "skyhook-policy", '), 'it is not valid JSON'],
    ['an unknown top-level key', (m) => m.write(policy({ allowNewConections: false })), 'allowNewConections'],
    ['a wrong version', (m) => m.write({ ...policy(), version: 3 }), 'version'],
    ['a bad cache limit', (m) => m.write(policy({ cacheLimitMb: 5 })), 'cacheLimitMb'],
    ['an unknown connection kind', (m) => m.write(policy({ connections: [{ ...nature, kind: 'dropbox' }] })), 'connections.0.kind'],
    [
      'one good connection and one bad one (never half-applied)',
      (m) =>
        m.write(
          policy({
            allowNewConnections: false,
            connections: [
              { ...nature, id: 'extra', name: 'Extra' },
              { id: 'bad', kind: 'box-ccg', name: 'Bad', config: { clientId: 'x' } },
            ],
          }),
        ),
      'connection "bad"',
    ],
    ['a duplicate id', (m) => m.write(policy({ connections: [nature, nature] })), 'used twice'],
    [
      'a sealed entry without a keychain passphrase',
      async (m) => m.write(policy({ connections: [{ id: 'design-box', profile: await sealedBoxProfile('the passphrase') }] })),
      'no passphrase for "design-box"',
    ],
  ];

  it.each(cases)('%s', async (_label, breakIt, reason) => {
    const m = await provisioned();
    const before = JSON.stringify(m.registry.records());
    await breakIt(m);
    const info = await m.start();
    expect(info).toBeUndefined();
    expect(m.problems).toHaveLength(1);
    expect(m.problems[0]!.code).toBe('policy_invalid');
    expect(m.problems[0]!.message).toContain(`The IT policy ${m.file} was not applied`);
    expect(m.problems[0]!.message).toContain(reason);
    expect(m.problems[0]!.fix).toContain('ignored the whole file');
    expect(JSON.stringify(m.registry.records())).toBe(before);
    // No lock from the bad file: the user can still add connections.
    await m.registry.save(drafts.local);
  });

  it('a wrong keychain passphrase is reported without the passphrase', async () => {
    const m = machine();
    m.write(policy({ connections: [{ id: 'design-box', profile: await sealedBoxProfile('the passphrase') }] }));
    await m.start({ 'design-box': 'not-the-passphrase-xyz' });
    expect(m.registry.records()).toEqual([]);
    expect(m.problems[0]!.message).toContain('does not open its sealed secrets');
    expect(JSON.stringify(m.problems)).not.toContain('not-the-passphrase-xyz');
  });
});

describe('policy file location', () => {
  it('uses SKYHOOK_POLICY_FILE, else the per-OS well-known path', () => {
    expect(policyFilePath('linux', { SKYHOOK_POLICY_FILE: '/tmp/p.json' })).toBe('/tmp/p.json');
    expect(policyFilePath('linux', { SKYHOOK_POLICY_FILE: '' })).toBeUndefined();
    expect(policyFilePath('linux', {})).toBe('/etc/skyhook/policy.json');
    expect(policyFilePath('darwin', {})).toBe('/Library/Application Support/Skyhook/policy.json');
    expect(policyFilePath('win32', { ProgramData: 'D:\\ProgramData' })).toBe('D:\\ProgramData\\Skyhook\\policy.json');
    expect(policyFilePath('win32', {})).toBe('C:\\ProgramData\\Skyhook\\policy.json');
  });
});
