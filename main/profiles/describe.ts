import { connectionKinds, type ConnectionKind } from '../../preload/connection-kinds';
import type { TestDetail } from '../../preload/contract';
import { boxRedirectUri, confidentialRedirectUri } from '../../preload/redirect-uris';
import type { ProfileConnection } from './profile-format';

const secretLabels: Record<string, string> = {
  clientSecret: 'Client secret',
  privateKey: 'Private key',
  passphrase: 'Private key passphrase',
};
export const secretLabel = (name: string): string => secretLabels[name] ?? name;

/** Connections where each person signs in with their own account. */
export const perUserKinds: ReadonlySet<ConnectionKind> = new Set(['box-oauth', 'onedrive']);

/** Secrets a kind cannot work without (JWT's key passphrase and OneDrive's secret are optional). */
export function requiredSecrets(kind: ConnectionKind): string[] {
  const shape = connectionKinds[kind].secrets.shape as Record<string, { isOptional(): boolean }>;
  return Object.entries(shape)
    .filter(([, field]) => !field.isOptional())
    .map(([name]) => name);
}

const folderFilter = (folderId: string | undefined): TestDetail => ({
  label: 'Folder filter',
  value: folderId ? `Box folder ${folderId} and its subfolders` : 'None: everything the app can see',
});

const clouds = { global: 'Global (login.microsoftonline.com)', usgov: 'US Government', china: 'China (21Vianet)' } as const;

/** The settings a profile carries, in the words of the provider's console. */
export function describeConnection(connection: ProfileConnection): TestDetail[] {
  switch (connection.kind) {
    case 'local':
      return [{ label: 'Folder', value: connection.config.folder }];
    case 'box-ccg': {
      const c = connection.config;
      return [
        { label: 'Client ID', value: c.clientId },
        { label: c.subjectType === 'enterprise' ? 'Enterprise ID' : 'User ID', value: c.subjectId },
        folderFilter(c.folderId),
      ];
    }
    case 'box-jwt': {
      const c = connection.config;
      return [
        { label: 'Client ID', value: c.clientId },
        { label: 'Public key ID', value: c.publicKeyId },
        { label: 'Enterprise ID', value: c.enterpriseId },
        folderFilter(c.folderId),
      ];
    }
    case 'box-oauth': {
      const c = connection.config;
      return [
        { label: 'Client ID', value: c.clientId },
        { label: 'Redirect URI', value: boxRedirectUri(c.redirectPort) },
        folderFilter(c.folderId),
      ];
    }
    case 'onedrive': {
      const c = connection.config;
      return [
        { label: 'Tenant ID', value: c.tenantId },
        { label: 'Client ID', value: c.clientId },
        { label: 'Cloud', value: clouds[c.cloud] },
        { label: 'App type', value: c.mode === 'public' ? 'Public client: no secret, each person signs in' : 'Confidential client (uses a client secret)' },
        ...(c.mode === 'confidential' ? [{ label: 'Redirect URI', value: confidentialRedirectUri(c.redirectPort) }] : []),
        { label: 'Parent folder', value: c.parentFolderId || 'None: the whole drive' },
        ...(c.includeShared ? [{ label: 'Shared with me', value: 'Included' }] : []),
        ...(c.secretExpiresOn ? [{ label: 'Client secret expires', value: c.secretExpiresOn }] : []),
      ];
    }
  }
}
