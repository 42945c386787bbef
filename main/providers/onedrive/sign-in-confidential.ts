import { randomBytes } from 'node:crypto';
import { CryptoProvider, type AuthenticationResult, type ConfidentialClientApplication } from '@azure/msal-node';
import { startLoopbackListener, type LoopbackListener, type LoopbackOptions } from '../../oauth/loopback-listener';
import { AppError, cancelledError } from '../../shared/app-error';
import { aadstsCodeIn } from './diagnostics';
import { signInTimeoutError, type InteractiveOptions } from './sign-in-public';
import { confidentialCallback, confidentialRedirectUri, signInScopes } from './steps';

export interface ConfidentialOptions extends Omit<InteractiveOptions, 'fetch'> {
  port: number;
}

/** The AADSTS code inside a refused redirect, so diagnostics can name the step. */
export class AuthorizeRefusal extends Error {
  constructor(readonly aadsts: number | undefined) {
    super(aadsts ? `AADSTS${aadsts}` : 'The sign-in was refused.');
    this.name = 'AuthorizeRefusal';
  }
}

/**
 * The seed document's setup: a Web-platform app with a client secret. The redirect comes
 * back to our own loopback listener on the fixed port the admin registered, checked
 * against a random state; PKCE binds the code to this sign-in; MSAL redeems it with the secret.
 */
export async function signInWithClientSecret(
  app: ConfidentialClientApplication,
  options: ConfidentialOptions,
): Promise<AuthenticationResult> {
  const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
  const state = randomBytes(24).toString('base64url');
  const redirectUri = confidentialRedirectUri(options.port);
  const { port, path } = confidentialCallback(options.port);

  // The redirect URI says localhost (the Azure portal's rule for http): hold both loopbacks.
  const listener = await listen({
    port,
    path,
    expectedState: state,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    bothLoopbacks: true,
  });
  try {
    const url = await app.getAuthCodeUrl({
      scopes: options.scopes ?? signInScopes,
      redirectUri,
      responseMode: 'form_post',
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      state,
      prompt: 'select_account',
    });
    await options.openBrowser(url);
    let params: URLSearchParams;
    try {
      params = await listener.result;
    } catch (error) {
      if (error instanceof AppError && error.code === 'sign_in_refused') throw new AuthorizeRefusal(aadstsCodeIn(error.message));
      if (error instanceof AppError && error.code === 'sign_in_timeout') throw signInTimeoutError(options.timeoutMs);
      if (options.signal.aborted) throw cancelledError();
      throw error;
    }
    const code = params.get('code');
    if (!code) throw new AuthorizeRefusal(undefined);
    const clientInfo = params.get('client_info');
    return await app.acquireTokenByCode({
      code,
      scopes: options.scopes ?? signInScopes,
      redirectUri,
      codeVerifier: verifier,
      ...(clientInfo ? { clientInfo } : {}),
    });
  } finally {
    await listener.close();
  }
}

/** Our loopback listener, with a port clash worded for the Azure portal's Web redirect URI. */
async function listen(options: LoopbackOptions): Promise<LoopbackListener> {
  try {
    return await startLoopbackListener(options);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'port_in_use') throw error;
    throw new AppError(
      {
        code: 'port_in_use',
        message: `Port ${options.port} on this computer is in use by another program, so the sign-in cannot come back to Skyhook.`,
        fix: `Close the program using port ${options.port}, or choose another port in the wizard and register the new redirect URI it shows under Authentication → Web.`,
        step: 'redirect',
      },
      { cause: error },
    );
  }
}
