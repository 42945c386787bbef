import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compose, type Composition } from '../../../../main/app/compose';
import { defaultEndpoints } from '../../../../main/http/endpoints';
import { providerFactories } from '../../../../main/providers/factories';
import { silentLogger } from '../../../../main/shared/logger';
import { keyFileCipher } from '../../../../main/vault/keyfile-cipher';
import { pngBytes, useTempDirs } from '../../../harness/unit';
import { mediaPath } from '../../../../main/media/media-route';

const tempDir = useTempDirs();
const open: Composition[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

const now = () => new Date('2025-01-02T03:04:05.678Z');

function start(dataDir: string, samplesDir: string): Composition {
  const app = compose({
    dataDir,
    cacheDir: join(dataDir, 'cache'),
    samplesDir,
    cipher: keyFileCipher(join(dataDir, 'dev-vault.key')),
    ports: {
      openExternal: async () => undefined,
      revealFile: async () => undefined,
      copyImage: async () => undefined,
      saveCopy: async () => null,
    },
    fetch: async () => {
      throw new Error('no network in this test');
    },
    endpoints: defaultEndpoints,
    factories: providerFactories,
    log: silentLogger,
    appInfo: {
      version: '0.0.0-test',
      platform: process.platform,
      bridge: true,
      updates: { enabled: false, reason: 'Tests do not update.' },
    },
    mediaUrl: (rendition, connectionId, itemId) => `/media/${mediaPath(rendition, connectionId, itemId)}`,
    now,
  });
  open.push(app);
  return app;
}

async function samplesFolder(): Promise<string> {
  const dir = join(tempDir(), 'samples');
  mkdirSync(dir);
  writeFileSync(join(dir, 'sunrise.png'), await pngBytes(40, 30));
  return dir;
}

describe('compose', () => {
  it('tells open windows when the saved connections change, whoever changed them', async () => {
    const app = start(tempDir(), await samplesFolder());
    const seen: string[] = [];
    app.events.subscribe((name) => seen.push(name));
    const [samples] = await app.registry.list();
    await app.handlers['connections.rename']({ id: samples!.id, name: 'Examples' }, AbortSignal.timeout(5000));
    expect(seen).toContain('connections.changed');
  });

  it('seeds exactly one "Samples" local connection on first run, and never again', async () => {
    const dataDir = tempDir();
    const samples = await samplesFolder();
    const first = start(dataDir, samples);
    const listed = await first.registry.list();
    expect(listed).toEqual([
      expect.objectContaining({ kind: 'local', name: 'Samples', enabled: true, managed: false, config: { folder: samples } }),
    ]);
    expect(first.problems).toEqual([]);

    // The seeded connection really searches the samples folder.
    const id = listed[0]?.id ?? '';
    const found = await first.handlers['search.connection']({ connectionId: id, text: 'sun' }, AbortSignal.timeout(10_000));
    expect(found.hits.map((h) => h.name)).toEqual(['sunrise.png']);
    await first.close();

    const second = start(dataDir, samples);
    expect((await second.registry.list()).map((s) => s.name)).toEqual(['Samples']);

    // Removing it is respected: a later start does not bring it back.
    await second.registry.remove(id);
    await second.close();
    expect(await start(dataDir, samples).registry.list()).toEqual([]);
  });

  it('seeds nothing when the samples folder is absent', async () => {
    const app = start(tempDir(), join(tempDir(), 'no-such-folder'));
    expect(await app.registry.list()).toEqual([]);
  });

  it('keeps a corrupt vault.json aside, reports vault_corrupt, and works with a fresh vault', async () => {
    const dataDir = tempDir();
    const broken = '{"conn/x/clientSecret": "AQID'; // cut short mid-write
    writeFileSync(join(dataDir, 'vault.json'), broken);

    const app = start(dataDir, await samplesFolder());

    const aside = join(dataDir, 'vault.json.corrupt-2025-01-02T03-04-05-678Z');
    expect(readFileSync(aside, 'utf8')).toBe(broken);
    expect(app.problems).toEqual([expect.objectContaining({ code: 'vault_corrupt' })]);
    expect(app.problems[0]?.message).toContain(aside);
    const info = await app.handlers['app.info']({}, AbortSignal.timeout(10_000));
    expect(info.problems.map((p) => p.code)).toEqual(['vault_corrupt']);

    const saved = await app.registry.save({
      kind: 'box-ccg',
      name: 'Box',
      config: { clientId: 'cid', subjectType: 'enterprise', subjectId: '1' },
      secrets: { clientSecret: 'fresh-secret' },
    });
    expect(saved.secrets.clientSecret).toEqual({ set: true });
    expect(existsSync(join(dataDir, 'vault.json'))).toBe(true);
    expect(readFileSync(aside, 'utf8')).toBe(broken);
  });

  it('reports a corrupt settings file as a startup problem through app.info', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'settings.json'), 'not json at all');
    const app = start(dataDir, await samplesFolder());
    const info = await app.handlers['app.info']({}, AbortSignal.timeout(10_000));
    expect(info.problems.map((p) => p.code)).toEqual(['settings_corrupt']);
    expect(info.secretStorage).toEqual({ backend: 'dev-keyfile', strong: false });
  });
});
