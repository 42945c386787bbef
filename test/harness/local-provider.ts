import { defaultEndpoints } from '../../main/http/endpoints';
import { localFolderProvider } from '../../main/providers/local/local-folder';
import type { Provider } from '../../main/providers/provider';
import { silentLogger } from '../../main/shared/logger';

/** A local-folder provider on its own, outside any registry: no secrets, no browser, no log, no network. */
export function localProvider(folder: string): Provider {
  return localFolderProvider({
    config: { folder },
    context: {
      connectionId: '00000000-0000-4000-8000-000000000000',
      fetch: async () => {
        throw new Error('a local folder never reaches the network');
      },
      secrets: { get: async () => undefined, set: async () => undefined, delete: async () => undefined },
      endpoints: defaultEndpoints,
      openExternal: async () => undefined,
      log: silentLogger,
    },
  });
}
