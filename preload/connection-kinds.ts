import { z } from 'zod';

/**
 * What each kind of connection stores. `config` is plain settings (kept in the settings
 * file and shown in the UI); `secrets` go to the vault only and never travel back to the
 * renderer, which sees just whether each one is set.
 */

const id = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required.`)
    .max(200, `${label} is too long.`);

const optionalFolderId = z
  .string()
  .trim()
  .regex(/^[0-9]*$/, 'Box folder IDs are digits only: copy the number at the end of the folder URL.')
  .optional();

const port = z.number().int().min(1024, 'Use a port from 1024 to 65535.').max(65535, 'Use a port from 1024 to 65535.');

export const localConfig = z.object({
  folder: z.string().trim().min(1, 'Choose a folder.'),
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
});
export const boxOAuthSecrets = z.object({ clientSecret: id('Client secret') });

export const nationalClouds = ['global', 'usgov', 'china'] as const;

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
});
export const oneDriveSecrets = z.object({ clientSecret: z.string().min(1).optional() });

export const connectionKinds = {
  local: { config: localConfig, secrets: localSecrets },
  'box-ccg': { config: boxCcgConfig, secrets: boxCcgSecrets },
  'box-jwt': { config: boxJwtConfig, secrets: boxJwtSecrets },
  'box-oauth': { config: boxOAuthConfig, secrets: boxOAuthSecrets },
  onedrive: { config: oneDriveConfig, secrets: oneDriveSecrets },
} as const;

export type ConnectionKind = keyof typeof connectionKinds;
export const connectionKindNames = Object.keys(connectionKinds) as [ConnectionKind, ...ConnectionKind[]];

export type ConfigOf<K extends ConnectionKind> = z.infer<(typeof connectionKinds)[K]['config']>;
export type SecretsOf<K extends ConnectionKind> = z.infer<(typeof connectionKinds)[K]['secrets']>;

const name = z.string().trim().min(1, 'Give the connection a name.').max(80, 'Keep the name under 80 characters.');

/**
 * A connection as the wizard sends it. `secrets` may leave a field out to keep the one
 * already saved (the renderer never knows saved secrets, so editing cannot resend them).
 */
const draftOf = <K extends ConnectionKind, C extends z.ZodType, S extends z.ZodObject>(kind: K, config: C, secrets: S) =>
  z.object({
    id: z.string().uuid().optional(),
    kind: z.literal(kind),
    name,
    config,
    secrets: secrets.partial(),
  });

export const connectionDraft = z.discriminatedUnion('kind', [
  draftOf('local', localConfig, localSecrets),
  draftOf('box-ccg', boxCcgConfig, boxCcgSecrets),
  draftOf('box-jwt', boxJwtConfig, boxJwtSecrets),
  draftOf('box-oauth', boxOAuthConfig, boxOAuthSecrets),
  draftOf('onedrive', oneDriveConfig, oneDriveSecrets),
]);
export type ConnectionDraft = z.infer<typeof connectionDraft>;
