import { z } from 'zod';
import { connectionKindNames } from '../../preload/connection-kinds';
import type { PolicyInfo, StartupProblem } from '../../preload/contract';
import type { ConnectionRegistry, ManagedInput } from '../connections/registry';
import { AppError } from '../shared/app-error';
import type { Logger } from '../shared/logger';
import type { SettingsStore } from '../settings/settings-store';
import { parseProfileValue, profileConnection } from './profile-format';
import { readPolicyFile } from './policy-file';
import { unsealSecrets } from './seal';

/**
 * The IT policy: a JSON file at a well-known path that provisions managed connections and
 * locks settings. Everything is checked (sealed secrets included) before anything changes,
 * so a policy is applied whole or not at all.
 *
 * ```json
 * { "format": "skyhook-policy", "version": 1, "allowNewConnections": false, "cacheLimitMb": 2048,
 *   "connections": [
 *     { "id": "nature", "kind": "local", "name": "Nature library", "config": { "folder": "/srv/nature" } },
 *     { "id": "design-box", "profile": { "format": "skyhook-connection-profile", "version": 1, … } } ] }
 * ```
 * A `profile` entry is an exported `.skyhook` file's JSON; its sealed secrets are opened with
 * the passphrase the OS keychain holds for the entry's `id`.
 */
export const policyFormat = 'skyhook-policy';
export const policyVersion = 1;

const policyId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'use letters, digits, dot, dash or underscore (up to 64)');

const profileEntry = z.object({ id: policyId, profile: z.record(z.string(), z.unknown()) }).strict();
const inlineEntry = z
  .object({ id: policyId, kind: z.enum(connectionKindNames), name: z.string(), config: z.record(z.string(), z.unknown()) })
  .strict();
/** Either shape; told apart by `profile` so a mistake gets the message of the shape meant. */
const policyEntry = z.custom<z.infer<typeof profileEntry> | z.infer<typeof inlineEntry>>().superRefine((value, ctx) => {
  const shape = value !== null && typeof value === 'object' && 'profile' in value ? profileEntry : inlineEntry;
  for (const issue of shape.safeParse(value).error?.issues ?? [])
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
});

const policyDocument = z
  .object({
    format: z.literal(policyFormat),
    version: z.literal(policyVersion),
    allowNewConnections: z.boolean().optional(),
    cacheLimitMb: z.number().int().min(50).max(100_000).optional(),
    /** false: no file names are kept on this computer (name indexes off, and the switch locked). */
    keepNameIndex: z.boolean().optional(),
    /** false: files may not be uploaded back to any connection (delivery off and locked). */
    allowDelivery: z.boolean().optional(),
    connections: z.array(policyEntry).max(200).optional(),
  })
  .strict();

export interface PolicySource {
  file: string;
  /** The passphrase for a policy connection's sealed secrets (the OS keychain in the app). */
  passphrase(policyId: string): Promise<string | undefined>;
}

export interface ResolvedPolicy {
  file: string;
  allowNewConnections: boolean;
  cacheLimitMb?: number;
  keepNameIndex?: boolean;
  allowDelivery?: boolean;
  connections: ManagedInput[];
}

export type PolicyLoad = { status: 'absent' } | { status: 'invalid'; reason: string } | { status: 'valid'; policy: ResolvedPolicy };

/** Reads and fully resolves the policy; never throws. */
export async function loadPolicy(source: PolicySource): Promise<PolicyLoad> {
  // Owner, permissions and size are checked before a byte is parsed.
  const read = await readPolicyFile(source.file);
  if (read.status !== 'ok') return read;
  const text = read.text;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // The parser's message quotes the file; keep it out of the banner.
    return { status: 'invalid', reason: 'it is not valid JSON' };
  }
  const parsed = policyDocument.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { status: 'invalid', reason: `${issue?.message ?? 'invalid'}${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}` };
  }
  const ids = parsed.data.connections?.map((c) => c.id) ?? [];
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) return { status: 'invalid', reason: `the connection id "${duplicate}" is used twice` };

  const connections: ManagedInput[] = [];
  for (const entry of parsed.data.connections ?? []) {
    try {
      connections.push(await resolveEntry(entry, source));
    } catch (error) {
      return {
        status: 'invalid',
        reason: `connection "${entry.id}": ${error instanceof AppError ? error.message : 'it could not be read'}`,
      };
    }
  }
  return {
    status: 'valid',
    policy: {
      file: source.file,
      allowNewConnections: parsed.data.allowNewConnections ?? true,
      ...(parsed.data.cacheLimitMb !== undefined ? { cacheLimitMb: parsed.data.cacheLimitMb } : {}),
      ...(parsed.data.keepNameIndex !== undefined ? { keepNameIndex: parsed.data.keepNameIndex } : {}),
      ...(parsed.data.allowDelivery !== undefined ? { allowDelivery: parsed.data.allowDelivery } : {}),
      connections,
    },
  };
}

