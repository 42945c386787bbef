import { microsoftHosts } from '../../http/endpoints';
import type { ProviderFactory, ProviderInput, Provider } from '../provider';
import { testConnection } from './connection-test';
import { DriveFiles } from './drive-files';
import { DriveIndexSource } from './drive-index-source';
import { listDriveFolders } from './drive-folders';
import { ItemMemory } from './drive-item';
import { DriveSearch } from './drive-search';
import { FolderScope } from './folder-scope';
import { GraphClient } from './graph-client';
import { MicrosoftIdentity } from './identity';
import { DriveUploader } from './drive-upload';
import { withWriteCheck } from '../../delivery/write-check';

export { confidentialRedirectUri, defaultConfidentialRedirectPort, publicRedirectUri, wizardSteps, type WizardStep } from './steps';
export { secretExpiryWarning, secretWarningDays } from './secret-expiry';
export { needsSignInCode } from './diagnostics';

export interface OneDriveOptions {
  /** How long an interactive sign-in may take before it is given up (MSAL has no limit). */
  signInTimeoutMs?: number;
  now?: () => Date;
}

/**
 * A OneDrive / SharePoint connection over Microsoft Graph with delegated Files.Read.All:
 * each person signs in with their own account (system browser, loopback redirect), and
 * search covers their drive, one parent folder of it, or also what others shared.
 */
export function createOneDriveProvider({ config, context }: ProviderInput<'onedrive'>, options: OneDriveOptions = {}): Provider {
  const hosts = microsoftHosts(config.cloud, context.endpoints);
  const diagnosis = { mode: config.mode, tenantId: config.tenantId, redirectPort: config.redirectPort };
  const identity = new MicrosoftIdentity({ config, context, hosts, diagnosis, signInTimeoutMs: options.signInTimeoutMs ?? 5 * 60_000 });
  const graph = new GraphClient({ fetch: context.fetch, graphUrl: hosts.graph, accessToken: (force) => identity.accessToken(force) });
  const memory = new ItemMemory();
  const parentFolderId = config.parentFolderId?.trim() || undefined;
  const folder = parentFolderId ? new FolderScope(graph, parentFolderId) : undefined;
  const search = new DriveSearch(
    graph,
    memory,
    { ...(parentFolderId ? { parentFolderId } : {}), includeShared: config.includeShared === true },
    folder,
  );
  const files = new DriveFiles(graph, memory, context.fetch);
  const now = options.now ?? (() => new Date());
  // One per provider: it keeps the folder names delta has shown, which paths are built from.
  let index: DriveIndexSource | undefined;
  const uploader = new DriveUploader({ fetch: context.fetch, graph, accessToken: (force) => identity.accessToken(force) });

  return {
    search: (text, cursor, signal) => search.page(text, cursor, signal),
    thumbnailSource: (itemId, signal) => files.thumbnail(itemId, signal),
    original: (itemId, signal) => files.original(itemId, signal),
    originalUrl: (itemId) => files.originalUrl(itemId),
    listFolders: (parentId, signal) => listDriveFolders(graph, parentId, signal),
    listFolder: (folderId, cursor, signal) => search.children(folderId, cursor, signal),
    fileKey: (ref) => search.fileKey(ref),
    test: async (signal) => {
      const report = await testConnection({ config, context, hosts, identity, graph, search, folder, now }, signal);
      // Before anyone signs in there is no one to write as: the write check waits for the sign-in.
      return (await identity.account()) ? withWriteCheck(report, uploader, config, signal, parentFolderId) : report;
    },
    uploader: () => uploader,
    // Items shared with the user are not in the drive's delta: they stay with live search.
    indexSource: () => (index ??= new DriveIndexSource({ graph, ...(folder ? { folder } : {}) })),
    auth: {
      async state() {
        try {
          const account = await identity.account();
          return account ? { state: 'signed-in', account: account.username } : { state: 'needs-sign-in' };
        } catch {
          // An unreadable cache or a missing secret: signing in again is the way out.
          return { state: 'needs-sign-in' };
        }
      },
      signIn: (signal) => identity.signIn(signal),
      async signOut() {
        await identity.signOut();
        memory.clear();
      },
    },
    async dispose() {
      identity.dispose();
    },
  };
}

export const oneDriveProvider: ProviderFactory<'onedrive'> = (input) => createOneDriveProvider(input);
