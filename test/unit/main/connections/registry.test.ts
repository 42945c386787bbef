import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionKind } from '../../../../preload/connection-kinds';
import type { ConnectionDraft, DraftOf } from '../../../../preload/connection-drafts';
import type { TestReport } from '../../../../preload/contract';
import type { ConnectionRegistry } from '../../../../main/connections/registry';
import type { Provider, ProviderContext, ProviderFactories, ProviderFactory } from '../../../../main/providers/provider';
import { AppError } from '../../../../main/shared/app-error';
import { providerTestingWith, registryOnDisk } from '../../../harness/registry-on-disk';
import { useTempDirs } from '../../../harness/unit';

const tempDir = useTempDirs();

/** What the fake providers saw and did, for the assertions. */
interface World {
  /** The last context each connection ID's provider was built with (saved or draft). */
  contexts: Map<string, ProviderContext>;
  built: number;
  disposed: string[];
  signedOut: string[];
  test(context: ProviderContext, signal: AbortSignal): Promise<TestReport>;
}

const okReport: TestReport = { summary: 'All good.', details: [], nextSteps: [] };
const perUser = new Set<ConnectionKind>(['box-oauth', 'onedrive']);

function fakeFactories(world: World): ProviderFactories {
  const make =
    <K extends ConnectionKind>(kind: K): ProviderFactory<K> =>
    ({ context }) => {
      world.contexts.set(context.connectionId, context);
      world.built++;
      const provider: Provider = {
        ...providerTestingWith((signal) => world.test(context, signal)),
        dispose: async () => void world.disposed.push(context.connectionId),
      };
      if (perUser.has(kind)) {
        provider.auth = {
          state: async () => ({ state: 'needs-sign-in' }),
          signIn: async () => 'someone@example.com',
          signOut: async () => void world.signedOut.push(context.connectionId),
        };
      }
      return provider;
    };
  return {
    local: make('local'),
    'box-ccg': make('box-ccg'),
    'box-jwt': make('box-jwt'),
    'box-oauth': make('box-oauth'),
    onedrive: make('onedrive'),
  };
}

function setup(dir = tempDir()) {
  const settingsFile = join(dir, 'settings.json');
  const vaultFile = join(dir, 'vault.json');
  const world: World = { contexts: new Map(), built: 0, disposed: [], signedOut: [], test: async () => okReport };
  const forgotten: string[] = [];
  const { settings, vault, registry } = registryOnDisk(dir, {
    factories: fakeFactories(world),
    openExternal: async () => undefined,
    onForget: async (id) => void forgotten.push(id),
  });
  // A file that does not exist reads as empty, so creating it counts as a change.
  const read = (file: string) => (existsSync(file) ? readFileSync(file) : Buffer.alloc(0));
  const bytes = () => ({ settings: read(settingsFile), vault: read(vaultFile) });
  const vaultKeys = () => Object.keys(JSON.parse(readFileSync(vaultFile, 'utf8')) as Record<string, string>);
  /** A second registry on the same files, as after a restart. */
  const reopen = () => setup(dir);
  return { dir, settings, vault, world, registry, forgotten, settingsFile, vaultFile, bytes, vaultKeys, reopen };
}

function ccg(name: string, clientSecret?: string, id?: string): DraftOf<'box-ccg'> {
  return {
    ...(id ? { id } : {}),
    kind: 'box-ccg',
    name,
    config: { clientId: `client-${name}`, subjectType: 'enterprise', subjectId: '1234567' },
    secrets: clientSecret === undefined ? {} : { clientSecret },
  };
}

const oauth = (name: string, clientSecret: string): ConnectionDraft => ({
  kind: 'box-oauth',
  name,
  config: { clientId: 'oauth-client', redirectPort: 53682 },
  secrets: { clientSecret },
});

const local = (name: string, folder: string): ConnectionDraft => ({ kind: 'local', name, config: { folder }, secrets: {} });

