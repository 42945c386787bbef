import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionDraft } from '../../../../preload/connection-drafts';
import { ConnectionRegistry } from '../../../../main/connections/registry';
import { defaultEndpoints } from '../../../../main/http/endpoints';
import { ProfileService } from '../../../../main/profiles/profile-service';
import type { Provider, ProviderFactories } from '../../../../main/providers/provider';
import { openSettings, type SettingsStore } from '../../../../main/settings/settings-store';
import { silentLogger } from '../../../../main/shared/logger';
import { keyFileCipher } from '../../../../main/vault/keyfile-cipher';
import { Vault } from '../../../../main/vault/vault';

/** Cheap scrypt for tests that are not about the cost; one test checks the real default. */
export const testCost = { N: 2 ** 14, r: 8, p: 1 } as const;

const fakeProvider = (perUser: boolean): Provider => ({
  search: async () => ({ hits: [] }),
  thumbnailSource: async () => new Uint8Array(),
  original: async () => {
    throw new Error('not used');
  },
  originalUrl: () => undefined,
  test: async () => ({ summary: 'ok', details: [], nextSteps: [] }),
  ...(perUser
    ? { auth: { state: async () => ({ state: 'needs-sign-in' as const }), signIn: async () => 'me', signOut: async () => undefined } }
    : {}),
});

const factories: ProviderFactories = {
  local: () => fakeProvider(false),
  'box-ccg': () => fakeProvider(false),
  'box-jwt': () => fakeProvider(false),
  'box-oauth': () => fakeProvider(true),
  onedrive: () => fakeProvider(true),
};

export interface World {
  dir: string;
  registry: ConnectionRegistry;
  vault: Vault;
  vaultFile: string;
  settings: SettingsStore;
  profiles: ProfileService;
  /** Reopens the vault from disk: what a restart would see. */
  reopenVault(): Vault;
  cleanup(): void;
}

/** One computer: a real settings file and a real vault in a temp dir. */
export function makeWorld(): World {
  const dir = mkdtempSync(join(tmpdir(), 'skyhook-profiles-'));
  const { store: settings } = openSettings(dir);
  const cipher = keyFileCipher(join(dir, 'vault.key'));
  const vaultFile = join(dir, 'vault.json');
  const vault = new Vault(vaultFile, cipher);
  const registry = new ConnectionRegistry({
    settings,
    vault,
    factories,
    endpoints: defaultEndpoints,
    fetch: globalThis.fetch,
    openExternal: async () => undefined,
    log: silentLogger,
  });
  // The admin says yes to every "include secrets?" question unless a test asks otherwise.
  const profiles = new ProfileService({
    registry,
    appVersion: '9.9.9',
    scryptCost: testCost,
    folderExists: () => true,
    confirm: async () => true,
  });
  return {
    dir,
    registry,
    vault,
    vaultFile,
    settings,
    profiles,
    reopenVault: () => new Vault(vaultFile, cipher),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const privateKeyPem = [
  '-----BEGIN ENCRYPTED PRIVATE KEY-----',
  'MIIFLTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQIq1w2e3r4t5yCAggA',
  'MAwGCCqGSIb3DQIJBQAwHQYJYIZIAWUDBAEqBBDxkz7u2Xq9VvPq0l1kTn3iBIIE',
  '-----END ENCRYPTED PRIVATE KEY-----',
  '',
].join('\n');

/** One draft per kind and auth mode, with distinctive secret values to search for. */
export const drafts = {
  local: { kind: 'local', name: 'Team images', config: { folder: '/srv/team-images' }, secrets: {} },
  'box-ccg': {
    kind: 'box-ccg',
    name: 'Design Box',
    config: { clientId: 'ccgclient0123456789abcdefghijkl', subjectType: 'enterprise', subjectId: '9988776', folderId: '123456' },
    secrets: { clientSecret: 'ccgSecretValue-Zq81xV0pLmN4' },
  },
  'box-jwt': {
    kind: 'box-jwt',
    name: 'Brand Box (JWT)',
    config: { clientId: 'jwtclient0123456789abcdefghijkl', publicKeyId: 'pk9x2abc', enterpriseId: '9988776' },
    secrets: { clientSecret: 'jwtSecretValue-Hh72kQ0zPq3', privateKey: privateKeyPem, passphrase: 'keyPassphrase-88aa11' },
  },
  'box-oauth': {
    kind: 'box-oauth',
    name: 'My Box',
    config: { clientId: 'oauthclient0123456789abcdefghij', redirectPort: 53682, folderId: '777' },
    secrets: { clientSecret: 'oauthSecretValue-Tt55mm00' },
  },
  onedrive: {
    kind: 'onedrive',
    name: 'Marketing OneDrive',
    config: {
      tenantId: 'contoso.onmicrosoft.com',
      clientId: '6731de76-14a6-49ae-97bc-6eba6914391e',
      cloud: 'usgov',
      mode: 'public',
      redirectPort: 53100,
      parentFolderId: '01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K',
    },
    secrets: {},
  },
  'onedrive-confidential': {
    kind: 'onedrive',
    name: 'Agency OneDrive',
    config: {
      tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      clientId: '0a1b2c3d-1111-2222-3333-444455556666',
      cloud: 'global',
      mode: 'confidential',
      secretExpiresOn: '2027-01-31',
    },
    secrets: { clientSecret: 'Xy8Q~confidentialSecret.valueAbc' },
  },
} satisfies Record<string, ConnectionDraft>;

export type DraftName = keyof typeof drafts;
export const draftNames = Object.keys(drafts) as DraftName[];

/** Every secret value in `drafts`, for the secrets scan. */
export const allSecretValues = draftNames.flatMap((n) => Object.values(drafts[n].secrets as Record<string, string>));
