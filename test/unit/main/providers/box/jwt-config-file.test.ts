import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseBoxConfigJson } from '../../../../../main/providers/box';
import { AppError } from '../../../../../main/shared/app-error';

const passphrase = 'correct horse battery';
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

function configJson(
  overrides: { appAuth?: Record<string, unknown>; settings?: Record<string, unknown>; enterpriseID?: unknown } = {},
): string {
  return JSON.stringify({
    boxAppSettings: {
      clientID: 'abc123clientid',
      clientSecret: 'the-client-secret',
      appAuth: { publicKeyID: 'k1d2e3f4', privateKey, passphrase, ...overrides.appAuth },
      ...overrides.settings,
    },
    enterpriseID: 'enterpriseID' in overrides ? overrides.enterpriseID : '1234567',
  });
}

function parseError(text: string): AppError {
  try {
    parseBoxConfigJson(text);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a failure');
}

describe('parseBoxConfigJson', () => {
  it('splits a Developer Console config.json into settings and vault secrets', () => {
    const parsed = parseBoxConfigJson(configJson());
    expect(parsed.config).toEqual({ clientId: 'abc123clientid', publicKeyId: 'k1d2e3f4', enterpriseId: '1234567' });
    expect(parsed.secrets).toEqual({ clientSecret: 'the-client-secret', privateKey, passphrase });
    expect(parsed.found).toEqual(['Client ID', 'Client secret', 'Public key ID', 'Private key', 'Passphrase', 'Enterprise ID']);
  });

  it('accepts a byte-order mark and a numeric enterprise ID', () => {
    expect(parseBoxConfigJson('\uFEFF' + configJson({ enterpriseID: 1234567 })).config.enterpriseId).toBe('1234567');
  });

  it('rejects text that is not JSON, and JSON that is not a Box config', () => {
    expect(parseError('not json')).toMatchObject({ code: 'config_file_invalid', step: 'config-file' });
    expect(parseError('{"installed":{}}')).toMatchObject({ code: 'config_file_invalid', step: 'config-file' });
  });

  it('names the missing key fields and sends the admin to generate a key pair', () => {
    const error = parseError(configJson({ appAuth: { publicKeyID: '', privateKey: '' } }));
    expect(error).toMatchObject({ code: 'config_file_incomplete', step: 'keypair' });
    expect(error.message).toContain('missing: Public key ID, Private key');
    expect(error.message).toContain('Found: Client ID, Client secret, Passphrase, Enterprise ID');
    expect(error.fix).toContain('Generate a Public/Private Keypair');
  });

  it('names a missing enterprise ID', () => {
    const error = parseError(configJson({ enterpriseID: undefined }));
    expect(error).toMatchObject({ code: 'config_file_incomplete', step: 'config-file' });
    expect(error.message).toContain('missing: Enterprise ID');
  });

  it('names a missing client secret', () => {
    const error = parseError(configJson({ settings: { clientSecret: '' } }));
    expect(error.message).toContain('missing: Client secret');
  });

  it('refuses a key the passphrase does not open, at import time', () => {
    expect(parseError(configJson({ appAuth: { passphrase: 'wrong' } }))).toMatchObject({ code: 'jwt_private_key', step: 'config-file' });
  });

  it('refuses a private key that is not a PEM key', () => {
    expect(parseError(configJson({ appAuth: { privateKey: 'ssh-rsa AAAA' } }))).toMatchObject({ code: 'config_file_invalid' });
  });

  it('never puts a secret in an error', () => {
    const errors = [
      parseError(configJson({ appAuth: { passphrase: 'wrong' } })),
      parseError(configJson({ appAuth: { publicKeyID: '' } })),
      parseError(configJson({ enterpriseID: 'abc' })),
    ];
    for (const error of errors) {
      const text = JSON.stringify(error.toShape());
      expect(text).not.toContain('the-client-secret');
      expect(text).not.toContain(passphrase);
      expect(text).not.toContain('PRIVATE KEY');
    }
  });
});
