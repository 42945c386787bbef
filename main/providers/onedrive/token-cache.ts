import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { SecretStore } from '../../vault/vault';

/** Vault entry holding this connection's MSAL token cache (accounts, refresh and access tokens). */
export const tokenCacheKey = 'msal.cache';

/**
 * MSAL's token cache, persisted only through the vault (encrypted by safeStorage in the
 * app): the serialised cache holds refresh tokens in clear, so it never touches disk as is.
 * MSAL may call the plugin for parallel token calls, so writes go through one queue and
 * a read waits for the writes before it.
 */
export function vaultCachePlugin(secrets: SecretStore): ICachePlugin {
  let writes: Promise<void> = Promise.resolve();
  return {
    async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
      await writes;
      const stored = await secrets.get(tokenCacheKey);
      if (stored !== undefined) context.tokenCache.deserialize(stored);
    },
    async afterCacheAccess(context: TokenCacheContext): Promise<void> {
      if (!context.cacheHasChanged) return;
      const serialized = context.tokenCache.serialize();
      const write = writes.then(() => secrets.set(tokenCacheKey, serialized));
      writes = write.catch(() => undefined);
      await write;
    },
  };
}
