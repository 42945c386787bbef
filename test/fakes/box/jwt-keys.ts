import { createHash, generateKeyPairSync } from 'node:crypto';
import type { FakeApp } from './state';

export interface JwtKeyPair {
  publicKeyPem: string;
  /** Encrypted PKCS#8, as in the config.json Box's Developer Console downloads. */
  privateKeyPem: string;
  passphrase: string;
  /** What Box shows as the public key ID (8 characters). */
  publicKeyId: string;
}

/** A fresh RSA key pair for a JWT app, made at test time (never checked in). */
export function generateJwtKeyPair(passphrase = 'test-passphrase-' + Math.random().toString(36).slice(2)): JwtKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase },
  });
  const publicKeyId = createHash('sha256').update(publicKey).digest('hex').slice(0, 8);
  return { publicKeyPem: publicKey, privateKeyPem: privateKey, passphrase, publicKeyId };
}

/** The config.json "Generate a Public/Private Keypair" downloads, for this app and key. */
export function boxConfigJson(app: Pick<FakeApp, 'clientId' | 'clientSecret' | 'enterpriseId'>, key: JwtKeyPair): string {
  return JSON.stringify(
    {
      boxAppSettings: {
        clientID: app.clientId,
        clientSecret: app.clientSecret,
        appAuth: { publicKeyID: key.publicKeyId, privateKey: key.privateKeyPem, passphrase: key.passphrase },
      },
      enterpriseID: app.enterpriseId,
      webhooks: { primaryKey: '', secondaryKey: '' },
    },
    null,
    2,
  );
}
