import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../main/shared/app-error';
import { ProfileService } from '../../../../main/profiles/profile-service';
import { profileTextFrom } from '../../../../main/profiles/profile-source';
import { allSecretValues, draftNames, drafts, makeWorld, type DraftName, type World } from './world';

const worlds: World[] = [];
const world = () => {
  const w = makeWorld();
  worlds.push(w);
  return w;
};
afterEach(() => worlds.splice(0).forEach((w) => w.cleanup()));

async function adminWith(name: DraftName) {
  const admin = world();
  const saved = await admin.registry.save(drafts[name]);
  return { admin, saved };
}

/** Rejects with an AppError of this code (the message is checked where it matters). */
async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('export and import round trip', () => {
  it.each(draftNames)('%s: the settings arrive unchanged on a fresh computer, without secrets by default', async (name) => {
    const { admin, saved } = await adminWith(name);
    const profile = await admin.profiles.export(saved.id);
    expect(profile.fileName).toBe(`${drafts[name].name}.skyhook`);
    expect(profile.sealed).toEqual([]);

    const designer = world();
    const imported = await designer.profiles.import(profile.text, undefined, undefined);
    expect(imported).toMatchObject({ kind: drafts[name].kind, name: drafts[name].name, managed: false, enabled: true });
    expect(imported.config).toEqual(drafts[name].config);
    expect(Object.values(imported.secrets).every((s) => !s.set)).toBe(true);
    expect(await designer.registry.secretsOf(imported.id)).toEqual({});
    expect(imported.id).not.toBe(saved.id);
  });

  it.each(['box-ccg', 'box-jwt', 'box-oauth', 'onedrive-confidential'] as const)(
    '%s: sealed secrets reach the new vault with the passphrase, and survive a restart',
    async (name) => {
      const { admin, saved } = await adminWith(name);
      const profile = await admin.profiles.export(saved.id, 'correct horse battery staple');
      expect(profile.sealed.length).toBe(Object.keys(drafts[name].secrets).length);

      const designer = world();
      const imported = await designer.profiles.import(profile.text, 'correct horse battery staple', undefined);
      expect(await designer.registry.secretsOf(imported.id)).toEqual(drafts[name].secrets);
      expect(Object.values(imported.secrets).filter((s) => s.set).length).toBe(Object.keys(drafts[name].secrets).length);
      expect(await designer.reopenVault().get(`conn/${imported.id}/clientSecret`)).toBe(drafts[name].secrets.clientSecret);
    },
  );

  it('records the scrypt salt and parameters in the file, and uses the OWASP cost by default', async () => {
    const { admin, saved } = await adminWith('box-ccg');
    const strong = new ProfileService({ registry: admin.registry, appVersion: '1.0.0', confirm: async () => true });
    const profile = await strong.export(saved.id, 'a long enough passphrase');
    const document = JSON.parse(profile.text) as {
      format: string;
      version: number;
      sealed: { fields: string[]; kdf: Record<string, unknown>; cipher: string };
    };
    expect(document.format).toBe('skyhook-connection-profile');
    expect(document.version).toBe(1);
    expect(document.sealed.fields).toEqual(['clientSecret']);
    expect(document.sealed.cipher).toBe('aes-256-gcm');
    expect(document.sealed.kdf).toMatchObject({ name: 'scrypt', N: 2 ** 17, r: 8, p: 1 });
    expect(Buffer.from(document.sealed.kdf.salt as string, 'base64')).toHaveLength(16);
    const designer = world();
    const imported = await designer.profiles.import(profile.text, 'a long enough passphrase', undefined);
    expect(await designer.registry.secretsOf(imported.id)).toEqual(drafts['box-ccg'].secrets);
  }, 30_000); // One real OWASP-cost derivation: seconds on a busy machine.

  it('imports from a skyhook:// link exactly as from the file', async () => {
    const { admin, saved } = await adminWith('box-jwt');
    const profile = await admin.profiles.export(saved.id, 'passphrase for the link');
    expect(profile.link).toMatch(/^skyhook:\/\/import\?profile=[A-Za-z0-9_-]+$/);
    const designer = world();
    const imported = await designer.profiles.import(profile.link, 'passphrase for the link', undefined);
    expect(await designer.registry.secretsOf(imported.id)).toEqual(drafts['box-jwt'].secrets);
  });

  it('a cut-off link is reported as such, and nothing is added', async () => {
    const { admin, saved } = await adminWith('local');
    const { link } = await admin.profiles.export(saved.id);
    const designer = world();
    const error = await failure(designer.profiles.import(link.slice(0, link.length - 40), undefined, undefined));
    expect(['profile_link_invalid', 'profile_invalid']).toContain(error.code);
    expect((await failure(designer.profiles.import('skyhook://import', undefined, undefined))).code).toBe('profile_link_invalid');
    expect(designer.registry.records()).toEqual([]);
  });

  it('accepts a sealed profile re-indented and with its keys re-ordered (the seal covers values, not layout)', async () => {
    const { admin, saved } = await adminWith('box-ccg');
    const profile = await admin.profiles.export(saved.id, 'layout does not matter');
    const document = JSON.parse(profile.text) as Record<string, unknown>;
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(document).reverse()));
    const designer = world();
    const imported = await designer.profiles.import(reordered, 'layout does not matter', undefined);
    expect(await designer.registry.secretsOf(imported.id)).toEqual(drafts['box-ccg'].secrets);
  });
});

