import { boxCcgProvider, boxJwtProvider, boxOAuthProvider } from './box';
import { localFolderProvider } from './local/local-folder';
import { oneDriveConfig, type ConnectionKind } from '../../preload/connection-kinds';
import { oneDriveProvider, secretExpiryWarning } from './onedrive';
import type { ProviderFactories } from './provider';

export const providerFactories: ProviderFactories = {
  local: localFolderProvider,
  'box-ccg': boxCcgProvider,
  'box-jwt': boxJwtProvider,
  'box-oauth': boxOAuthProvider,
  onedrive: oneDriveProvider,
};

/** Things the admin should act on soon, shown beside a saved connection. */
export function connectionWarnings(kind: ConnectionKind, config: Record<string, unknown>, now: Date): string[] {
  if (kind !== 'onedrive') return [];
  const parsed = oneDriveConfig.safeParse(config);
  if (!parsed.success || parsed.data.mode !== 'confidential') return [];
  const warning = secretExpiryWarning(parsed.data.secretExpiresOn, now);
  return warning ? [warning] : [];
}
