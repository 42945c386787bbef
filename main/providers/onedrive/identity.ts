import {
  ConfidentialClientApplication,
  LogLevel,
  PublicClientApplication,
  type AccountInfo,
  type AuthenticationResult,
  type Configuration,
} from '@azure/msal-node';
import type { ConfigOf } from '../../../preload/connection-kinds';
import type { MicrosoftHosts } from '../../http/endpoints';
import { AppError } from '../../shared/app-error';
import type { ProviderContext } from '../provider';
import { msalAuthority } from './authority';
import { identityError, needsSignInCode, type DiagnosisContext } from './diagnostics';
import { fetchNetworkModule } from './msal-network';
import { checkRegistration } from './registration-check';
import { signInWithClientSecret } from './sign-in-confidential';
import { signInWithMsalLoopback } from './sign-in-public';
import { confidentialRedirectUri, defaultConfidentialRedirectPort, publicRedirectUri, scopesFor } from './steps';
import { tokenCacheKey, vaultCachePlugin } from './token-cache';

type OneDriveConfig = ConfigOf<'onedrive'>;
type Client = { mode: 'public'; app: PublicClientApplication } | { mode: 'confidential'; app: ConfidentialClientApplication };

export interface IdentityDeps {
  config: OneDriveConfig;
  context: ProviderContext;
  hosts: MicrosoftHosts;
  diagnosis: DiagnosisContext;
  signInTimeoutMs: number;
}

export const missingSecretError = (): AppError =>
  new AppError({
    code: 'secret_missing',
    message: 'The client secret is not set.',
    fix: 'In Certificates & secrets select New client secret and paste its Value here, or switch to the recommended setup without a secret.',
    step: 'secret',
  });

/**
 * One connection's Microsoft identity: MSAL (public or confidential client), its token
 * cache in the vault, interactive sign-in, and silent tokens afterwards. MSAL runs in
 * main only: a token request from the renderer would carry an Origin header (AADSTS9002326).
 */
export class MicrosoftIdentity {
  private client: Promise<Client> | undefined;
  /**
   * Token calls run one at a time, so two searches never spend the same refresh token.
   * MSAL coalesces identical silent requests itself; this also covers a forced refresh
   * (after a 401) racing a normal one.
   */
  private tokenQueue: Promise<unknown> = Promise.resolve();
  private signInInFlight: AbortController | undefined;

  constructor(private readonly deps: IdentityDeps) {}

  /** The Mobile-and-desktop or Web redirect URI this connection uses. */
  get redirectUri(): string {
    const { config } = this.deps;
    return config.mode === 'public' ? publicRedirectUri : confidentialRedirectUri(config.redirectPort ?? defaultConfidentialRedirectPort);
  }

  async account(): Promise<AccountInfo | undefined> {
    const { app } = await this.getClient();
    const accounts = await app.getTokenCache().getAllAccounts();
    return accounts[0];
  }

  /** A Graph access token from the cache, refreshed silently when due (or when forced after a 401). */
  accessToken(forceRefresh = false): Promise<string> {
    return this.serialized(async () => {
      const account = await this.account().catch((error: unknown) => {
        throw identityError(error, this.deps.diagnosis);
      });
      if (!account) throw notSignedIn();
      const { app } = await this.getClient();
      try {
        const result = await app.acquireTokenSilent({ account, scopes: scopesFor(this.deps.config.delivery), forceRefresh });
        return result.accessToken;
      } catch (error) {
        const diagnosis = identityError(error, this.deps.diagnosis);
        // A dead refresh token will not come back: forget the account so the connection shows "Sign in".
        if (diagnosis.code === needsSignInCode || diagnosis.code === 'consent_required') {
          await app
            .getTokenCache()
            .removeAccount(account)
            .catch(() => undefined);
        }
        throw diagnosis;
      }
    });
  }

  /** Checks the app registration (client ID, tenant, redirect URI) without a user. */
  checkRegistration(signal: AbortSignal): Promise<void> {
    const { config, context, hosts, diagnosis } = this.deps;
    return checkRegistration({
      fetch: context.fetch,
      hosts,
      tenantId: config.tenantId,
      clientId: config.clientId,
      redirectUri: this.redirectUri,
      diagnosis,
      signal,
    });
  }

