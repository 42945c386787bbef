import { errorCodes } from '../../../preload/contract';
import type { TokenStorage } from 'box-node-sdk/box';
import type { Authentication, NetworkSession } from 'box-node-sdk/networking';
import type { AccessToken } from 'box-node-sdk/schemas';
import { AppError } from '../../shared/app-error';
import type { SecretStore } from '../../vault/vault';
import { needsSignIn, unexpectedResponse } from './diagnostics';

/** Renew this long before Box's expiry, so a token never dies in the middle of a request. */
const refreshMarginMs = 60_000;
/** A token renewed by someone else while we waited is used if it has at least this long left. */
const usableMarginMs = 5_000;

interface StoredToken {
  accessToken: string;
  refreshToken?: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Which credentials the token was issued for (see VaultTokenStorage). */
  fingerprint: string;
}

/**
 * The SDK's TokenStorage, kept in the vault. Each record carries a fingerprint of the
 * credentials it was issued for, so editing the client secret or the enterprise ID makes
 * the old token invisible instead of silently reused.
 */
export class VaultTokenStorage implements TokenStorage {
  constructor(
    private readonly secrets: SecretStore,
    private readonly name: string,
    private readonly fingerprint: string,
    private readonly now: () => number = Date.now,
  ) {}

  async store(token: AccessToken): Promise<undefined> {
    if (!token.accessToken) throw unexpectedResponse(new Error('Token response without access_token.'));
    const record: StoredToken = {
      accessToken: token.accessToken,
      ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
      expiresAt: this.now() + (token.expiresIn ?? 3600) * 1000,
      fingerprint: this.fingerprint,
    };
    await this.secrets.set(this.name, JSON.stringify(record));
    return undefined;
  }

  async read(): Promise<StoredToken | undefined> {
    const raw = await this.secrets.get(this.name);
    if (!raw) return undefined;
    try {
      const record = JSON.parse(raw) as StoredToken;
      return record.fingerprint === this.fingerprint && typeof record.accessToken === 'string' ? record : undefined;
    } catch {
      return undefined;
    }
  }

  async get(): Promise<AccessToken | undefined> {
    const record = await this.read();
    return record && this.toAccessToken(record);
  }

  async clear(): Promise<undefined> {
    await this.secrets.delete(this.name);
    return undefined;
  }

  toAccessToken(record: StoredToken): AccessToken {
    return {
      accessToken: record.accessToken,
      refreshToken: record.refreshToken,
      expiresIn: Math.max(0, Math.floor((record.expiresAt - this.now()) / 1000)),
      tokenType: 'bearer',
    };
  }

  /** Far enough from expiry to use without renewing. */
  fresh(record: StoredToken): boolean {
    return record.expiresAt - this.now() > refreshMarginMs;
  }

  /** Not expired yet: good enough when another caller has just renewed it. */
  usable(record: StoredToken): boolean {
    return record.expiresAt - this.now() > usableMarginMs;
  }
}

export interface KeeperSetup<A extends Authentication> {
  storage: VaultTokenStorage;
  /** The SDK authentication that asks Box for a new token and writes it to `storage`. */
  auth: A;
}

export interface TokenKeeperOptions<A extends Authentication> {
  /** One lock per connection: Box refresh tokens are single use. */
  lockKey: string;
  session: () => NetworkSession;
  /** Reads the secrets from the vault and builds the SDK authentication (once). */
  setup: () => Promise<KeeperSetup<A>>;
  /** OAuth: without a stored refresh token the answer is "sign in", not a token request. */
  interactive: boolean;
}

const locks = new Map<string, Promise<unknown>>();

/** Runs `task` after every earlier task under the same key (an in-process promise chain). */
export function withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = locks.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  locks.set(key, tail);
  void tail.then(() => {
    if (locks.get(key) === tail) locks.delete(key);
  });
  return run;
}

/**
 * The Authentication the SDK client and our own requests use. It reuses the stored token
 * until it nears expiry, and renews under a per-connection lock: the lock holder re-reads
 * the stored token first (someone else may have renewed it while we waited), and only
 * then asks Box; the SDK auth persists the new token before it is returned and used
 * (rclone's reReadToken pattern, needed because a Box refresh token works only once).
 */
export class TokenKeeper<A extends Authentication = Authentication> implements Authentication {
  private ready: Promise<KeeperSetup<A>> | undefined;

  constructor(private readonly options: TokenKeeperOptions<A>) {}

  setup(): Promise<KeeperSetup<A>> {
    this.ready ??= this.options.setup().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async retrieveToken(networkSession?: NetworkSession): Promise<AccessToken> {
    const { storage } = await this.setup();
    const current = await storage.read();
    if (current && storage.fresh(current)) return storage.toAccessToken(current);
    return this.renew(current?.accessToken, networkSession);
  }

  async refreshToken(networkSession?: NetworkSession): Promise<AccessToken> {
    const { storage } = await this.setup();
    const current = await storage.read();
    return this.renew(current?.accessToken, networkSession);
  }

  /** Box answered 401 to `token`: renew unless another request already did. */
  async renewRejected(token: string, networkSession?: NetworkSession): Promise<void> {
    await this.renew(token, networkSession);
  }

  async retrieveAuthorizationHeader(networkSession?: NetworkSession): Promise<string> {
    const token = await this.retrieveToken(networkSession);
    return `Bearer ${token.accessToken}`;
  }

  async revokeToken(networkSession?: NetworkSession): Promise<undefined> {
    const { auth, storage } = await this.setup();
    try {
      await auth.revokeToken(networkSession ?? this.options.session());
    } finally {
      await storage.clear();
    }
    return undefined;
  }

  downscopeToken(): Promise<AccessToken> {
    return Promise.reject(new AppError({ code: 'not_supported', message: 'Skyhook does not downscope Box tokens.' }));
  }

  /** Runs `task` under this connection's token lock (sign-in and sign-out use it too). */
  locked<T>(task: () => Promise<T>): Promise<T> {
    return withLock(this.options.lockKey, task);
  }

  private renew(stale: string | undefined, networkSession?: NetworkSession): Promise<AccessToken> {
    return this.locked(async () => {
      const { storage, auth } = await this.setup();
      // Re-read under the lock: a token other than the one we found stale means someone renewed it meanwhile.
      const current = await storage.read();
      if (current && current.accessToken !== stale && storage.usable(current)) return storage.toAccessToken(current);
      if (this.options.interactive && !current?.refreshToken) throw needsSignIn();
      try {
        return await auth.refreshToken(networkSession ?? this.options.session());
      } catch (error) {
        // A rejected refresh token never works again: forget it so the state says "sign in".
        if (error instanceof AppError && error.code === errorCodes.needsSignIn) await storage.clear();
        throw error;
      }
    });
  }
}