describe('sealed profiles refuse wrong passphrases and tampering, and save nothing', () => {
  async function sealedProfile() {
    const { admin, saved } = await adminWith('box-jwt');
    return JSON.parse((await admin.profiles.export(saved.id, 'the right passphrase')).text) as Record<string, Record<string, unknown>>;
  }

  async function expectRefused(designer: World, text: string, passphrase = 'the right passphrase') {
    const vaultBefore = readFileSafe(designer.vaultFile);
    const error = await failure(designer.profiles.import(text, passphrase, undefined));
    expect(error.code).toBe('profile_unseal_failed');
    expect(error.message).toContain('passphrase is wrong, or the profile was changed');
    expect(designer.registry.records()).toEqual([]);
    expect(readFileSafe(designer.vaultFile)).toBe(vaultBefore);
    return error;
  }

  it('a wrong passphrase', async () => {
    const document = await sealedProfile();
    const error = await expectRefused(world(), JSON.stringify(document), 'the wrong passphrase');
    expect(error.fix).toContain('case-sensitive');
  });

  it('a flipped byte in the ciphertext', async () => {
    const document = await sealedProfile();
    const bytes = Buffer.from(document.sealed!.ciphertext as string, 'base64');
    bytes[5] = (bytes[5] ?? 0) ^ 0x01;
    document.sealed!.ciphertext = bytes.toString('base64');
    await expectRefused(world(), JSON.stringify(document));
  });

  it('a changed authentication tag', async () => {
    const document = await sealedProfile();
    const tag = Buffer.from(document.sealed!.tag as string, 'base64');
    tag[0] = (tag[0] ?? 0) ^ 0x80;
    document.sealed!.tag = tag.toString('base64');
    await expectRefused(world(), JSON.stringify(document));
  });

  it('a changed plain field (the client ID) in a sealed profile', async () => {
    const document = await sealedProfile();
    (document.connection!.config as Record<string, unknown>).clientId = 'attackerclient0123456789abcdefg';
    await expectRefused(world(), JSON.stringify(document));
  });

  it('a changed connection name', async () => {
    const document = await sealedProfile();
    document.connection!.name = 'Innocent looking name';
    await expectRefused(world(), JSON.stringify(document));
  });

  it('an added folder filter', async () => {
    const document = await sealedProfile();
    document.connection!.config = { ...(document.connection!.config as Record<string, unknown>), folderId: '1' };
    await expectRefused(world(), JSON.stringify(document));
  });

  it('a changed salt', async () => {
    const document = await sealedProfile();
    (document.sealed!.kdf as Record<string, unknown>).salt = Buffer.alloc(16, 7).toString('base64');
    await expectRefused(world(), JSON.stringify(document));
  });

  it('asks for the passphrase instead of importing a sealed profile without its secrets', async () => {
    const document = await sealedProfile();
    const designer = world();
    const error = await failure(designer.profiles.import(JSON.stringify(document), undefined, undefined));
    expect(error.code).toBe('passphrase_required');
    expect(designer.registry.records()).toEqual([]);
  });

  it('a profile asking for absurd scrypt memory is refused before any work', async () => {
    const document = await sealedProfile();
    (document.sealed!.kdf as Record<string, unknown>).N = 2 ** 30;
    const error = await failure(world().profiles.import(JSON.stringify(document), 'the right passphrase', undefined));
    expect(error.code).toBe('profile_invalid');
  });
});

