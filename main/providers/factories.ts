import { boxCcgProvider, boxJwtProvider, boxOAuthProvider } from './box';
import { localFolderProvider } from './local/local-folder';
import { oneDriveProvider } from './onedrive';
import type { ProviderFactories } from './provider';

export const providerFactories: ProviderFactories = {
  local: localFolderProvider,
  'box-ccg': boxCcgProvider,
  'box-jwt': boxJwtProvider,
  'box-oauth': boxOAuthProvider,
  onedrive: oneDriveProvider,
};