  /**
   * Interactive sign-in in the system browser. A second call cancels the first. On success
   * the new account replaces any other, which is how "switch account" works.
   */
  async signIn(signal: AbortSignal): Promise<string> {
    this.signInInFlight?.abort();
    const inFlight = new AbortController();
    this.signInInFlight = inFlight;
    const combined = AbortSignal.any([signal, inFlight.signal]);
    const { config, context, diagnosis } = this.deps;
    try {
      // Fail fast with the fix instead of sending the user to Microsoft's error page.
      await this.checkRegistration(combined);
      const client = await this.getClient();
      const scopes = [...scopesFor(config.delivery), 'offline_access'];
      const options = {
        openBrowser: (url: string) => context.openExternal(url),
        signal: combined,
        timeoutMs: this.deps.signInTimeoutMs,
        scopes,
      };
      let result: AuthenticationResult;
      if (client.mode === 'public') {
        result = await signInWithMsalLoopback(client.app, { ...options, fetch: context.fetch });
      } else {
        result = await signInWithClientSecret(client.app, { ...options, port: config.redirectPort ?? defaultConfidentialRedirectPort });
      }
      const account = result.account;
      if (!account)
        throw new AppError({
          code: 'sign_in_failed',
          message: 'Microsoft did not say who signed in.',
          fix: 'Sign in again.',
          step: 'sign-in',
        });
      const cache = client.app.getTokenCache();
      for (const other of await cache.getAllAccounts()) {
        if (other.homeAccountId !== account.homeAccountId) await cache.removeAccount(other);
      }
      context.log.info('onedrive sign-in complete', { connectionId: context.connectionId });
      return account.username;
    } catch (error) {
      throw identityError(error, diagnosis);
    } finally {
      if (this.signInInFlight === inFlight) this.signInInFlight = undefined;
    }
  }

  /** Forgets the account and every token: the vault entry goes, and so does MSAL's memory. */
  async signOut(): Promise<void> {
    this.signInInFlight?.abort();
    await this.serialized(async () => {
      try {
        const { app } = await this.getClient();
        const cache = app.getTokenCache();
        for (const account of await cache.getAllAccounts()) await cache.removeAccount(account);
      } catch {
        // No usable client (a missing secret, say): deleting the vault entry below is enough.
      }
      await this.deps.context.secrets.delete(tokenCacheKey);
      this.client = undefined;
    });
  }

  dispose(): void {
    this.signInInFlight?.abort();
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tokenQueue.then(task);
    this.tokenQueue = run.catch(() => undefined);
    return run;
  }

  private getClient(): Promise<Client> {
    this.client ??= this.createClient().catch((error: unknown) => {
      this.client = undefined;
      throw error;
    });
    return this.client;
  }

  private async createClient(): Promise<Client> {
    const { config, context, hosts } = this.deps;
    const configuration: Configuration = {
      auth: { clientId: config.clientId, ...msalAuthority(hosts, config.tenantId) },
      cache: { cachePlugin: vaultCachePlugin(context.secrets) },
      system: {
        networkClient: fetchNetworkModule(context.fetch),
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: LogLevel.Warning,
          loggerCallback: (level, message) => {
            if (level <= LogLevel.Warning) context.log.warn('msal', { connectionId: context.connectionId, message: message.slice(0, 500) });
          },
        },
      },
    };
    if (config.mode === 'public') return { mode: 'public', app: new PublicClientApplication(configuration) };
    const clientSecret = await context.secrets.get('clientSecret');
    if (!clientSecret) throw missingSecretError();
    return {
      mode: 'confidential',
      app: new ConfidentialClientApplication({ ...configuration, auth: { ...configuration.auth, clientSecret } }),
    };
  }
}

function notSignedIn(): AppError {
  return new AppError({
    code: needsSignInCode,
    message: 'Sign in to this OneDrive connection to search it.',
    fix: 'Select Sign in next to the connection.',
    step: 'sign-in',
  });
}