async function resolveEntry(entry: z.infer<typeof policyEntry>, source: PolicySource): Promise<ManagedInput> {
  if (!('profile' in entry)) {
    const connection = profileConnection.safeParse({ kind: entry.kind, name: entry.name, config: entry.config });
    if (!connection.success) {
      const issue = connection.error.issues[0];
      throw new AppError({
        code: 'policy_invalid',
        message: `${issue?.message ?? 'invalid'}${issue?.path.length ? ` (${issue.path.join('.')})` : ''}`,
      });
    }
    return { policyId: entry.id, ...connection.data, secrets: {} };
  }
  const { document, raw } = parseProfileValue(entry.profile);
  let secrets: Record<string, string> = {};
  if (document.sealed) {
    const passphrase = await source.passphrase(entry.id);
    if (!passphrase) {
      throw new AppError({
        code: 'policy_passphrase_missing',
        message: `its secrets are sealed, but no passphrase for "${entry.id}" is in the OS keychain`,
      });
    }
    secrets = await unsealSecrets(raw, document.sealed, passphrase).catch(() => {
      throw new AppError({
        code: 'policy_unseal_failed',
        message: 'the keychain passphrase does not open its sealed secrets (or the profile was changed)',
      });
    });
  }
  const { kind, name, config } = document.connection;
  return { policyId: entry.id, kind, name, config, secrets };
}

export interface PolicyTargets {
  registry: ConnectionRegistry;
  settings: SettingsStore;
  problems: StartupProblem[];
  log: Logger;
}

/**
 * Applies what `loadPolicy` found. No policy file: connections an earlier policy provisioned
 * are removed (the machine is no longer managed). A bad file: reported, nothing touched.
 */
export async function applyPolicy(load: PolicyLoad, file: string, t: PolicyTargets): Promise<PolicyInfo | undefined> {
  if (load.status === 'invalid') {
    t.log.warn('policy ignored', { file, reason: load.reason });
    t.problems.push({
      code: 'policy_invalid',
      message: `The IT policy ${file} was not applied: ${load.reason}.`,
      fix: 'Skyhook ignored the whole file and keeps working with the connections you have. Ask your IT team to correct it.',
    });
    return undefined;
  }
  const policy = load.status === 'valid' ? load.policy : undefined;
  try {
    await t.registry.provision(policy?.connections ?? []);
  } catch (error) {
    t.log.error('policy could not be applied', { file, error: error instanceof Error ? error.name : typeof error });
    t.problems.push({
      code: 'policy_invalid',
      message: `The IT policy ${file} was not applied: ${error instanceof AppError ? error.message : 'its connections could not be saved'}.`,
      fix: 'Restart Skyhook; if it keeps happening, tell your IT team.',
    });
    return undefined;
  }
  t.registry.setLocks({ allowNewConnections: policy?.allowNewConnections ?? true });
  if (!policy) return undefined;
  if (policy.cacheLimitMb !== undefined) t.settings.set('cacheLimitMb', policy.cacheLimitMb);
  return {
    file: policy.file,
    allowNewConnections: policy.allowNewConnections,
    ...(policy.cacheLimitMb !== undefined ? { cacheLimitMb: policy.cacheLimitMb } : {}),
    ...(policy.keepNameIndex !== undefined ? { keepNameIndex: policy.keepNameIndex } : {}),
    ...(policy.allowDelivery !== undefined ? { allowDelivery: policy.allowDelivery } : {}),
    managedConnections: policy.connections.length,
  };
}

/** Where IT puts the policy on each OS; `SKYHOOK_POLICY_FILE` overrides it (empty: no policy). */
export function policyFilePath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string | undefined {
  if (env.SKYHOOK_POLICY_FILE !== undefined) return env.SKYHOOK_POLICY_FILE || undefined;
  if (platform === 'win32') return `${env.ProgramData ?? 'C:\\ProgramData'}\\Skyhook\\policy.json`;
  if (platform === 'darwin') return '/Library/Application Support/Skyhook/policy.json';
  return '/etc/skyhook/policy.json';
}
