import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '../../../main/providers/provider';
import { fakeBrowser, makeProvider, never, readAll, redirectPortOf, TestVault } from './harness';
import { password, startScenario, type Scenario } from './scenario';

describe('OneDrive public client (Mobile and desktop, MSAL loopback)', () => {
  let sc: Scenario;
  let vault: TestVault;
  let provider: Provider;
  const browser = () => fakeBrowser({ username: 'ada@contoso.onmicrosoft.com', password });
  let firstBrowser: ReturnType<typeof browser>;

  beforeAll(async () => {
    sc = await startScenario();
    vault = new TestVault();
    firstBrowser = browser();
    provider = makeProvider({ fake: sc.fake, vault, config: sc.publicConfig(), browser: firstBrowser });
  });
  afterAll(async () => {
    await provider.dispose?.();
    await sc.fake.close();
    vault.remove();
  });

  it('starts signed out', async () => {
    expect(await provider.auth?.state()).toEqual({ state: 'needs-sign-in' });
  });

  it('signs in through the system browser and MSAL’s form_post loopback', async () => {
    const account = await provider.auth?.signIn(never);
    expect(account).toBe('ada@contoso.onmicrosoft.com');
    expect(await provider.auth?.state()).toEqual({ state: 'signed-in', account: 'ada@contoso.onmicrosoft.com' });
    expect(firstBrowser.loopbackStatus).toBe(200);
    expect(firstBrowser.lastPage).toContain('You are signed in to OneDrive');

    const authorize = new URL(firstBrowser.opened[0] ?? '');
    expect(authorize.searchParams.get('response_mode')).toBe('form_post');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('prompt')).toBe('select_account');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`http://localhost:${redirectPortOf(authorize.toString())}`);
    expect(authorize.searchParams.get('scope')?.split(' ')).toEqual(
      expect.arrayContaining(['Files.Read.All', 'User.Read', 'offline_access']),
    );
    const redemption = sc.fake.state.log.token.find((t) => t.grantType === 'authorization_code');
    expect(redemption).toMatchObject({ aadsts: 0, sentSecret: false });
  });

  it('searches by file name, images only, and serves thumbnail, original and web page', async () => {
    const page = await provider.search('sunset', undefined, never);
    const names = page.hits.map((h) => h.name).sort();
    // Not the PDF, not the folder, not the report that mentions "sunset" only in its content.
    expect(names).toEqual(['Sunset-Beach.jpg', "ada's sunset.gif", 'sunset city.png', 'sunset-outside.png']);

    const beach = page.hits.find((h) => h.name === 'Sunset-Beach.jpg');
    expect(beach).toMatchObject({ id: sc.items.sunsetBeach.id, location: 'Pictures', width: 64, height: 48 });
    const thumb = await provider.thumbnailSource(beach?.id ?? '', never);
    expect(Buffer.from(thumb).toString()).toBe('thumbnail of the beach');
    const original = await provider.original(beach?.id ?? '', never);
    expect(original.name).toBe('Sunset-Beach.jpg');
    expect((await readAll(original.body)).toString()).toBe('original bytes of the beach');
    expect(provider.originalUrl(beach?.id ?? '')).toBe(sc.fake.state.webUrl(sc.items.sunsetBeach));

    const downloads = sc.fake.state.log.download;
    expect(downloads.some((d) => d.path.startsWith('/thumbnails/'))).toBe(true);
    expect(downloads.some((d) => d.path.startsWith('/download/'))).toBe(true);
    // The download host rejects Authorization headers; none was ever sent to it.
    expect(downloads.every((d) => !d.hasAuthorization && d.status === 200)).toBe(true);
    expect(sc.fake.state.log.graph.every((g) => g.hasAuthorization)).toBe(true);
  });

  it('keeps the token cache only encrypted in the vault', () => {
    const onDisk = readFileSync(vault.file, 'utf8');
    expect(Object.keys(JSON.parse(onDisk) as object)).toContain('conn/c0ffee00-0000-4000-8000-000000000001/msal.cache');
    expect(sc.fake.state.refreshTokens.size).toBeGreaterThan(0);
    for (const token of [...sc.fake.state.refreshTokens.keys(), ...sc.fake.state.accessTokens.keys()]) expect(onDisk).not.toContain(token);
    expect(onDisk).not.toContain('RefreshToken');
    expect(onDisk).not.toContain('ada@contoso');
  });

  it('stays signed in across a restart: a new provider over the same vault needs no browser', async () => {
    const signIns = sc.fake.state.log.signIns;
    const again = makeProvider({ fake: sc.fake, vault, config: sc.publicConfig() });
    expect(await again.auth?.state()).toEqual({ state: 'signed-in', account: 'ada@contoso.onmicrosoft.com' });
    const page = await again.search('beach', undefined, never);
    expect(page.hits.map((h) => h.name)).toEqual(['Sunset-Beach.jpg']);
    expect(sc.fake.state.log.signIns).toBe(signIns);
  });

  it('refreshes silently after a 401 and persists the rotated refresh token', async () => {
    const refreshes = sc.fake.state.log.refreshes;
    sc.fake.state.expireAccessTokens();
    expect((await provider.search('beach', undefined, never)).hits).toHaveLength(1);
    expect(sc.fake.state.log.refreshes).toBe(refreshes + 1);
    expect([...sc.fake.state.refreshTokens.values()].filter((g) => g.valid)).toHaveLength(1);

    // The old refresh token is spent: a restarted app can only refresh with the rotated one from the vault.
    sc.fake.state.expireAccessTokens();
    const restarted = makeProvider({ fake: sc.fake, vault, config: sc.publicConfig() });
    expect((await restarted.search('beach', undefined, never)).hits).toHaveLength(1);
    expect(sc.fake.state.log.refreshes).toBe(refreshes + 2);
  });

  it('signs out: the account and the cache entry are gone', async () => {
    const other = makeProvider({ fake: sc.fake, vault, config: sc.publicConfig() });
    await other.auth?.signOut();
    expect(await other.auth?.state()).toEqual({ state: 'needs-sign-in' });
    await expect(other.search('beach', undefined, never)).rejects.toMatchObject({ code: 'needs_sign_in', step: 'sign-in' });
    const onDisk = JSON.parse(readFileSync(vault.file, 'utf8')) as Record<string, string>;
    expect(Object.keys(onDisk).filter((k) => k.endsWith('msal.cache'))).toEqual([]);
  });
});
