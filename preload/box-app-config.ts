import { z } from 'zod';
import type { ConfigOf, SecretsOf } from './connection-kinds';

/**
 * The config.json Box's Developer Console downloads with a JWT key pair. Parsed where the
 * file is picked; main validates the resulting draft again like any other.
 */
const boxAppConfigFile = z.object({
  boxAppSettings: z.object({
    clientID: z.string().min(1),
    clientSecret: z.string().min(1),
    appAuth: z.object({
      publicKeyID: z.string().min(1),
      privateKey: z.string().includes('PRIVATE KEY'),
      passphrase: z.string().optional(),
    }),
  }),
  enterpriseID: z.union([z.string(), z.number()]).transform(String),
});

export interface ParsedBoxAppConfig {
  config: ConfigOf<'box-jwt'>;
  secrets: SecretsOf<'box-jwt'>;
  /** The fields found, named as the Developer Console names them. */
  found: string[];
}

export function parseBoxAppConfig(text: string): { ok: true; value: ParsedBoxAppConfig } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'This is not a JSON file. Choose the config.json Box downloaded when you generated the key pair.' };
  }
  const parsed = boxAppConfigFile.safeParse(json);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    return {
      ok: false,
      error: `This config.json is missing ${missing}. Generate the key pair again (Configuration › Add and Manage Public Keys) and import the new file.`,
    };
  }
  const { boxAppSettings: app, enterpriseID } = parsed.data;
  const secrets: SecretsOf<'box-jwt'> = { clientSecret: app.clientSecret, privateKey: app.appAuth.privateKey };
  if (app.appAuth.passphrase) secrets.passphrase = app.appAuth.passphrase;
  return {
    ok: true,
    value: {
      config: { clientId: app.clientID, publicKeyId: app.appAuth.publicKeyID, enterpriseId: enterpriseID },
      secrets,
      found: ['Client ID', 'Client secret', 'Public key ID', 'Private key', ...(app.appAuth.passphrase ? ['Passphrase'] : []), 'Enterprise ID'],
    },
  };
}
