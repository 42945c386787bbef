import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compose, type Composition } from '../../../../main/app/compose';
import { defaultEndpoints } from '../../../../main/http/endpoints';
import { dispatch } from '../../../../main/ipc/dispatch';
import { providerFactories } from '../../../../main/providers/factories';
import { silentLogger } from '../../../../main/shared/logger';
import { keyFileCipher } from '../../../../main/vault/keyfile-cipher';

const nature = join(import.meta.dirname, '..', '..', '..', '..', 'assets', 'samples', 'nature');
const open: Array<{ app: Composition; dir: string }> = [];
afterEach(async () => {
  for (const { app, dir } of open.splice(0)) {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function start(policy: unknown, dir = mkdtempSync(join(tmpdir(), 'skyhook-compose-'))) {
  const file = join(dir, 'policy.json');
  if (policy !== undefined) writeFileSync(file, typeof policy === 'string' ? policy : JSON.stringify(policy));
  const app = compose({
    dataDir: dir,
    cacheDir: join(dir, 'cache'),
    samplesDir: join(dir, 'no-samples'),
    cipher: keyFileCipher(join(dir, 'key')),
    ports: {
      openExternal: async () => undefined,
      revealFile: async () => undefined,
      copyImage: async () => undefined,
      saveCopy: async () => null,
    },
    fetch: globalThis.fetch,
    endpoints: defaultEndpoints,
    factories: providerFactories,
    log: silentLogger,
    appInfo: { version: '1.2.3', platform: 'linux', bridge: true, updates: { enabled: false, reason: 'Tests do not update.' } },
    mediaUrl: () => '/media/x',
    policy: { file, passphrase: async () => undefined },
  });
  open.push({ app, dir });
  await app.ready;
  const call = (channel: string, input: unknown) => dispatch(app.handlers, channel, input, new AbortController().signal, silentLogger);
  return { app, dir, call };
}

const lockingPolicy = {
  format: 'skyhook-policy',
  version: 1,
  allowNewConnections: false,
  cacheLimitMb: 512,
  connections: [{ id: 'nature', kind: 'local', name: 'Nature', config: { folder: nature } }],
};

describe('the composition applies the policy before serving', () => {
  it('reports the policy in app.info, lists the managed connection, and searches it', async () => {
    const { call } = await start(lockingPolicy);
    const info = await call('app.info', {});
    expect(info).toMatchObject({
      ok: true,
      value: { policy: { allowNewConnections: false, cacheLimitMb: 512, managedConnections: 1 }, problems: [] },
    });
    const list = await call('connections.list', {});
    expect(list).toMatchObject({ ok: true, value: [{ name: 'Nature', managed: true }] });
    const id = (list as { value: Array<{ id: string }> }).value[0]!.id;
    const search = (await call('search.connection', { connectionId: id, text: 'glacier' })) as {
      ok: boolean;
      value: { hits: Array<{ name: string }> };
    };
    expect(search.value.hits.map((h) => h.name)).toEqual(['glacier-blue.jpg']);
    expect(await call('media.setCacheLimit', { limitMb: 4096 })).toMatchObject({ ok: false, error: { code: 'policy_locked' } });
  });

  it('a malformed policy shows up as a startup problem and nothing of it is applied', async () => {
    const { call } = await start('{"format": "skyhook-policy", "version": 1, "connections": [');
    const info = (await call('app.info', {})) as { value: { policy?: unknown; problems: Array<{ code: string; message: string }> } };
    expect(info.value.policy).toBeUndefined();
    expect(info.value.problems.map((p) => p.code)).toEqual(['policy_invalid']);
    expect(await call('connections.list', {})).toEqual({ ok: true, value: [] });
  });

  it('serves the profiles channels, validating their input like every other channel', async () => {
    const { call, app, dir } = await start(undefined);
    expect(await call('profiles.export', { id: 'not-a-uuid' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('profiles.preview', { source: '' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const saved = (await call('connections.save', { kind: 'local', name: 'Nature', config: { folder: nature }, secrets: {} })) as {
      value: { id: string };
    };
    expect(await call('profiles.export', { id: saved.value.id, passphrase: 'short' })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('at least 12') },
    });
    const exported = (await call('profiles.export', { id: saved.value.id })) as { value: { text: string; fileName: string } };
    expect(exported.value.fileName).toBe('Nature.skyhook');
    expect(await call('profiles.preview', { source: exported.value.text })).toMatchObject({
      ok: true,
      value: { conflict: { reason: 'app' } },
    });
    expect(await call('profiles.pending', {})).toEqual({ ok: true, value: null });
    await app.imports.addArgs([join(dir, 'missing.skyhook')], 'command-line');
    expect(await call('profiles.pending', { wait: true })).toMatchObject({
      ok: true,
      value: { origin: 'command-line', error: { code: 'profile_unreadable' } },
    });
  });
});
