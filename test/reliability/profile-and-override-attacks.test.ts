import * as crypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultEndpoints, endpointSetup } from '../../main/http/endpoints';
import { ProfileService } from '../../main/profiles/profile-service';
import { profileLink } from '../../main/profiles/profile-source';
import { allSecretValues, drafts, makeWorld, testCost, type World } from '../unit/main/profiles/world';
import { recordFigure } from './figures';

/**
 * What a caller who reaches IPC, a `skyhook://` link or the environment could try against
 * secrets: export them without the person's yes, make every import cost gigabytes of scrypt,
 * and send the client secret to a plain-http listener in the installed app.
 */

vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof crypto>();
  return { ...original, scrypt: vi.fn(original.scrypt) };
});

const worlds: World[] = [];
afterEach(() => worlds.splice(0).forEach((w) => w.cleanup()));
const world = () => {
  const w = makeWorld();
  worlds.push(w);
  return w;
};

describe('secrets under attack', () => {
  it('profiles.export with a passphrase but without a yes leaks no secret', async () => {
    const kinds = ['box-ccg', 'box-jwt', 'box-oauth', 'onedrive-confidential'] as const;
    const answers: Array<[string, ((q: unknown) => Promise<boolean>) | undefined]> = [
      ['no one to ask', undefined],
      ['no', async () => false],
      ['dialog failed', async () => Promise.reject(new Error('closed'))],
    ];
    let tries = 0;
    let failures = 0;
    let lost = 0;
    for (const kind of kinds) {
      for (const [, answer] of answers) {
        tries++;
        const w = world();
        const saved = await w.registry.save(drafts[kind]);
        const profiles = new ProfileService({
          registry: w.registry,
          appVersion: '1',
          scryptCost: testCost,
          ...(answer ? { confirm: answer } : {}),
        });
        const result = await profiles.export(saved.id, 'a passphrase the attacker picked').then(
          (profile) => JSON.stringify(profile),
          (error: unknown) =>
            error instanceof Error && 'code' in error && error.code === 'export_not_confirmed' ? null : `unexpected ${String(error)}`,
        );
        if (result !== null) {
          failures++;
          if (allSecretValues.some((s) => result.includes(s)) || result.includes('"sealed"')) lost++;
        }
      }
    }
    // A managed connection: refused even with a yes.
    tries++;
    const w = world();
    await w.registry.provision([
      { policyId: 'm', kind: 'box-ccg', name: 'Managed', config: drafts['box-ccg'].config, secrets: drafts['box-ccg'].secrets },
    ]);
    const managed = w.registry.records().find((r) => r.managed)!;
    const yes = new ProfileService({ registry: w.registry, appVersion: '1', scryptCost: testCost, confirm: async () => true });
    if (
      await yes.export(managed.id, 'a passphrase the attacker picked').then(
        () => true,
        () => false,
      )
    )
      failures++;

    recordFigure({ probe: 'profiles: export secrets without confirmation', tries, failures, lost });
    expect({ failures, lost }).toEqual({ failures: 0, lost: 0 });
  });

  it('a skyhook:// link with hostile scrypt costs is refused before any key derivation', async () => {
    const w = world();
    const saved = await w.registry.save(drafts['box-jwt']);
    const sealed = JSON.parse((await w.profiles.export(saved.id, 'the passphrase!')).text) as { sealed: { kdf: Record<string, unknown> } };
    const costs = [
      { N: 2 ** 20, r: 16, p: 4 },
      { N: 2 ** 20, r: 8, p: 1 },
      { N: 2 ** 18, r: 8, p: 1 },
      { N: 2 ** 17, r: 16, p: 1 },
      { N: 2 ** 17, r: 8, p: 16 },
      { N: 2 ** 31, r: 1, p: 1 },
      { N: 3, r: 8, p: 1 },
      { N: -1, r: 8, p: 1 },
      { N: '131072', r: 8, p: 1 },
      { N: 2 ** 17, r: 8, p: 1, maxmem: 2 ** 40 },
    ];
    vi.mocked(crypto.scrypt).mockClear();
    let failures = 0;
    for (const cost of costs) {
      const link = profileLink(JSON.stringify({ ...sealed, sealed: { ...sealed.sealed, kdf: { ...sealed.sealed.kdf, ...cost } } }));
      const designer = world();
      const refused = await designer.profiles.import(link, 'the passphrase!', 'keep-both').then(
        () => false,
        (error: unknown) => error instanceof Error && 'code' in error && error.code === 'profile_invalid',
      );
      if (!refused || designer.registry.records().length > 0) failures++;
    }
    const derivations = vi.mocked(crypto.scrypt).mock.calls.length;
    recordFigure({
      probe: 'profiles: hostile scrypt cost in a skyhook:// link',
      tries: costs.length,
      failures: failures + derivations,
      lost: 0,
      note: `${derivations} key derivations`,
    });
    expect({ failures, derivations }).toEqual({ failures: 0, derivations: 0 });
  });

  it('the installed app never takes a plain-http (or odd) endpoint override', () => {
    const variables = [
      'SKYHOOK_BOX_API_URL',
      'SKYHOOK_BOX_ACCOUNT_URL',
      'SKYHOOK_BOX_APP_URL',
      'SKYHOOK_MS_AUTHORITY_HOST',
      'SKYHOOK_GRAPH_URL',
    ];
    const values = [
      'http://127.0.0.1:8080',
      'http://localhost:8080',
      'http://[::1]:8080',
      'HTTP://127.0.0.1',
      'http://attacker.example',
      'http://0x7f000001',
      'ws://127.0.0.1',
      'file:///tmp/box',
      'https://user:password@proxy.example',
      'javascript:alert(1)',
      ' http://127.0.0.1 ',
      '//attacker.example',
    ];
    let tries = 0;
    let failures = 0;
    for (const variable of variables) {
      for (const value of values) {
        tries++;
        const { endpoints, problems } = endpointSetup({ [variable]: value }, { packaged: true });
        const unchanged = JSON.stringify(endpoints) === JSON.stringify(defaultEndpoints);
        const reported = problems.some((p) => p.code === 'endpoint_override_refused' && p.message.includes(variable));
        if (!unchanged || !reported) failures++;
      }
    }
    recordFigure({ probe: 'endpoints: plain-http override in the installed app', tries, failures, lost: 0 });
    expect(failures).toBe(0);
  });
});
