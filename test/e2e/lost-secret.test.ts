import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBox, type FakeBox } from '../fakes/box';
import { saveBoxCcg } from '../harness/box-world';
import { chromiumPath, hasChromium, screenshot } from '../harness/browser';
import { appShown, openSkyhook, type SkyhookPage } from '../harness/skyhook-page';

/**
 * A saved secret this computer can no longer decrypt (the keychain or the vault key changed):
 * the connection says so, and Edit opens in the secret's field, marked, asking for it again
 * instead of offering to "keep the saved one".
 */

if (!hasChromium) console.warn(`Skipping the lost-secret end-to-end test: no Chromium at ${chromiumPath} (apt-get install chromium).`);

const eventually = <T>(value: () => T | Promise<T>) => expect.poll(value, { timeout: 15_000 });

describe.runIf(hasChromium)('a secret lost with the vault key', () => {
  let box: FakeBox;
  let skyhook: SkyhookPage;
  let clientSecret: string;

  beforeAll(async () => {
    box = await startFakeBox();
    const ccg = box.state.addApp({ authMethod: 'ccg' });
    clientSecret = ccg.clientSecret;
    const env = { SKYHOOK_BOX_API_URL: box.apiUrl, SKYHOOK_BOX_ACCOUNT_URL: box.accountUrl };
    const first = await openSkyhook(env);
    await appShown(first.page);
    await saveBoxCcg(first.page, box, ccg);
    const dataDir = first.app.dataDir;
    await first.close();
    // The bridge's vault key stands for the OS keychain: a new one cannot open the old entries.
    rmSync(join(dataDir, 'dev-vault.key'));
    skyhook = await openSkyhook(env, dataDir);
  });

  afterAll(async () => {
    const dataDir = skyhook?.app.dataDir;
    await skyhook?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await box?.close();
  });

  it('Edit starts in the secret field, which asks for the secret again; entering it makes the connection whole', async () => {
    const { page } = skyhook;
    await page.getByRole('button', { name: 'Connections', exact: true }).click();
    await eventually(() => page.getByText(/Client secret can no longer be decrypted on this computer/).count()).toBe(1);
    await page.getByRole('button', { name: 'Edit Brand Box' }).click();

    const secret = page.getByLabel('Client secret');
    await eventually(() => secret.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await secret.getAttribute('aria-invalid')).toBe('true');
    expect(await secret.getAttribute('placeholder')).toBe('');
    const describedBy = (await secret.getAttribute('aria-describedby')) ?? '';
    const description = await page.evaluate(
      (ids) =>
        ids
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      describedBy,
    );
    expect(description).toContain('can no longer decrypt the saved value');
    await screenshot(page, 'lost-secret-edit');

    await secret.fill(clientSecret);
    // Typed: the mark is gone.
    expect(await secret.getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await eventually(() => page.getByRole('status').filter({ hasText: 'Connected to Box' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Save connection' }).click();
    // The connection's own warning is gone (the start-up banner stays until dismissed).
    await eventually(() => page.getByText(/Client secret can no longer be decrypted/).count()).toBe(0);
    await eventually(() => page.getByText('Brand Box', { exact: true }).count()).toBe(1);
  });
});
