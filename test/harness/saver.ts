import { join } from 'node:path';
import Conf from 'conf';
import { compose } from '../../main/app/compose';
import { lockDataDir } from '../../main/app/data-dir-lock';
import { defaultEndpoints } from '../../main/http/endpoints';
import { providerFactories } from '../../main/providers/factories';
import { silentLogger } from '../../main/shared/logger';
import { keyFileCipher } from '../../main/vault/keyfile-cipher';

/**
 * `saver.ts <dataDir>`: a Skyhook instance that takes the data-folder lock as the app
 * does, then saves Box connections (with a secret) as fast as it can, printing
 * `SAVED=<id>` once each save is acknowledged, until it is killed. Used by the
 * kill -9 probe with two instances on one folder.
 */
const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: saver.ts <dataDir>');
const locked = await lockDataDir(dataDir, []);
process.stdout.write(`OUTCOME=${locked.kind}\n`);
if (locked.kind !== 'acquired') process.exit(0);

const app = compose({
  dataDir,
  cacheDir: join(dataDir, 'cache'),
  samplesDir: join(dataDir, 'no-samples'),
  cipher: keyFileCipher(join(dataDir, 'dev-vault.key')),
  createStore: (options) => new Conf(options),
  ports: { openExternal: async () => undefined, revealFile: async () => undefined, copyImage: async () => undefined, saveCopy: async () => null },
  fetch: globalThis.fetch,
  endpoints: defaultEndpoints,
  factories: providerFactories,
  log: silentLogger,
  appInfo: { version: '0.0.0-test', platform: process.platform, bridge: true, updates: { enabled: false, reason: 'Tests do not update.' } },
  mediaUrl: (rendition, connectionId, itemId) => `/media/${rendition}/${connectionId}/${itemId}`,
});
await app.ready;
for (let i = 0; ; i++) {
  const saved = await app.registry.save({
    kind: 'box-ccg',
    name: `Box ${process.pid}-${i}`,
    config: { clientId: 'abcdefghijklmnopqrstuvwxyz012345', subjectType: 'enterprise', subjectId: '12345' },
    secrets: { clientSecret: `secret-${process.pid}-${i}-0123456789abcdef` },
  });
  process.stdout.write(`SAVED=${saved.id}\n`);
}
