import type { StepId } from '../../../preload/connection-kinds';
import { createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { TokenStorage } from 'box-node-sdk/box';
import { AuthorizationManager } from 'box-node-sdk/managers';
import type { Authentication, NetworkSession } from 'box-node-sdk/networking';
import type { AccessToken } from 'box-node-sdk/schemas';
import { AppError } from '../../shared/app-error';

export interface JwtAuthSettings {
  clientId: string;
  clientSecret: string;
  publicKeyId: string;
  enterpriseId: string;
  privateKey: KeyObject;
  /** Box checks `aud` against its own token URL: `${boxApi}/oauth2/token`. */
  audience: string;
  storage: TokenStorage;
}

/** Box accepts at most 60 s between issue and expiry; 30 s leaves room for clock drift. */
const assertionLifetimeSeconds = 30;

/**
 * JWT server authentication. The SDK's BoxJwtAuth cannot be used: it fixes `aud` to
 * https://api.box.com/oauth2/token (so a configured API host, a proxy or a test server
 * rejects it) and its signer drops the `kid` header, which Box needs to pick the app's
 * key once a second key pair exists. The assertion is signed here with `jose`; the token
 * request itself still goes through the SDK's AuthorizationManager and our network client.
 */
export class JwtAssertionAuth implements Authentication {
  constructor(private readonly settings: JwtAuthSettings) {}

  async refreshToken(networkSession?: NetworkSession): Promise<AccessToken> {
    const { clientId, clientSecret, storage } = this.settings;
    const assertion = await this.assertion();
    const token = await new AuthorizationManager({ networkSession }).requestAccessToken({
      grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion,
      clientId,
      clientSecret,
    });
    await storage.store(token);
    return token;
  }

  async retrieveToken(networkSession?: NetworkSession): Promise<AccessToken> {
    return (await this.settings.storage.get()) ?? this.refreshToken(networkSession);
  }

  async retrieveAuthorizationHeader(networkSession?: NetworkSession): Promise<string> {
    return `Bearer ${(await this.retrieveToken(networkSession)).accessToken}`;
  }

  async revokeToken(networkSession?: NetworkSession): Promise<undefined> {
    const token = await this.settings.storage.get();
    if (token?.accessToken) {
      await new AuthorizationManager({ networkSession }).revokeAccessToken({
        clientId: this.settings.clientId,
        clientSecret: this.settings.clientSecret,
        token: token.accessToken,
      });
    }
    await this.settings.storage.clear();
    return undefined;
  }

  downscopeToken(): Promise<AccessToken> {
    return Promise.reject(new AppError({ code: 'not_supported', message: 'Skyhook does not downscope Box tokens.' }));
  }

  private assertion(): Promise<string> {
    const { clientId, enterpriseId, publicKeyId, privateKey, audience } = this.settings;
    const now = Math.floor(Date.now() / 1000);
    return (
      new SignJWT({ box_sub_type: 'enterprise' })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: publicKeyId })
        .setIssuer(clientId)
        .setSubject(enterpriseId)
        .setAudience(audience)
        // Box wants a unique jti of 16–128 characters; 32 random bytes make 43.
        .setJti(randomBytes(32).toString('base64url'))
        .setIssuedAt(now)
        .setExpirationTime(now + assertionLifetimeSeconds)
        .sign(privateKey)
    );
  }
}

/**
 * Opens the private key from config.json. Box's Developer Console writes an encrypted
 * PKCS#8 PEM plus its passphrase; Node decrypts it directly.
 */
export function loadPrivateKey(pem: string, passphrase: string, step: StepId): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: 'pem', ...(passphrase ? { passphrase } : {}) });
  } catch (error) {
    throw new AppError(
      {
        code: 'jwt_private_key',
        message: 'The private key from config.json cannot be opened: the passphrase is wrong or the key is damaged.',
        fix: "Import the app's config.json again, exactly as the Developer Console downloaded it.",
        step,
      },
      { cause: error },
    );
  }
}