describe('schema and version checks', () => {
  const valid = { format: 'skyhook-connection-profile', version: 1, connection: { kind: 'local', name: 'X', config: { folder: '/x' } } };

  it('an unknown version names the version this Skyhook reads', async () => {
    const error = await failure(world().profiles.preview(JSON.stringify({ ...valid, version: 2 })));
    expect(error.code).toBe('profile_version');
    expect(error.message).toBe('This profile uses format version 2; this Skyhook reads version 1 only.');
    expect(error.fix).toContain('Update Skyhook');
  });

  it('something that is not a profile at all', async () => {
    for (const text of ['not json', '[]', '{"hello":1}', JSON.stringify({ ...valid, format: 'other' })]) {
      expect((await failure(world().profiles.preview(text))).message).toBe('This is not a Skyhook connection profile.');
    }
  });

  it('a damaged profile names the field', async () => {
    const missing = { ...valid, connection: { kind: 'box-ccg', name: 'X', config: { clientId: 'abc', subjectType: 'enterprise' } } };
    const error = await failure(world().profiles.preview(JSON.stringify(missing)));
    expect(error.code).toBe('profile_invalid');
    expect(error.message).toContain('connection.config.subjectId');
  });

  it('an unknown field (a smuggled secret, say) is refused, not silently kept', async () => {
    const smuggled = { ...valid, connection: { ...valid.connection, config: { folder: '/x', clientSecret: 'nope' } } };
    expect((await failure(world().profiles.preview(JSON.stringify(smuggled)))).code).toBe('profile_invalid');
    expect((await failure(world().profiles.preview(JSON.stringify({ ...valid, tokens: {} })))).code).toBe('profile_invalid');
  });
});

describe('an existing connection is never overwritten silently', () => {
  async function twoComputers() {
    const { admin, saved } = await adminWith('box-ccg');
    const profile = await admin.profiles.export(saved.id, 'shared passphrase!');
    const designer = world();
    const first = await designer.profiles.import(profile.text, 'shared passphrase!', undefined);
    return { admin, designer, profile, first };
  }

  it('the preview names the clash and the name "Keep both" would use', async () => {
    const { designer, profile, first } = await twoComputers();
    const preview = await designer.profiles.preview(profile.text);
    expect(preview.conflict).toEqual({ id: first.id, name: 'Design Box', reason: 'app', managed: false });
    expect(preview.keepBothName).toBe('Design Box (2)');
  });

  it('importing again without a choice is refused', async () => {
    const { designer, profile } = await twoComputers();
    const error = await failure(designer.profiles.import(profile.text, 'shared passphrase!', undefined));
    expect(error.code).toBe('profile_conflict');
    expect(designer.registry.records()).toHaveLength(1);
  });

  it('keep both renames to "Name (2)", then "Name (3)"', async () => {
    const { designer, profile } = await twoComputers();
    const second = await designer.profiles.import(profile.text, 'shared passphrase!', 'keep-both');
    const third = await designer.profiles.import(profile.text, 'shared passphrase!', 'keep-both');
    expect([second.name, third.name]).toEqual(['Design Box (2)', 'Design Box (3)']);
    expect(designer.registry.records().map((r) => r.name)).toEqual(['Design Box', 'Design Box (2)', 'Design Box (3)']);
  });

  it('replace swaps the connection and drops the old one’s secrets', async () => {
    const { designer, profile, first } = await twoComputers();
    const replaced = await designer.profiles.import(profile.text, 'shared passphrase!', 'replace');
    expect(designer.registry.records().map((r) => r.id)).toEqual([replaced.id]);
    expect(designer.vault.has(`conn/${first.id}/clientSecret`)).toBe(false);
    expect(await designer.registry.secretsOf(replaced.id)).toEqual(drafts['box-ccg'].secrets);
  });

  it('a different connection with the same name clashes by name', async () => {
    const { admin, saved } = await adminWith('local');
    const designer = world();
    await designer.registry.save({ ...drafts.local, config: { folder: '/elsewhere' } });
    const preview = await designer.profiles.preview((await admin.profiles.export(saved.id)).text);
    expect(preview.conflict?.reason).toBe('name');
    expect(preview.keepBothName).toBe('Team images (2)');
  });

  it('a managed connection cannot be replaced', async () => {
    const { admin, saved } = await adminWith('local');
    const designer = world();
    await designer.registry.provision([{ policyId: 'team', ...drafts.local }]);
    const text = (await admin.profiles.export(saved.id)).text;
    expect((await designer.profiles.preview(text)).conflict?.managed).toBe(true);
    expect((await failure(designer.profiles.import(text, undefined, 'replace'))).code).toBe('managed');
    expect((await designer.profiles.import(text, undefined, 'keep-both')).name).toBe('Team images (2)');
  });
});

