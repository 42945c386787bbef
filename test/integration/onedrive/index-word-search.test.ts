import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Provider } from '../../../main/providers/provider';
import { never, signedInProvider, TestVault } from './harness';
import { password, startScenario, type Scenario } from './scenario';

/**
 * Graph search matches the starts of words, not substrings: a fragment from inside a word
 * finds nothing on OneDrive, which is why the name index exists. The fake must agree.
 */
describe('fake Graph search matches words, as Graph does', () => {
  let sc: Scenario;
  let vault: TestVault;
  let provider: Provider;

  beforeAll(async () => {
    sc = await startScenario();
    vault = new TestVault();
    for (const name of ['ocean-hero.png', 'IMG_20240412_0931.jpg', 'TeamPhoto.jpg']) sc.fake.state.addFile(sc.ada, { name });
    provider = await signedInProvider({ fake: sc.fake, vault, config: sc.publicConfig(), username: sc.ada.username, password });
  });
  afterAll(async () => {
    await sc.fake.close();
    vault.remove();
  });

  const names = async (text: string) => (await provider.search(text, undefined, never)).hits.map((h) => h.name).sort();

  it('finds a name by the start of its words', async () => {
    expect(await names('ocean')).toEqual(['ocean-hero.png']);
    expect(await names('hero')).toEqual(['ocean-hero.png']);
    expect(await names('IMG_2024')).toEqual(['IMG_20240412_0931.jpg']);
  });

  it('finds nothing for a fragment from inside a word, across camelCase or digit runs', async () => {
    expect(await names('cean')).toEqual([]);
    expect(await names('0412')).toEqual([]);
    expect(await names('Photo')).toEqual([]);
  });
});
