import { join } from 'node:path';
import { ConnectionRegistry, type RegistryDeps } from '../../main/connections/registry';
import { defaultEndpoints } from '../../main/http/endpoints';
import type { Provider } from '../../main/providers/provider';
import { silentLogger } from '../../main/shared/logger';
import { openSettings } from '../../main/settings/settings-store';
import { keyFileCipher } from '../../main/vault/keyfile-cipher';
import { Vault } from '../../main/vault/vault';

/** A provider that finds and serves nothing: what a registry test looks at is its test (and sign-in). */
export function providerTestingWith(test: Provider['test']): Provider {
  return {
    search: async () => ({ hits: [] }),
    thumbnailSource: async () => new Uint8Array(),
    original: async () => {
      throw new Error('not used');
    },
    originalUrl: () => undefined,
    test,
  };
}

/**
 * A ConnectionRegistry on the settings file and vault in `dir`, opened as the app opens
 * them, with the given providers; nothing reaches a network.
 */
export function registryOnDisk(dir: string, deps: Pick<RegistryDeps, 'factories' | 'openExternal'> & Partial<RegistryDeps>) {
  const { store: settings } = openSettings(dir);
  const vault = new Vault(join(dir, 'vault.json'), keyFileCipher(join(dir, 'vault.key')));
  const registry = new ConnectionRegistry({
    settings,
    vault,
    endpoints: defaultEndpoints,
    fetch: async () => {
      throw new Error('no network in this test');
    },
    log: silentLogger,
    ...deps,
  });
  return { settings, vault, registry };
}
