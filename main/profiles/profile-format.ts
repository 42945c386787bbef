import { z } from 'zod';
import { connectionKindNames, connectionKinds, type ConfigOf, type ConnectionKind } from '../../preload/connection-kinds';
import { connectionName } from '../../preload/connection-name';
import { AppError } from '../shared/app-error';

/**
 * The `.skyhook` connection profile: one connection's settings, never its tokens, and
 * optionally its app secrets sealed with a passphrase. Versioned so a newer Skyhook can
 * change the shape and an older one says so instead of misreading it.
 */
export const profileFormat = 'skyhook-connection-profile';
export const profileVersion = 1;
/** Profiles are a few kilobytes; anything much larger is not one. */
export const maxProfileChars = 256 * 1024;

const base64 = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

/**
 * The scrypt costs a profile may ask for: r=8, p=1 and N from 2^14 up to what Skyhook
 * writes (2^17, see seal.ts). The file is untrusted and reachable from a `skyhook://` link,
 * so it cannot choose a cost: N=2^20, r=16, p=4 would be 2 GiB and half a minute per try.
 */
export const acceptedScryptN = [2 ** 14, 2 ** 15, 2 ** 16, 2 ** 17] as const;

/** Base64 of exactly `bytes` bytes (padded), so lengths are known before anything is decoded. */
const base64Of = (bytes: number) =>
  z
    .string()
    .length(Math.ceil(bytes / 3) * 4, `must be ${bytes} bytes of base64`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

export const scryptParams = z
  .object({
    name: z.literal('scrypt'),
    salt: base64Of(16),
    N: z.number().refine((n) => (acceptedScryptN as readonly number[]).includes(n), 'this scrypt cost is not one Skyhook writes'),
    r: z.literal(8),
    p: z.literal(1),
  })
  .strict();
export type ScryptParams = z.infer<typeof scryptParams>;

export const sealedBlock = z
  .object({
    /** Names of the secrets inside, readable without the passphrase so the preview can list them. */
    fields: z
      .array(z.string().regex(/^[A-Za-z]{1,40}$/))
      .min(1)
      .max(8),
    kdf: scryptParams,
    cipher: z.literal('aes-256-gcm'),
    iv: base64Of(12),
    tag: base64Of(16),
    ciphertext: base64(64 * 1024),
  })
  .strict();
export type SealedBlock = z.infer<typeof sealedBlock>;

export type ProfileConnection = { [K in ConnectionKind]: { kind: K; name: string; config: ConfigOf<K> } }[ConnectionKind];
// One strict member per descriptor: a profile cannot carry fields its kind does not have.
export const profileConnection = z.discriminatedUnion(
  'kind',
  connectionKindNames.map((kind) =>
    z.object({ kind: z.literal(kind), name: connectionName, config: connectionKinds[kind].config.strict() }).strict(),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
) as unknown as z.ZodType<ProfileConnection>;

export const profileDocument = z
  .object({
    format: z.literal(profileFormat),
    version: z.literal(profileVersion),
    exportedAt: z.iso.datetime().optional(),
    exportedBy: z.string().max(100).optional(),
    connection: profileConnection,
    sealed: sealedBlock.optional(),
  })
  .strict()
  .superRefine((doc, ctx) => {
    if (!doc.sealed) return;
    const known = Object.keys(connectionKinds[doc.connection.kind].secrets.shape);
    for (const field of doc.sealed.fields) {
      if (!known.includes(field))
        ctx.addIssue({ code: 'custom', path: ['sealed', 'fields'], message: `${doc.connection.kind} has no secret named ${field}` });
    }
    if (new Set(doc.sealed.fields).size !== doc.sealed.fields.length) {
      ctx.addIssue({ code: 'custom', path: ['sealed', 'fields'], message: 'a secret is listed twice' });
    }
  });
export type ProfileDocument = z.infer<typeof profileDocument>;

/** A parsed profile and the JSON it came from (the seal authenticates the latter). */
export interface ParsedProfile {
  document: ProfileDocument;
  raw: Record<string, unknown>;
}

const notAProfile = () =>
  new AppError({
    code: 'profile_invalid',
    message: 'This is not a Skyhook connection profile.',
    fix: 'Open the .skyhook file (or the skyhook:// link) exactly as it was shared with you.',
  });

/** Reads a profile's JSON text, checking what it is, then its version, then every field. */
export function parseProfileText(text: string): ParsedProfile {
  if (text.length > maxProfileChars) throw notAProfile();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw notAProfile();
  }
  return parseProfileValue(raw);
}

export function parseProfileValue(raw: unknown): ParsedProfile {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw notAProfile();
  const head = raw as Record<string, unknown>;
  if (head.format !== profileFormat) throw notAProfile();
  if (head.version !== profileVersion) {
    const given = typeof head.version === 'number' || typeof head.version === 'string' ? String(head.version) : 'unknown';
    throw new AppError({
      code: 'profile_version',
      message: `This profile uses format version ${given}; this Skyhook reads version ${profileVersion} only.`,
      fix:
        Number(given) > profileVersion
          ? 'Update Skyhook, or ask whoever shared the profile to export it from the same Skyhook version as yours.'
          : 'Ask whoever shared the profile to export it again.',
    });
  }
  const parsed = profileDocument.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
    throw new AppError({
      code: 'profile_invalid',
      message: `This profile is damaged or incomplete: ${issue?.message ?? 'invalid'}${where}.`,
      fix: 'Ask whoever shared it for a fresh copy; a profile edited by hand must still match the export format.',
    });
  }
  return { document: parsed.data, raw: head };
}