describe('the preview says exactly what will be added', () => {
  it('lists IDs, sealed secrets and sign-in, and stores nothing', async () => {
    const { admin, saved } = await adminWith('box-jwt');
    const designer = world();
    const preview = await designer.profiles.preview((await admin.profiles.export(saved.id, 'twelve chars!')).text);
    expect(preview).toMatchObject({
      kind: 'box-jwt',
      name: 'Brand Box (JWT)',
      sealed: ['Client secret', 'Private key', 'Private key passphrase'],
      missing: [],
      signInNeeded: false,
    });
    expect(preview.details).toEqual(
      expect.arrayContaining([
        { label: 'Client ID', value: drafts['box-jwt'].config.clientId },
        { label: 'Enterprise ID', value: '9988776' },
        { label: 'Public key ID', value: 'pk9x2abc' },
      ]),
    );
    expect(designer.registry.records()).toEqual([]);
  });

  it('says which secrets are missing and that each person signs in', async () => {
    const { admin, saved } = await adminWith('box-oauth');
    const preview = await world().profiles.preview((await admin.profiles.export(saved.id)).text);
    expect(preview).toMatchObject({ sealed: [], missing: ['Client secret'], signInNeeded: true });
    const imported = await world().profiles.import((await admin.profiles.export(saved.id)).text, undefined, undefined);
    expect(imported.warnings.join(' ')).toContain('Client secret missing');
  });

  it('shows the national cloud and folder filter of a OneDrive connection', async () => {
    const { admin, saved } = await adminWith('onedrive');
    const preview = await world().profiles.preview((await admin.profiles.export(saved.id)).text);
    expect(preview.details).toEqual(
      expect.arrayContaining([
        { label: 'Cloud', value: 'US Government (portal.azure.us)' },
        { label: 'Tenant ID', value: 'contoso.onmicrosoft.com' },
        { label: 'Parent folder', value: drafts.onedrive.config.parentFolderId },
      ]),
    );
    expect(preview).toMatchObject({ missing: [], signInNeeded: true });
  });
});

describe('secrets scan: a profile exported without sealing carries no secret', () => {
  it.each(draftNames)('%s', async (name) => {
    const { admin, saved } = await adminWith(name);
    const profile = await admin.profiles.export(saved.id);
    const linked = profileTextFrom(profile.link);
    for (const text of [profile.text, linked, profile.link]) {
      for (const secret of allSecretValues) expect(text).not.toContain(secret);
      for (const marker of ['-----BEGIN', 'PRIVATE KEY', 'MII', 'refresh_token', 'access_token', 'Secret'])
        expect(text).not.toContain(marker);
    }
  });

  it('tokens kept in the vault (a sign-in) never reach a profile, sealed or not', async () => {
    const { admin, saved } = await adminWith('box-oauth');
    await admin.vault.set(`conn/${saved.id}/box.oauth.tokens`, '{"refresh_token":"rt-should-never-leave"}');
    const sealed = await admin.profiles.export(saved.id, 'a sealed export!!');
    const designer = world();
    const imported = await designer.profiles.import(sealed.text, 'a sealed export!!', undefined);
    expect(await designer.vault.get(`conn/${imported.id}/box.oauth.tokens`)).toBeUndefined();
    expect(sealed.text).not.toContain('rt-should-never-leave');
    expect(sealed.text).not.toContain(drafts['box-oauth'].secrets.clientSecret);
  });

  it('sealing needs something to seal', async () => {
    const { admin, saved } = await adminWith('local');
    expect((await failure(admin.profiles.export(saved.id, 'twelve characters'))).code).toBe('nothing_to_seal');
  });
});

describe('locks', () => {
  it('when new connections are locked, neither the wizard nor an import can add one', async () => {
    const { admin, saved } = await adminWith('local');
    const text = (await admin.profiles.export(saved.id)).text;
    const designer = world();
    designer.registry.setLocks({ allowNewConnections: false });
    expect((await failure(designer.profiles.preview(text))).code).toBe('connections_locked');
    expect((await failure(designer.profiles.import(text, undefined, undefined))).code).toBe('connections_locked');
    expect((await failure(designer.registry.save(drafts.local))).code).toBe('connections_locked');
    expect(designer.registry.records()).toEqual([]);
  });
});

function readFileSafe(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
