import { boxJwtConfig, boxJwtSecrets, type ConfigOf, type SecretsOf } from '../../../preload/connection-kinds';
import { AppError } from '../../shared/app-error';
import { loadPrivateKey } from './jwt-auth';

export interface ParsedBoxConfig {
  config: ConfigOf<'box-jwt'>;
  secrets: SecretsOf<'box-jwt'>;
  /** Labels of the fields found (never their values), for the wizard to show. */
  found: string[];
}

const step = 'config-file';

interface Field {
  label: string;
  read: (json: Record<string, unknown>) => unknown;
}

const at =
  (...path: string[]) =>
  (json: Record<string, unknown>): unknown =>
    path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), json);

const fields = {
  clientId: { label: 'Client ID', read: at('boxAppSettings', 'clientID') },
  clientSecret: { label: 'Client secret', read: at('boxAppSettings', 'clientSecret') },
  publicKeyId: { label: 'Public key ID', read: at('boxAppSettings', 'appAuth', 'publicKeyID') },
  privateKey: { label: 'Private key', read: at('boxAppSettings', 'appAuth', 'privateKey') },
  passphrase: { label: 'Passphrase', read: at('boxAppSettings', 'appAuth', 'passphrase') },
  enterpriseId: { label: 'Enterprise ID', read: at('enterpriseID') },
} satisfies Record<string, Field>;

type FieldName = keyof typeof fields;

/**
 * Reads the config.json that the Box Developer Console downloads with "Generate a
 * Public/Private Keypair" and splits it into settings and vault secrets. Errors name the
 * missing fields and how to get a complete file, never a value.
 */
export function parseBoxConfigJson(text: string): ParsedBoxConfig {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw invalid('This file is not valid JSON, so it is not the config.json from the Box Developer Console.');
  }
  if (!json || typeof json !== 'object' || !('boxAppSettings' in json)) {
    throw invalid('This file has no "boxAppSettings": it is not a Box app config.json.');
  }
  const record = json as Record<string, unknown>;
  const values = {} as Record<FieldName, string>;
  const found: string[] = [];
  const missing: FieldName[] = [];
  for (const [name, field] of Object.entries(fields) as Array<[FieldName, Field]>) {
    const raw = field.read(record);
    const value = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : '';
    values[name] = value;
    // An empty passphrase is legitimate for an unencrypted key; every other field must have a value.
    if (value || (name === 'passphrase' && typeof raw === 'string')) found.push(field.label);
    else missing.push(name);
  }
  if (missing.length) throw incomplete(missing, found);

  if (!/-----BEGIN (ENCRYPTED |RSA )?PRIVATE KEY-----/.test(values.privateKey)) {
    throw invalid('The private key in this config.json is not a PEM private key.');
  }
  // Fails here, at import, when the passphrase does not open the key: better than at the first search.
  loadPrivateKey(values.privateKey, values.passphrase, step);

  const config = boxJwtConfig.safeParse({ clientId: values.clientId, publicKeyId: values.publicKeyId, enterpriseId: values.enterpriseId });
  const secrets = boxJwtSecrets.safeParse({
    clientSecret: values.clientSecret,
    privateKey: values.privateKey,
    passphrase: values.passphrase,
  });
  if (!config.success) throw invalid(config.error.issues[0]?.message ?? 'The app settings in this config.json are not valid.');
  if (!secrets.success) throw invalid(secrets.error.issues[0]?.message ?? 'The secrets in this config.json are not valid.');
  return { config: config.data, secrets: secrets.data, found };
}

function invalid(message: string): AppError {
  return new AppError({
    code: 'config_file_invalid',
    message,
    fix: "In the Developer Console open the app's Configuration tab, choose Generate a Public/Private Keypair under Add and Manage Public Keys, and import the config.json that downloads.",
    step,
  });
}

function incomplete(missing: FieldName[], found: string[]): AppError {
  const labels = missing.map((name) => fields[name].label);
  const keyMissing = missing.some((name) => name === 'publicKeyId' || name === 'privateKey');
  const fix = keyMissing
    ? "This config.json was downloaded without a key pair. On the app's Configuration tab choose Generate a Public/Private Keypair under Add and Manage Public Keys (it needs two-factor authentication on your Box account) and import the config.json that downloads."
    : missing.includes('enterpriseId')
      ? 'Download the config.json again after your admin has authorized the app, and import it.'
      : "Download the app's config.json again from the Developer Console and import it unchanged.";
  return new AppError({
    code: 'config_file_incomplete',
    message: `This config.json is missing: ${labels.join(', ')}.${found.length ? ` Found: ${found.join(', ')}.` : ''}`,
    fix,
    step: keyMissing ? 'keypair' : step,
  });
}