async function savedSecret(registry: ConnectionRegistry, world: World, id: string, name = 'clientSecret') {
  registry.provider(id);
  return world.contexts.get(id)?.secrets.get(name);
}

async function expectAppError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

describe('ConnectionRegistry', () => {
  it('saves, lists, renames, turns off and removes a connection, and it all survives a restart', async () => {
    const { registry, reopen } = setup();
    const saved = await registry.save(local('Moodboards', '/tmp/moodboards'));
    expect(saved).toMatchObject({
      kind: 'local',
      name: 'Moodboards',
      enabled: true,
      managed: false,
      auth: 'not-needed',
      config: { folder: '/tmp/moodboards' },
    });

    await registry.rename(saved.id, 'Mood boards');
    await registry.setEnabled(saved.id, false);
    const after = reopen();
    expect(await after.registry.list()).toEqual([expect.objectContaining({ id: saved.id, name: 'Mood boards', enabled: false })]);

    await after.registry.setEnabled(saved.id, true);
    expect((await reopen().registry.list())[0]?.enabled).toBe(true);

    await after.registry.remove(saved.id);
    expect(await reopen().registry.list()).toEqual([]);
    await expectAppError(after.registry.rename(saved.id, 'Gone'), 'connection_not_found');
  });

  it('keeps several connections of one kind apart, each with its own secret', async () => {
    const { registry, world } = setup();
    const a = await registry.save(ccg('Marketing', 'secret-marketing-111'));
    const b = await registry.save(ccg('Design', 'secret-design-222'));
    const c = await registry.save(local('Samples', '/tmp/samples'));
    expect((await registry.list()).map((s) => [s.name, s.kind])).toEqual([
      ['Marketing', 'box-ccg'],
      ['Design', 'box-ccg'],
      ['Samples', 'local'],
    ]);
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
    expect(await savedSecret(registry, world, a.id)).toBe('secret-marketing-111');
    expect(await savedSecret(registry, world, b.id)).toBe('secret-design-222');
  });

  it('reports secrets only as set / not set: never in the summary, the settings file or the vault file', async () => {
    const { registry, settingsFile, vaultFile } = setup();
    const secret = 'ccg-secret-value-XYZ-987';
    const summary = await registry.save(ccg('Box', secret));
    expect(summary.secrets).toEqual({ clientSecret: { set: true } });

    const jwt = await registry.save({
      kind: 'box-jwt',
      name: 'JWT',
      config: { clientId: 'jwt-client', publicKeyId: 'kid', enterpriseId: '42' },
      secrets: { clientSecret: 'jwt-client-secret', privateKey: '-----BEGIN ENCRYPTED PRIVATE KEY-----abc' },
    });
    expect(jwt.secrets).toEqual({ clientSecret: { set: true }, privateKey: { set: true }, passphrase: { set: false } });

    const everything = JSON.stringify([summary, jwt, await registry.list()]);
    for (const text of [everything, readFileSync(settingsFile, 'utf8'), readFileSync(vaultFile, 'utf8')]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain('jwt-client-secret');
      expect(text).not.toContain('PRIVATE KEY');
    }
  });

  it('keeps the saved secret when an edit does not resend it, and replaces it when it does', async () => {
    const { registry, world } = setup();
    const { id } = await registry.save(ccg('Box', 'original-secret'));

    const renamed = await registry.save(ccg('Box renamed', undefined, id));
    expect(renamed.secrets.clientSecret).toEqual({ set: true });
    expect(await savedSecret(registry, world, id)).toBe('original-secret');

    await registry.save({ ...ccg('Box again', undefined, id), secrets: { clientSecret: '' } });
    expect(await savedSecret(registry, world, id)).toBe('original-secret');

    await registry.save(ccg('Box again', 'rotated-secret', id));
    expect(await savedSecret(registry, world, id)).toBe('rotated-secret');
    expect((await registry.list()).map((s) => s.name)).toEqual(['Box again']);
  });

  it('tests a draft with its secret in memory, and writes nothing when the test fails', async () => {
    const { registry, world, bytes } = setup();
    const { id } = await registry.save(ccg('Box', 'saved-secret'));
    await registry.save(local('Other', '/tmp/other'));
    const before = bytes();

    const seen: Array<string | undefined> = [];
    world.test = async (context) => {
      seen.push(await context.secrets.get('clientSecret'));
      // A provider caching a token during the test must not reach the vault either.
      await context.secrets.set('tokens', 'access-token-from-test');
      throw new AppError({ code: 'bad_client_secret', message: 'Box refused the client secret.', step: 'secret' });
    };
    await expectAppError(registry.test(ccg('Box edited', 'wrong-secret', id), AbortSignal.timeout(10_000)), 'bad_client_secret');
    await expectAppError(registry.test(ccg('Brand new', 'another-secret'), AbortSignal.timeout(10_000)), 'bad_client_secret');
    expect(seen).toEqual(['wrong-secret', 'another-secret']);

    const after = bytes();
    expect(after.settings.equals(before.settings)).toBe(true);
    expect(after.vault.equals(before.vault)).toBe(true);
    expect(await savedSecret(registry, world, id)).toBe('saved-secret');
  });

  it('tests an existing connection with its saved secret when the draft leaves it out', async () => {
    const { registry, world, bytes } = setup();
    const { id } = await registry.save(ccg('Box', 'saved-secret'));
    const before = bytes();
    let seen: string | undefined;
    world.test = async (context) => {
      seen = await context.secrets.get('clientSecret');
      return okReport;
    };
    expect(await registry.test(ccg('Box', undefined, id), AbortSignal.timeout(10_000))).toEqual(okReport);
    expect(seen).toBe('saved-secret');
    expect(bytes().settings.equals(before.settings)).toBe(true);
    expect(bytes().vault.equals(before.vault)).toBe(true);
  });

  it('leaves the previous secret and record in place when the settings write fails during an edit', async () => {
    const { registry, settings, world, reopen } = setup();
    const { id } = await registry.save(ccg('Box', 'old-secret'));
    const write = vi.spyOn(settings, 'set').mockImplementation(() => {
      throw new Error('disk full');
    });
    await expect(registry.save(ccg('Box renamed', 'new-secret', id))).rejects.toThrow('disk full');
    write.mockRestore();

    expect(await savedSecret(registry, world, id)).toBe('old-secret');
    expect((await registry.list()).map((s) => s.name)).toEqual(['Box']);
    const restarted = reopen();
    expect(await savedSecret(restarted.registry, restarted.world, id)).toBe('old-secret');
    expect((await restarted.registry.list()).map((s) => s.name)).toEqual(['Box']);
  });

  it('leaves no secret behind when the settings write fails while adding a connection', async () => {
    const { registry, settings, bytes, vaultKeys } = setup();
    await registry.save(ccg('Existing', 'existing-secret'));
    const before = bytes();
    const keys = vaultKeys();
    const write = vi.spyOn(settings, 'set').mockImplementation(() => {
      throw new Error('disk full');
    });
    await expect(registry.save(ccg('New', 'new-secret'))).rejects.toThrow('disk full');
    write.mockRestore();
    expect(vaultKeys()).toEqual(keys);
    expect(bytes().settings.equals(before.settings)).toBe(true);
    expect((await registry.list()).map((s) => s.name)).toEqual(['Existing']);
  });

  it('refuses to save or test without a required secret, naming it, and writes nothing', async () => {
    const { registry, bytes } = setup();
    await registry.save(local('Samples', '/tmp/samples'));
    const before = bytes();

    const missing = await expectAppError(registry.save(ccg('Box')), 'missing_secret');
    expect(missing.message).toBe('Client secret is required.');
    expect(missing.fix).toBeTruthy();
    await expectAppError(registry.test(ccg('Box', ''), AbortSignal.timeout(10_000)), 'missing_secret');
    const jwt = await expectAppError(
      registry.save({
        kind: 'box-jwt',
        name: 'JWT',
        config: { clientId: 'c', publicKeyId: 'k', enterpriseId: '1' },
        secrets: { clientSecret: 'jwt-secret' },
      }),
      'missing_secret',
    );
    expect(jwt.message).toBe('Private key is required.');

    expect(bytes().settings.equals(before.settings)).toBe(true);
    expect(bytes().vault.equals(before.vault)).toBe(true);
    expect(await registry.list()).toHaveLength(1);
  });

  it('saves a OneDrive connection without a client secret (public client)', async () => {
    const { registry } = setup();
    const saved = await registry.save({
      kind: 'onedrive',
      name: 'OneDrive',
      config: { tenantId: 'contoso.onmicrosoft.com', clientId: '6731de76-14a6-49ae-97bc-6eba6914391e', cloud: 'global', mode: 'public' },
      secrets: {},
    });
    expect(saved.secrets).toEqual({ clientSecret: { set: false } });
    expect(saved.auth).toBe('needs-sign-in');
  });

  it('on remove signs out, drops the provider, deletes only that connection’s vault entries and forgets its media', async () => {
    const { registry, world, forgotten, vaultKeys } = setup();
    const gone = await registry.save(oauth('Per user', 'oauth-secret'));
    const kept = await registry.save(ccg('Kept', 'kept-secret'));
    const live = registry.provider(gone.id);
    await live.auth?.signOut(); // the fake records sign-outs; reset below to see the one remove does
    world.signedOut.length = 0;
    await world.contexts.get(gone.id)?.secrets.set('tokens', 'refresh-token-value');
    expect(vaultKeys().filter((k) => k.includes(gone.id))).toHaveLength(2);

    await registry.remove(gone.id);

    expect(world.signedOut).toEqual([gone.id]);
    expect(world.disposed).toContain(gone.id);
    expect(vaultKeys().filter((k) => k.includes(gone.id))).toEqual([]);
    expect(forgotten).toEqual([gone.id]);
    expect((await registry.list()).map((s) => s.id)).toEqual([kept.id]);
    expect(await savedSecret(registry, world, kept.id)).toBe('kept-secret');
    await expectAppError(registry.remove(gone.id), 'connection_not_found');
  });

  it('refuses to change a connection’s kind and leaves it as it was', async () => {
    const { registry, world, bytes } = setup();
    const { id } = await registry.save(ccg('Box', 'ccg-secret'));
    const before = bytes();
    await expectAppError(registry.save({ ...oauth('Box', 'other-secret'), id }), 'kind_changed');
    expect(bytes().settings.equals(before.settings)).toBe(true);
    expect(await savedSecret(registry, world, id)).toBe('ccg-secret');
    expect((await registry.list())[0]?.kind).toBe('box-ccg');
  });

  it('refuses to edit, rename or remove a managed connection, but lets the user turn it off', async () => {
    const { registry } = setup();
    const managed = registry.add({ kind: 'local', name: 'Company', enabled: true, managed: true, config: { folder: '/srv/images' } });
    await expectAppError(registry.save({ ...local('Mine', '/tmp'), id: managed.id }), 'managed');
    await expectAppError(registry.rename(managed.id, 'Mine'), 'managed');
    await expectAppError(registry.remove(managed.id), 'managed');
    expect(await registry.list()).toEqual([
      expect.objectContaining({ name: 'Company', enabled: true, managed: true, config: { folder: '/srv/images' } }),
    ]);
    // Turning it off changes only this person's search, so it is allowed.
    expect((await registry.setEnabled(managed.id, false)).enabled).toBe(false);
  });

  it('keeps one live provider per connection and replaces it after an edit', async () => {
    const { registry, world } = setup();
    const { id } = await registry.save(local('Folder', '/tmp/a'));
    const first = registry.provider(id);
    expect(registry.provider(id)).toBe(first);
    await registry.save({ ...local('Folder', '/tmp/b'), id });
    const second = registry.provider(id);
    expect(second).not.toBe(first);
    expect(world.disposed).toContain(id);
    expect(registry.record(id).config).toEqual({ folder: '/tmp/b' });
  });
});
