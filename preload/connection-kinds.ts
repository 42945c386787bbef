import { z } from 'zod';
import { kindFacts } from './kind-facts';

/**
 * What each kind of connection stores. `config` is plain settings (kept in the settings
 * file and shown in the UI); `secrets` go to the vault only and never travel back to the
 * renderer, which sees just whether each one is set.
 */

const id = (label: string) => z.string().trim().min(1, `${label} is required.`).max(200, `${label} is too long.`);

const optionalFolderId = z
  .string()
  .trim()
  .regex(/^[0-9]*$/, 'Box folder IDs are digits only: copy the number at the end of the folder URL.')
  .optional();

const port = z.number().int().min(1024, 'Use a port from 1024 to 65535.').max(65535, 'Use a port from 1024 to 65535.');

/**
 * Delivery (issue #16): uploading finished files back. Off unless an admin turns it on;
 * `deliveryFolderId` is where files dropped on the connection go.
 */
const deliveryFields = {
  delivery: z.boolean().optional(),
  deliveryFolderId: z.string().trim().max(400).optional(),
};

export const localConfig = z.object({
  folder: z.string().trim().min(1, 'Choose a folder.'),
  ...deliveryFields,
});
export const localSecrets = z.object({});

export const boxCcgConfig = z.object({
  clientId: id('Client ID'),
  subjectType: z.enum(['enterprise', 'user']),
  subjectId: z
    .string()
    .trim()
    .regex(/^[0-9]+$/, 'Enterprise and user IDs are digits only.'),
  folderId: optionalFolderId,
  ...deliveryFields,
});
export const boxCcgSecrets = z.object({ clientSecret: id('Client secret') });

export const boxJwtConfig = z.object({
  clientId: id('Client ID'),
  publicKeyId: id('Public key ID'),
  enterpriseId: z
    .string()
    .trim()
    .regex(/^[0-9]+$/, 'Enterprise ID is digits only.'),
  folderId: optionalFolderId,
  ...deliveryFields,
});
export const boxJwtSecrets = z.object({
  clientSecret: id('Client secret'),
  privateKey: z.string().min(1, 'Private key is required.'),
  // Box lets a keypair go without a passphrase; an empty one is simply not stored.
  passphrase: z.string().optional(),
});

export const boxOAuthConfig = z.object({
  clientId: id('Client ID'),
  redirectPort: port,
  folderId: optionalFolderId,
  ...deliveryFields,
});
export const boxOAuthSecrets = z.object({ clientSecret: id('Client secret') });

export const nationalClouds = ['global', 'usgov', 'china'] as const;
export type NationalCloud = (typeof nationalClouds)[number];
/** The clouds in the Azure portal's words; the wizard, the test report and profile previews all say these. */
export const cloudLabels: Record<NationalCloud, string> = {
  global: 'Global (portal.azure.com)',
  usgov: 'US Government (portal.azure.us)',
  china: 'China, operated by 21Vianet (portal.azure.cn)',
};

export const oneDriveConfig = z.object({
  tenantId: id('Tenant ID'),
  clientId: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F-]{36}$/, 'Application (client) ID is a GUID like 6731de76-14a6-49ae-97bc-6eba6914391e.'),
  cloud: z.enum(nationalClouds),
  mode: z.enum(['public', 'confidential']),
  redirectPort: port.optional(),
  parentFolderId: z.string().trim().optional(),
  includeShared: z.boolean().optional(),
  secretExpiresOn: z.iso.date().optional(),
  ...deliveryFields,
});
export const oneDriveSecrets = z.object({ clientSecret: z.string().min(1).optional() });

/**
 * Everything that makes a kind of connection a kind, in one place: main, preload and the
 * renderer derive the rest (IPC drafts, the settings schema, profile documents, secret
 * labels, wizard step ids). Adding a provider is an entry here, `main/providers/<kind>/`,
 * a wizard in `renderer/src/wizards/kinds/` and a fake in `test/fakes/`.
 */
export interface KindDescriptor<C extends z.ZodObject = z.ZodObject, S extends z.ZodObject = z.ZodObject, Step extends string = string> {
  /** The name people see ("Box — Client Credentials"), on the wizard chooser too (automation relies on it). */
  label: string;
  /** Who runs the storage; decides the hosts "Open original" may go to. */
  service: 'box' | 'microsoft' | 'local';
  config: C;
  secrets: S;
  /** Each secret in the provider console's words. */
  secretLabels: { [K in keyof S['shape']]: string };
  /** Each person signs in with their own account (so the index and tokens are per account). */
  perUser: boolean;
  /** The wizard's steps, in order: main names one of these when the fix is in the provider's console. */
  steps: readonly Step[];
}

const kind = <C extends z.ZodObject, S extends z.ZodObject, const Step extends string>(d: KindDescriptor<C, S, Step>) => d;
const clientSecretLabel = { clientSecret: 'Client secret' } as const;

export const connectionKinds = {
  local: kind({
    ...kindFacts.local,
    config: localConfig,
    secrets: localSecrets,
    secretLabels: {},
    perUser: false,
    steps: ['folder'],
  }),
  'box-ccg': kind({
    ...kindFacts['box-ccg'],
    config: boxCcgConfig,
    secrets: boxCcgSecrets,
    secretLabels: clientSecretLabel,
    perUser: false,
    steps: ['create-app', 'auth-method', 'scopes', 'submit', 'admin-authorize', 'credentials', 'share', 'deliver'],
  }),
  'box-jwt': kind({
    ...kindFacts['box-jwt'],
    config: boxJwtConfig,
    secrets: boxJwtSecrets,
    secretLabels: { clientSecret: 'Client secret', privateKey: 'Private key', passphrase: 'Private key passphrase' },
    perUser: false,
    steps: ['two-factor', 'create-app', 'scopes', 'keypair', 'submit', 'admin-authorize', 'config-file', 'share', 'deliver'],
  }),
  'box-oauth': kind({
    ...kindFacts['box-oauth'],
    config: boxOAuthConfig,
    secrets: boxOAuthSecrets,
    secretLabels: clientSecretLabel,
    perUser: true,
    steps: ['create-app', 'redirect', 'scopes', 'credentials', 'deliver', 'sign-in'],
  }),
  onedrive: kind({
    ...kindFacts.onedrive,
    config: oneDriveConfig,
    secrets: oneDriveSecrets,
    secretLabels: clientSecretLabel,
    perUser: true,
    steps: ['register', 'redirect', 'permissions', 'secret', 'ids', 'folder', 'deliver', 'sign-in'],
  }),
} as const;

export type ConnectionKind = keyof typeof connectionKinds;
export const connectionKindNames = Object.keys(connectionKinds) as [ConnectionKind, ...ConnectionKind[]];

export type ConfigOf<K extends ConnectionKind> = z.infer<(typeof connectionKinds)[K]['config']>;
export type SecretsOf<K extends ConnectionKind> = z.infer<(typeof connectionKinds)[K]['secrets']>;
export type SecretNameOf<K extends ConnectionKind> = keyof SecretsOf<K> & string;
export type StepIdOf<K extends ConnectionKind> = (typeof connectionKinds)[K]['steps'][number];
/** Every wizard step id main may name in an error. */
export type StepId = StepIdOf<ConnectionKind>;
