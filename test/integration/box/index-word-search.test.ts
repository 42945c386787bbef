import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxCcgProvider } from '../../../main/providers/box';
import type { FakeApp } from '../../fakes/box';
import { bytesFor, ccgApp, never, startHarness, type Harness } from './harness';

/**
 * Why the name index exists: Box search matches words (each query word must start a word
 * of the name), so a fragment from inside a word finds nothing. The fake must behave so,
 * or tests would pass on substring luck.
 */

let h: Harness;
let app: FakeApp;
let token: string;

beforeAll(async () => {
  h = await startHarness();
  app = ccgApp(h.box);
  const owner = h.box.state.addUser({ name: 'Dana Designer', enterpriseId: h.box.state.enterpriseId });
  for (const name of ['ocean-hero.png', 'IMG_20240412_0931.jpg', 'ACME_logo_v3_final.psd', 'TeamPhoto.jpg', 'sunset beach.png']) {
    h.box.state.addFile({ name, bytes: bytesFor(name), ownerId: owner.id, sharedWith: [app.serviceAccountId] });
  }
  const response = await fetch(`${h.box.apiUrl}/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      box_subject_type: 'enterprise',
      box_subject_id: app.enterpriseId,
    }),
  });
  token = ((await response.json()) as { access_token: string }).access_token;
});
afterAll(() => h.close());

async function names(query: string): Promise<string[]> {
  const response = await fetch(`${h.box.apiUrl}/2.0/search?query=${encodeURIComponent(query)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await response.json()) as { entries: Array<{ name: string }> };
  return body.entries.map((e) => e.name).sort();
}

describe('fake Box search matches words, as Box does', () => {
  it('finds a name by the start of any of its words, in any case', async () => {
    expect(await names('ocean')).toEqual(['ocean-hero.png']);
    expect(await names('HER')).toEqual(['ocean-hero.png']);
    expect(await names('2024')).toEqual(['IMG_20240412_0931.jpg']);
    expect(await names('logo v3')).toEqual(['ACME_logo_v3_final.psd']);
  });

  it('finds nothing for a fragment from inside a word, across camelCase or digit runs', async () => {
    expect(await names('cean')).toEqual([]);
    expect(await names('0412')).toEqual([]);
    expect(await names('go_v3')).toEqual([]);
    expect(await names('Photo')).toEqual([]);
  });

  it('needs every word (AND) unless OR joins them', async () => {
    expect(await names('ocean sunset')).toEqual([]);
    expect(await names('ocean OR sunset')).toEqual(['ocean-hero.png', 'sunset beach.png']);
    expect(await names('"sunset beach"')).toEqual(['sunset beach.png']);
  });

  it('so the live Box provider finds nothing for "cean" (the index answers it instead)', async () => {
    const provider = boxCcgProvider({
      config: { clientId: app.clientId, subjectType: 'enterprise', subjectId: app.enterpriseId },
      context: h.context({ secrets: { clientSecret: app.clientSecret } }),
    });
    expect((await provider.search('cean', undefined, never())).hits).toEqual([]);
    expect((await provider.search('ocean', undefined, never())).hits.map((hit) => hit.name)).toEqual(['ocean-hero.png']);
  });
});
