import { cloudLabels, type ConfigOf } from '../../../preload/connection-kinds';
import type { TestDetail, TestReport } from '../../../preload/contract';
import type { MicrosoftHosts } from '../../http/endpoints';
import type { ProviderContext } from '../provider';
import type { DriveSearch } from './drive-search';
import type { FolderScope } from './folder-scope';
import type { GraphClient } from './graph-client';
import { missingSecretError, type MicrosoftIdentity } from './identity';
import { checkClientSecret } from './secret-check';
import { secretExpiryWarning } from './secret-expiry';

export interface ConnectionTestDeps {
  config: ConfigOf<'onedrive'>;
  context: ProviderContext;
  hosts: MicrosoftHosts;
  identity: MicrosoftIdentity;
  graph: GraphClient;
  search: DriveSearch;
  folder: FolderScope | undefined;
  now(): Date;
}

const driveTypes: Record<string, string> = {
  business: 'OneDrive for Business',
  personal: 'OneDrive (personal)',
  documentLibrary: 'SharePoint document library',
};

/** Extensions of the common image types: searching each gives a quick count of what search can see. */
const probeWords = ['jpg', 'jpeg', 'png', 'gif', 'webp'];

/**
 * "Test connection": the registration first (no user needed), the client secret when there
 * is one, then — once someone is signed in — who it is, their drive, the parent folder and
 * a test search. Each failure is an AppError naming the wizard step to fix.
 */
export async function testConnection(deps: ConnectionTestDeps, signal: AbortSignal): Promise<TestReport> {
  const { config, context, hosts, identity, graph } = deps;
  const diagnosis = { mode: config.mode, tenantId: config.tenantId, redirectPort: config.redirectPort };
  const details: TestDetail[] = [
    { label: 'Cloud', value: cloudLabels[config.cloud] },
    { label: 'Redirect URI', value: identity.redirectUri, copyable: true },
  ];
  const warnings: string[] = [];

  if (config.mode === 'confidential') {
    const clientSecret = await context.secrets.get('clientSecret');
    if (!clientSecret) throw missingSecretError();
    await identity.checkRegistration(signal);
    const secret = await checkClientSecret({
      fetch: context.fetch,
      hosts,
      tenantId: config.tenantId,
      clientId: config.clientId,
      clientSecret,
      diagnosis,
      signal,
    });
    details.push({
      label: 'Client secret',
      value: secret === 'checked' ? 'Accepted by Microsoft' : 'Checked at sign-in (tenant is not specific)',
    });
    const expiry = secretExpiryWarning(config.secretExpiresOn, deps.now());
    if (expiry) warnings.push(expiry);
  } else {
    await identity.checkRegistration(signal);
  }

  const account = await identity.account();
  if (!account) {
    return {
      summary: 'The app registration is correct. Sign in to finish the test.',
      details,
      nextSteps: ['Select Sign in and sign in with the account whose OneDrive you want to search.', ...warnings],
    };
  }

  const me = await graph.json<{ displayName?: string; userPrincipalName?: string; mail?: string }>(
    '/me?$select=id,displayName,userPrincipalName,mail',
    'me',
    signal,
  );
  const drive = await graph.json<{ driveType?: string; name?: string }>('/me/drive?$select=id,driveType,name,webUrl', 'drive', signal);
  details.unshift(
    { label: 'Signed in as', value: me.userPrincipalName ?? me.mail ?? account.username },
    { label: 'Drive', value: driveTypes[drive.driveType ?? ''] ?? drive.driveType ?? 'OneDrive' },
  );
  if (deps.folder) {
    const folder = await deps.folder.describe(signal);
    details.push({ label: 'Parent folder', value: folder.path === '' ? 'OneDrive (root)' : folder.path.replace(/^\//, '') });
  }

  const pages = await Promise.all(probeWords.map((word) => deps.search.page(word, undefined, signal)));
  const visibleImages = new Set(pages.flatMap((page) => page.hits.map((hit) => hit.id))).size;
  const nextSteps =
    visibleImages === 0
      ? [
          'A test search found no images. New or renamed files take several minutes (sometimes half an hour) to appear in OneDrive search.',
          deps.folder
            ? 'Check that the parent folder holds images this account can open.'
            : 'Check that this account can see images in OneDrive.',
        ]
      : ['Save the connection. Each designer signs in with their own account.'];
  return {
    summary: `Signed in as ${details[0]?.value ?? account.username}; a test search found ${visibleImages} image${visibleImages === 1 ? '' : 's'}.`,
    details,
    nextSteps: [...nextSteps, ...warnings],
    visibleImages,
  };
}
