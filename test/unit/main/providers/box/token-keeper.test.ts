import type { Authentication } from 'box-node-sdk/networking';
import type { AccessToken } from 'box-node-sdk/schemas';
import { describe, expect, it } from 'vitest';
import { needsSignIn } from '../../../../../main/providers/box/diagnostics';
import { TokenKeeper, VaultTokenStorage } from '../../../../../main/providers/box/token-keeper';
import { memorySecrets } from '../../../../harness/memory-secrets';

/** An SDK-like auth that issues numbered tokens, slowly, and counts its requests. */
class CountingAuth implements Authentication {
  requests = 0;
  fail: Error | undefined;
  constructor(
    private readonly storage: VaultTokenStorage,
    private readonly expiresIn = 3600,
  ) {}
  async refreshToken(): Promise<AccessToken> {
    this.requests++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.fail) throw this.fail;
    const token = { accessToken: `access-${this.requests}`, refreshToken: `refresh-${this.requests}`, expiresIn: this.expiresIn };
    await this.storage.store(token);
    return token;
  }
  retrieveToken(): Promise<AccessToken> {
    throw new Error('not used');
  }
  retrieveAuthorizationHeader(): Promise<string> {
    throw new Error('not used');
  }
  async revokeToken(): Promise<undefined> {
    return undefined;
  }
  downscopeToken(): Promise<AccessToken> {
    throw new Error('not used');
  }
}

let keyCounter = 0;

function keeper(
  options: { interactive?: boolean; expiresIn?: number; secrets?: ReturnType<typeof memorySecrets>; fingerprint?: string } = {},
) {
  const secrets = options.secrets ?? memorySecrets();
  const storage = new VaultTokenStorage(secrets, 'tok', options.fingerprint ?? 'fp-1');
  const auth = new CountingAuth(storage, options.expiresIn);
  const k = new TokenKeeper({
    lockKey: `test-${keyCounter++}`,
    session: () => undefined as never,
    setup: async () => ({ storage, auth }),
    interactive: options.interactive ?? false,
  });
  return { keeper: k, auth, storage, secrets };
}

describe('TokenKeeper', () => {
  it('fetches a token once and reuses it until it nears expiry', async () => {
    const { keeper: k, auth } = keeper();
    const headers = await Promise.all(Array.from({ length: 5 }, () => k.retrieveAuthorizationHeader()));
    expect(new Set(headers)).toEqual(new Set(['Bearer access-1']));
    expect(await k.retrieveAuthorizationHeader()).toBe('Bearer access-1');
    expect(auth.requests).toBe(1);
  });

  it('renews a token that is about to expire, once for concurrent callers', async () => {
    const { keeper: k, auth } = keeper({ expiresIn: 30 });
    await k.retrieveToken();
    const tokens = await Promise.all([k.retrieveToken(), k.retrieveToken(), k.retrieveToken()]);
    expect(tokens.map((t) => t.accessToken)).toEqual(['access-2', 'access-2', 'access-2']);
    expect(auth.requests).toBe(2);
  });

  it('renews a rejected token once, even when several requests saw it rejected', async () => {
    const { keeper: k, auth } = keeper();
    const first = await k.retrieveToken();
    await Promise.all([k.renewRejected(first.accessToken!), k.renewRejected(first.accessToken!)]);
    expect(auth.requests).toBe(2);
    expect((await k.retrieveToken()).accessToken).toBe('access-2');
  });

  it('persists the new token before handing it out', async () => {
    const { keeper: k, secrets } = keeper();
    const token = await k.retrieveToken();
    expect(JSON.parse(secrets.entries.get('tok')!)).toMatchObject({ accessToken: token.accessToken, refreshToken: 'refresh-1' });
  });

  it('ignores a stored token issued for other credentials', async () => {
    const secrets = memorySecrets();
    await keeper({ secrets, fingerprint: 'old-secret' }).keeper.retrieveToken();
    const { keeper: k, auth } = keeper({ secrets, fingerprint: 'new-secret' });
    await k.retrieveToken();
    expect(auth.requests).toBe(1);
  });

  it('asks for a sign-in instead of a token request when an interactive connection has no refresh token', async () => {
    const { keeper: k, auth } = keeper({ interactive: true });
    await expect(k.retrieveToken()).rejects.toMatchObject({ code: 'needs_sign_in', step: 'sign-in' });
    expect(auth.requests).toBe(0);
  });

  it('forgets tokens Box will never accept again', async () => {
    const { keeper: k, auth, secrets } = keeper({ expiresIn: 30 });
    await k.retrieveToken();
    auth.fail = needsSignIn();
    await expect(k.retrieveToken()).rejects.toMatchObject({ code: 'needs_sign_in' });
    expect(secrets.entries.has('tok')).toBe(false);
  });

  it('keeps tokens when renewal fails for another reason (e.g. offline)', async () => {
    const { keeper: k, auth, secrets } = keeper({ expiresIn: 30 });
    await k.retrieveToken();
    auth.fail = new Error('offline');
    await expect(k.retrieveToken()).rejects.toThrow('offline');
    expect(secrets.entries.has('tok')).toBe(true);
  });
});
