import { createHash, randomBytes } from 'node:crypto';
import type { BoxOAuth } from 'box-node-sdk/box';
import type { AccessToken } from 'box-node-sdk/schemas';
import { AuthorizationManager } from 'box-node-sdk/managers';
import type { ConfigOf } from '../../../preload/connection-kinds';
import { boxCallbackPath, boxRedirectUri } from '../../../preload/redirect-uris';
import { startLoopbackListener } from '../../oauth/loopback-listener';
import { AppError } from '../../shared/app-error';
import type { ProviderAuth } from '../provider';
import type { BoxConnection } from './box-connection';

export const signInTimeoutMs = 5 * 60_000;
/** Who signed in, shown beside the connection. Tokens live in the TokenKeeper's record. */
export const accountSecretName = 'box.oauth.account';

/**
 * The SDK's getAuthorizeUrl always points at https://account.box.com, whatever the base
 * URLs say, so the URL is built here from the configured account host.
 */
export function buildAuthorizeUrl(
  accountBase: string,
  clientId: string,
  redirectUri: string,
  state: string,
  codeChallenge: string,
): string {
  const url = new URL(`${accountBase}/api/oauth2/authorize`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

/** PKCE (RFC 7636): a random verifier kept in memory and its S256 challenge for the authorize URL. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * Redeems the code with its PKCE verifier. The SDK's getTokensAuthorizationCodeGrant cannot
 * send `code_verifier`, so this is the one token request made here; it goes through BoxHttp
 * like every other, so errors are diagnosed the same way.
 */
async function redeemCode(
  connection: BoxConnection<BoxOAuth>,
  auth: BoxOAuth,
  code: string,
  verifier: string,
  signal: AbortSignal,
): Promise<AccessToken> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    client_id: auth.config.clientId,
    client_secret: auth.config.clientSecret,
    code_verifier: verifier,
  });
  const response = await connection.http.send({
    url: `${connection.context.endpoints.boxApi}/oauth2/token`,
    method: 'POST',
    body: body.toString(),
    operation: 'token',
    grant: 'authorization_code',
    signal,
  });
  const token = (await response.json()) as { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown };
  return {
    ...(typeof token.access_token === 'string' ? { accessToken: token.access_token } : {}),
    ...(typeof token.refresh_token === 'string' ? { refreshToken: token.refresh_token } : {}),
    ...(typeof token.expires_in === 'number' ? { expiresIn: token.expires_in } : {}),
    tokenType: 'bearer',
  };
}

/** Per-user sign-in for a Box OAuth 2.0 connection: system browser, loopback redirect, vault. */
export function oauthSignIn(connection: BoxConnection<BoxOAuth>, config: ConfigOf<'box-oauth'>): ProviderAuth {
  const { keeper, client, context, session } = connection;

  const signIn = async (signal: AbortSignal): Promise<string> => {
    const state = randomBytes(24).toString('base64url');
    const pkce = pkcePair();
    const listener = await startLoopbackListener({
      port: config.redirectPort,
      path: boxCallbackPath,
      expectedState: state,
      timeoutMs: signInTimeoutMs,
      signal,
    }).catch((error: unknown) => {
      throw withStep(error, config.redirectPort);
    });
    try {
      await context.openExternal(
        buildAuthorizeUrl(context.endpoints.boxAccount, config.clientId, listener.redirectUri, state, pkce.challenge),
      );
      const params = await listener.result.catch((error: unknown) => {
        throw withStep(error, config.redirectPort);
      });
      const code = params.get('code');
      if (!code) {
        throw new AppError({
          code: 'sign_in_failed',
          message: 'Box came back without a sign-in code.',
          fix: 'Sign in again.',
          step: 'sign-in',
        });
      }
      // Box codes live 30 seconds: exchange at once, under the token lock like any refresh.
      await keeper.locked(async () => {
        const { auth, storage } = await keeper.setup();
        await storage.store(await redeemCode(connection, auth, code, pkce.verifier, signal));
      });
      const me = await client.users.getUserMe({ fields: ['name', 'login'] }, undefined, signal);
      const account = me.login ?? me.name ?? me.id;
      await context.secrets.set(accountSecretName, account);
      return account;
    } finally {
      await listener.close();
    }
  };

  return {
    async state() {
      const setup = await keeper.setup().catch(() => undefined);
      const record = await setup?.storage.read();
      if (!record?.refreshToken) return { state: 'needs-sign-in' };
      const account = await context.secrets.get(accountSecretName);
      return { state: 'signed-in', ...(account ? { account } : {}) };
    },
    signIn,
    async signOut() {
      await keeper.locked(async () => {
        const { auth, storage } = await keeper.setup();
        const record = await storage.read();
        if (record) {
          // Revoke the refresh token, not just the access token as the SDK's revokeToken does:
          // it is the long-lived credential, and revoking it ends the whole grant.
          await new AuthorizationManager({ networkSession: session })
            .revokeAccessToken({
              clientId: auth.config.clientId,
              clientSecret: auth.config.clientSecret,
              token: record.refreshToken ?? record.accessToken,
            })
            .catch((error: unknown) => {
              context.log.warn('Box sign-out could not revoke the token', {
                connectionId: context.connectionId,
                code: error instanceof AppError ? error.code : 'unknown',
              });
            });
        }
        await storage.clear();
        await context.secrets.delete(accountSecretName);
      });
    },
  };
}

/** Loopback errors are generic; here we know which wizard step fixes them. */
export function withStep(error: unknown, port: number): unknown {
  if (!(error instanceof AppError)) return error;
  switch (error.code) {
    case 'port_in_use':
      return new AppError({ ...error.toShape(), step: 'redirect' }, { cause: error });
    case 'sign_in_timeout':
      return new AppError(
        {
          ...error.toShape(),
          fix: `Sign in again and finish within 5 minutes. If Box showed an error about the redirect URI, add ${boxRedirectUri(port)} under OAuth 2.0 Redirect URIs on the app's Configuration tab.`,
          step: 'redirect',
        },
        { cause: error },
      );
    case 'sign_in_refused':
      return new AppError({ ...error.toShape(), step: 'sign-in' }, { cause: error });
    default:
      return error;
  }
}
