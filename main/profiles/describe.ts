import { cloudLabels } from '../../preload/connection-kinds';
import type { TestDetail } from '../../preload/contract';
import { boxRedirectUri, confidentialRedirectUri } from '../../preload/redirect-uris';
import { sensitiveFolderWarning } from '../providers/local/sensitive-folder';
import type { ProfileConnection } from './profile-format';

const folderFilter = (folderId: string | undefined): TestDetail => ({
  label: 'Folder filter',
  value: folderId ? `Box folder ${folderId} and its subfolders` : 'None: everything the app can see',
});

/** A Box app's details: its Client ID, what identifies the kind, and the folder filter. */
const boxApp = (config: { clientId: string; folderId?: string | undefined }, own: TestDetail[]): TestDetail[] => [
  { label: 'Client ID', value: config.clientId },
  ...own,
  folderFilter(config.folderId),
];

/** The settings a profile carries, in the words of the provider's console. */
export function describeConnection(connection: ProfileConnection): TestDetail[] {
  switch (connection.kind) {
    case 'local': {
      const warning = sensitiveFolderWarning(connection.config.folder);
      return [{ label: 'Folder', value: connection.config.folder }, ...(warning ? [{ label: 'Warning', value: warning }] : [])];
    }
    case 'box-ccg': {
      const c = connection.config;
      return boxApp(c, [{ label: c.subjectType === 'enterprise' ? 'Enterprise ID' : 'User ID', value: c.subjectId }]);
    }
    case 'box-jwt': {
      const c = connection.config;
      return boxApp(c, [
        { label: 'Public key ID', value: c.publicKeyId },
        { label: 'Enterprise ID', value: c.enterpriseId },
      ]);
    }
    case 'box-oauth': {
      const c = connection.config;
      return boxApp(c, [{ label: 'Redirect URI', value: boxRedirectUri(c.redirectPort) }]);
    }
    case 'onedrive': {
      const c = connection.config;
      return [
        { label: 'Tenant ID', value: c.tenantId },
        { label: 'Client ID', value: c.clientId },
        { label: 'Cloud', value: cloudLabels[c.cloud] },
        {
          label: 'App type',
          value: c.mode === 'public' ? 'Public client: no secret, each person signs in' : 'Confidential client (uses a client secret)',
        },
        ...(c.mode === 'confidential' ? [{ label: 'Redirect URI', value: confidentialRedirectUri(c.redirectPort) }] : []),
        { label: 'Parent folder', value: c.parentFolderId || 'None: the whole drive' },
        ...(c.includeShared ? [{ label: 'Shared with me', value: 'Included' }] : []),
        ...(c.secretExpiresOn ? [{ label: 'Client secret expires', value: c.secretExpiresOn }] : []),
      ];
    }
  }
}
