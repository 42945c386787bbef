import { join } from 'node:path';
import { compose, type Composition } from '../../main/app/compose';
import { defaultEndpoints, type Endpoints } from '../../main/http/endpoints';
import { providerFactories } from '../../main/providers/factories';
import { silentLogger } from '../../main/shared/logger';
import { keyFileCipher } from '../../main/vault/keyfile-cipher';

/**
 * The headless composition's services over a data folder on disk (settings, vault, key
 * file, cache), with no samples, no network (unless `network` gives one: a fake service's
 * endpoints) and no desktop: for tests of what survives restarts, crashes and key changes.
 */
export function composeOnDisk(dataDir: string, network?: { fetch: typeof fetch; endpoints: Endpoints }): Composition {
  return compose({
    dataDir,
    cacheDir: join(dataDir, 'cache'),
    samplesDir: join(dataDir, 'no-samples'),
    cipher: keyFileCipher(join(dataDir, 'dev-vault.key')),
    ports: {
      openExternal: async () => undefined,
      revealFile: async () => undefined,
      copyImage: async () => undefined,
      saveCopy: async () => null,
    },
    fetch:
      network?.fetch ??
      (async () => {
        throw new Error('no network here');
      }),
    endpoints: network?.endpoints ?? defaultEndpoints,
    factories: providerFactories,
    log: silentLogger,
    appInfo: {
      version: '0.0.0-test',
      platform: process.platform,
      bridge: true,
      updates: { enabled: false, reason: 'Tests do not update.' },
    },
    mediaUrl: (rendition, connectionId, itemId) => `/media/${rendition}/${connectionId}/${itemId}`,
  });
}

/** A Box Client Credentials draft with a secret: saving it writes a record and a vault entry. */
export const boxDraft = (name: string, secret = 'the-client-secret-0123456789abcdef') => ({
  kind: 'box-ccg' as const,
  name,
  config: { clientId: 'abcdefghijklmnopqrstuvwxyz012345', subjectType: 'enterprise' as const, subjectId: '12345' },
  secrets: { clientSecret: secret },
});
