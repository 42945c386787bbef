import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confidentialRedirectUri } from '../../../main/providers/onedrive';
import type { Provider } from '../../../main/providers/provider';
import { fakeBrowser, freePort, makeProvider, never, readAll, TestVault } from './harness';
import { password, startScenario, webSecret, type Scenario } from './scenario';

describe('OneDrive confidential client (Web platform + client secret, our loopback listener)', () => {
  let sc: Scenario;
  let vault: TestVault;
  let port: number;
  let provider: Provider;
  let browser: ReturnType<typeof fakeBrowser>;
  const day = 86_400_000;

  beforeAll(async () => {
    sc = await startScenario();
    vault = new TestVault();
    port = await freePort();
    sc.webApp.web = [confidentialRedirectUri(port)];
    await vault.open().scoped('conn/c0ffee00-0000-4000-8000-000000000001/').set('clientSecret', webSecret);
    browser = fakeBrowser({ username: 'ada@contoso.onmicrosoft.com', password });
    provider = makeProvider({
      fake: sc.fake,
      vault,
      config: sc.webConfig(port, { secretExpiresOn: '2031-03-20' }),
      browser,
      options: { now: () => new Date(Date.parse('2031-03-01T12:00:00Z')) },
    });
  });
  afterAll(async () => {
    await sc.fake.close();
    vault.remove();
  });

  it('documents one exact redirect URI for the wizard', () => {
    expect(confidentialRedirectUri(53682)).toBe('http://localhost:53682/onedrive/callback');
  });

  it('test() without a user checks registration and secret, and warns of the secret expiry', async () => {
    const report = await provider.test(never);
    expect(report.summary).toMatch(/registration is correct/i);
    expect(report.details).toEqual(
      expect.arrayContaining([
        { label: 'Redirect URI', value: confidentialRedirectUri(port), copyable: true },
        { label: 'Client secret', value: 'Accepted by Microsoft' },
      ]),
    );
    expect(report.nextSteps.join('\n')).toMatch(/expires on 2031-03-20 \(in 19 days\)/);
    expect(report.visibleImages).toBeUndefined();
    expect(sc.fake.state.log.token.at(-1)).toMatchObject({ grantType: 'client_credentials', aadsts: 0, sentSecret: true });
  });

  it('signs in with PKCE + state through form_post to our listener, redeeming with the secret', async () => {
    expect(await provider.auth?.signIn(never)).toBe('ada@contoso.onmicrosoft.com');
    const authorize = new URL(browser.opened[0] ?? '');
    expect(authorize.searchParams.get('redirect_uri')).toBe(confidentialRedirectUri(port));
    expect(authorize.searchParams.get('response_mode')).toBe('form_post');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')?.length).toBeGreaterThanOrEqual(32);
    expect(browser.loopbackStatus).toBe(200);
    expect(sc.fake.state.log.token.find((t) => t.grantType === 'authorization_code')).toMatchObject({
      aadsts: 0,
      sentSecret: true,
      redirectUri: confidentialRedirectUri(port),
    });
  });

  it('searches, downloads and reports like the public client', async () => {
    const page = await provider.search('beach', undefined, never);
    expect(page.hits.map((h) => h.name)).toEqual(['Sunset-Beach.jpg']);
    const original = await provider.original(page.hits[0]?.id ?? '', never);
    expect((await readAll(original.body)).toString()).toBe('original bytes of the beach');

    const report = await provider.test(never);
    expect(report.details).toEqual(
      expect.arrayContaining([
        { label: 'Signed in as', value: 'ada@contoso.onmicrosoft.com' },
        { label: 'Drive', value: 'OneDrive for Business' },
      ]),
    );
    expect(report.visibleImages).toBe(5);
    expect(report.nextSteps.some((s) => s.includes('expires on 2031-03-20'))).toBe(true);
  });

  it('refreshes silently with the secret after the access token dies', async () => {
    const refreshes = sc.fake.state.log.refreshes;
    sc.fake.state.expireAccessTokens();
    expect((await provider.search('city', undefined, never)).hits.map((h) => h.name)).toEqual(['sunset city.png']);
    expect(sc.fake.state.log.refreshes).toBe(refreshes + 1);
    expect(sc.fake.state.log.token.at(-1)).toMatchObject({ grantType: 'refresh_token', sentSecret: true, aadsts: 0 });
  });

  it('a wrong secret is caught by test() before anyone signs in', async () => {
    const other = new TestVault();
    await other.open().scoped('conn/c0ffee00-0000-4000-8000-000000000001/').set('clientSecret', 'the-secret-id-not-the-value');
    const wrong = makeProvider({ fake: sc.fake, vault: other, config: sc.webConfig(port) });
    const error = await wrong.test(never).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'secret_invalid', step: 'secret' });
    expect(JSON.stringify(error)).not.toContain('the-secret-id-not-the-value');
    expect(String((error as Error).message)).not.toContain('the-secret-id-not-the-value');
    other.remove();
  });

  it('an expired secret is reported at test() and warned about by date', async () => {
    sc.webApp.secrets.push({ id: 'old', value: 'expired-value', expiresOn: new Date(Date.now() - day) });
    const other = new TestVault();
    await other.open().scoped('conn/c0ffee00-0000-4000-8000-000000000001/').set('clientSecret', 'expired-value');
    const expired = makeProvider({ fake: sc.fake, vault: other, config: sc.webConfig(port) });
    await expect(expired.test(never)).rejects.toMatchObject({ code: 'secret_expired', step: 'secret' });
    other.remove();
  });

  it('without a secret the test names the secret step', async () => {
    const other = new TestVault();
    const none = makeProvider({ fake: sc.fake, vault: other, config: sc.webConfig(port) });
    await expect(none.test(never)).rejects.toMatchObject({ code: 'secret_missing', step: 'secret' });
    expect(await none.auth?.state()).toEqual({ state: 'needs-sign-in' });
    other.remove();
  });
});
