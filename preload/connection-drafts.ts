import { z } from 'zod';
import { connectionKindNames, connectionKinds, type ConfigOf, type ConnectionKind, type SecretsOf } from './connection-kinds';
import { connectionName } from './connection-name';

/*
 * Everything derived from the kind descriptors at load time. Kept apart from the
 * descriptors so a test can swap the descriptor table (with an extra, made-up kind) and
 * get drafts, labels and required secrets for it without listing anything by hand.
 */

export const secretLabel = (kind: ConnectionKind, name: string): string =>
  (connectionKinds[kind].secretLabels as Record<string, string>)[name] ?? name;

/** Secrets a kind cannot work without (JWT's key passphrase and OneDrive's secret are optional). */
export function requiredSecrets(kind: ConnectionKind): string[] {
  return Object.entries(connectionKinds[kind].secrets.shape)
    .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
    .map(([name]) => name);
}

/**
 * A connection as the wizard sends it. `secrets` may leave a field out to keep the one
 * already saved (the renderer never knows saved secrets, so editing cannot resend them).
 */
const draftOf = <K extends ConnectionKind, C extends z.ZodType, S extends z.ZodObject>(kind: K, config: C, secrets: S) =>
  z.object({
    id: z.string().uuid().optional(),
    kind: z.literal(kind),
    name: connectionName,
    config,
    secrets: secrets.partial(),
  });

export type ConnectionDraft = {
  [K in ConnectionKind]: { id?: string; kind: K; name: string; config: ConfigOf<K>; secrets: Partial<SecretsOf<K>> };
}[ConnectionKind];
export type DraftOf<K extends ConnectionKind> = Extract<ConnectionDraft, { kind: K }>;
// Built from the descriptors, so the union's members cannot be listed by hand (and forgotten).
export const connectionDraft = z.discriminatedUnion(
  'kind',
  connectionKindNames.map((k) => draftOf(k, connectionKinds[k].config, connectionKinds[k].secrets)) as unknown as [
    z.ZodObject,
    ...z.ZodObject[],
  ],
) as unknown as z.ZodType<ConnectionDraft>;
