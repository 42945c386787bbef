import { localFolderProvider } from './local/local-folder';
import { oneDriveConfig, type ConnectionKind } from '../../preload/connection-kinds';
import { lazyFactory } from './lazy-provider';
import { secretExpiryWarning } from './onedrive/secret-expiry';
import type { ProviderFactories } from './provider';

// The cloud providers load with their SDKs (box-node-sdk, @azure/msal-node: seconds of
// module loading on a slow disk) when a connection of theirs is first made, not at start.
const box = () => import('./box');
const oneDrive = () => import('./onedrive');

export const providerFactories: ProviderFactories = {
  local: localFolderProvider,
  'box-ccg': lazyFactory(
    async () => (await box()).boxCcgProvider,
    () => ({ auth: false }),
  ),
  'box-jwt': lazyFactory(
    async () => (await box()).boxJwtProvider,
    () => ({ auth: false }),
  ),
  'box-oauth': lazyFactory(
    async () => (await box()).boxOAuthProvider,
    () => ({ auth: true }),
  ),
  onedrive: lazyFactory(
    async () => (await oneDrive()).oneDriveProvider,
    () => ({ auth: true }),
  ),
};

/** Things the admin should act on soon, shown beside a saved connection. */
export function connectionWarnings(kind: ConnectionKind, config: Record<string, unknown>, now: Date): string[] {
  if (kind !== 'onedrive') return [];
  const parsed = oneDriveConfig.safeParse(config);
  if (!parsed.success || parsed.data.mode !== 'confidential') return [];
  const warning = secretExpiryWarning(parsed.data.secretExpiresOn, now);
  return warning ? [warning] : [];
}
