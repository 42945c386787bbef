import { BoxCcgAuth, BoxOAuth, CcgConfig, OAuthConfig } from 'box-node-sdk';
import type { ProviderFactory } from '../provider';
import { connectBox, fingerprint, readSecret } from './box-connection';
import { boxProvider } from './box-provider';
import { JwtAssertionAuth, loadPrivateKey } from './jwt-auth';
import { oauthSignIn } from './oauth-sign-in';
import { VaultTokenStorage } from './token-keeper';

export { parseBoxConfigJson } from './jwt-config-file';

/** Vault names for tokens (the connection's secrets use the names in connection-kinds.ts). */
const serverTokenName = 'box.token';
const oauthTokenName = 'box.oauth.tokens';

/** Client Credentials Grant: the service account (enterprise subject) or one user. */
export const boxCcgProvider: ProviderFactory<'box-ccg'> = ({ config, context }) => {
  const connection = connectBox({
    context,
    diagnostics: { mode: 'ccg', subjectType: config.subjectType, subjectId: config.subjectId, folderId: config.folderId },
    interactive: false,
    async setup() {
      const clientSecret = await readSecret(context, 'clientSecret', 'ccg', 'Client secret');
      const storage = new VaultTokenStorage(
        context.secrets,
        serverTokenName,
        fingerprint('ccg', context.endpoints.boxApi, config.clientId, config.subjectType, config.subjectId, clientSecret),
      );
      const subject = config.subjectType === 'user' ? { userId: config.subjectId } : { enterpriseId: config.subjectId };
      const auth = new BoxCcgAuth({
        config: new CcgConfig({ clientId: config.clientId, clientSecret, ...subject, tokenStorage: storage }),
      });
      return { storage, auth };
    },
  });
  return boxProvider(connection, { mode: 'ccg', subjectType: config.subjectType, folderId: config.folderId }, undefined, config);
};

/** JWT server authentication with the app's key pair from config.json, as the service account. */
export const boxJwtProvider: ProviderFactory<'box-jwt'> = ({ config, context }) => {
  const connection = connectBox({
    context,
    diagnostics: {
      mode: 'jwt',
      subjectType: 'enterprise',
      subjectId: config.enterpriseId,
      folderId: config.folderId,
      publicKeyId: config.publicKeyId,
    },
    interactive: false,
    async setup() {
      const clientSecret = await readSecret(context, 'clientSecret', 'jwt', 'client secret');
      const privateKeyPem = await readSecret(context, 'privateKey', 'jwt', 'private key');
      const passphrase = (await context.secrets.get('passphrase')) ?? '';
      const storage = new VaultTokenStorage(
        context.secrets,
        serverTokenName,
        fingerprint('jwt', context.endpoints.boxApi, config.clientId, config.enterpriseId, config.publicKeyId, clientSecret, privateKeyPem),
      );
      const auth = new JwtAssertionAuth({
        clientId: config.clientId,
        clientSecret,
        publicKeyId: config.publicKeyId,
        enterpriseId: config.enterpriseId,
        privateKey: loadPrivateKey(privateKeyPem, passphrase, 'config-file'),
        audience: `${context.endpoints.boxApi}/oauth2/token`,
        storage,
      });
      return { storage, auth };
    },
  });
  return boxProvider(connection, { mode: 'jwt', subjectType: 'enterprise', folderId: config.folderId }, undefined, config);
};

/** OAuth 2.0 (3-legged): each person signs in; refresh tokens rotate under a lock. */
export const boxOAuthProvider: ProviderFactory<'box-oauth'> = ({ config, context }) => {
  const connection = connectBox<BoxOAuth>({
    context,
    diagnostics: { mode: 'oauth', folderId: config.folderId },
    interactive: true,
    async setup() {
      const clientSecret = await readSecret(context, 'clientSecret', 'oauth', 'Client secret');
      // Tokens belong to the person who signed in, not to the secret: a new secret keeps them.
      const storage = new VaultTokenStorage(
        context.secrets,
        oauthTokenName,
        fingerprint('oauth', context.endpoints.boxApi, config.clientId),
      );
      const auth = new BoxOAuth({ config: new OAuthConfig({ clientId: config.clientId, clientSecret, tokenStorage: storage }) });
      return { storage, auth };
    },
  });
  return boxProvider(connection, { mode: 'oauth', folderId: config.folderId }, oauthSignIn(connection, config), config);
};
