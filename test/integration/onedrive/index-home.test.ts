import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchWithIndex } from '../../../main/index/index-handlers';
import { NameIndexService } from '../../../main/index/name-index-service';
import type { Provider } from '../../../main/providers/provider';
import { silentLogger } from '../../../main/shared/logger';
import { isImageName } from '../../../preload/image-types';
import { useTempDirs } from '../../harness/unit';
import { never, signedInProvider, TestVault } from './harness';
import { password, startScenario, type Scenario } from './scenario';

/**
 * Graph search needs words, so OneDrive's provider lists nothing for the home screen (an
 * empty query). Once the drive's name index is complete, the index lists the drive's images
 * itself, newest first: the real delta crawl of the fake drive, in the real index worker.
 */

const tempDir = useTempDirs();
const connectionId = 'c0ffee00-0000-4000-8000-000000000001';
let sc: Scenario;
let vault: TestVault;
let provider: Provider;
let service: NameIndexService | undefined;

beforeEach(async () => {
  // Small pages, so the crawl takes several.
  sc = await startScenario({ maxPageSize: 3 });
  vault = new TestVault();
  // Distinct times, in an order unlike the order the items were added in.
  const items = [...sc.fake.state.items.values()];
  items.forEach((item, i) => {
    item.modified = new Date(Date.UTC(2024, 0, 1) + ((i * 7) % items.length) * 86_400_000).toISOString();
  });
  provider = await signedInProvider({ fake: sc.fake, vault, config: sc.publicConfig(), connectionId, username: sc.ada.username, password });
});
afterEach(async () => {
  await service?.stop();
  service = undefined;
  await sc.fake.close();
  vault.remove();
});

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  if (!check()) throw new Error(`never: ${what}`);
}

const home = (s: NameIndexService, cursor?: string) =>
  searchWithIndex({ service: s }, { id: connectionId, kind: 'onedrive' }, '', cursor, (next) => provider.search('', next, never));

describe('OneDrive home screen from the name index', () => {
  it("lists nothing until the drive's index is complete, then the drive's images newest first", async () => {
    service = new NameIndexService({ root: tempDir(), log: silentLogger, events: { emit: () => undefined } });
    expect(await home(service)).toEqual({ hits: [], notListed: true });

    void service.sync([
      {
        id: connectionId,
        indexed: true,
        config: sc.publicConfig(),
        account: async () => sc.ada.username,
        source: () => provider.indexSource?.(),
      },
    ]);
    const running = service;
    await until(() => running.answersAlone(connectionId), 'index complete');

    const { items } = sc;
    const inDrive = [items.sunsetBeach, items.sunsetCity, items.sunsetOutside, items.contentOnly, items.sunsetPdf, items.quoted];
    const newest = inDrive.filter((item) => isImageName(item.name)).sort((a, b) => Date.parse(b.modified) - Date.parse(a.modified));
    const page = await home(service);
    expect(page.hits.map((hit) => [hit.name, hit.modifiedAt])).toEqual(newest.map((item) => [item.name, item.modified]));
    // The list ends with the drive: without words the provider cannot list what is shared with Ada.
    expect(page).toMatchObject({ total: newest.length });
    expect(page.nextCursor).toBeUndefined();
    expect(page.notListed).toBeUndefined();
  });
});
