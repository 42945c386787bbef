import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { BoxIndexSource } from '../../main/providers/box/box-index-source';
import { BoxHttp } from '../../main/providers/box/box-http';
import type { Authentication } from 'box-node-sdk/networking';
import { DriveIndexSource } from '../../main/providers/onedrive/drive-index-source';
import { GraphClient } from '../../main/providers/onedrive/graph-client';
import { startFakeBox } from '../fakes/box';
import { startFakeMicrosoft } from '../fakes/microsoft';
import { addRow, formatRatio } from './table';

/** Issue #12: requests used against the fewest the page size allows. */
const crawlTarget = 1.1;

/**
 * Crawls of 100 000 images from the fake Box and the fake Graph at a 50 ms round trip:
 * requests used against the minimum (items / page size) and the wall time. Figures, not a
 * test: `node --import tsx test/bench/cloud-crawl.ts` (or from run.ts via these functions).
 */
export async function benchCloudCrawl(items = 100_000, latencyMs = 50): Promise<void> {
  const box = await startFakeBox();
  try {
    const app = box.state.addApp({ authMethod: 'ccg' });
    const owner = box.state.addUser({ name: 'Dana', enterpriseId: box.state.enterpriseId });
    const library = box.state.addFolder({ name: 'Library', ownerId: owner.id, sharedWith: [app.serviceAccountId] });
    box.state.addSyntheticTree({ ownerId: owner.id, parentId: library.id, folders: items / 1000, filesPerFolder: 1000 });
    const token = box.state.issueAccessToken(app, app.serviceAccountId, 'bench', 3600);
    const auth = { retrieveAuthorizationHeader: () => Promise.resolve(`Bearer ${token}`) } as unknown as Authentication;
    const source = new BoxIndexSource({ http: new BoxHttp(fetch, { mode: 'ccg' }), auth, apiBase: box.apiUrl });
    box.state.latencyMs = latencyMs;

    const before = box.state.requests.length;
    const signal = new AbortController().signal;
    const start = performance.now();
    await source.startCursor(signal);
    let indexed = 0;
    await source.crawl(undefined, async (page) => void (indexed += page.items.length), signal);
    const elapsed = performance.now() - start;
    const requests = box.state.requests.slice(before).filter((r) => r.path.startsWith('/2.0/')).length;
    console.log(`\nBox crawl of ${indexed.toLocaleString()} images at ${latencyMs} ms per request (4 folders at a time)`);
    const ratio = requests / (items / 1000);
    console.log(`  ${requests} requests · minimum ${items / 1000} · ${ratio.toFixed(2)}× · ${(elapsed / 1000).toFixed(1)} s`);
    addRow({
      figure: `Box crawl of ${indexed.toLocaleString('en-US')} items at ${latencyMs} ms round trip: requests beside items / 1000 (${items / 1000}); ${(elapsed / 1000).toFixed(1)} s`,
      measured: `${requests} requests`,
      target: `≤ ${crawlTarget}×`,
      ratio: formatRatio(ratio),
      pass: ratio <= crawlTarget,
    });
  } finally {
    await box.close();
  }
}

/** The same drive through Graph delta: pages follow one another (nextLink), at most 200 items each. */
export async function benchDriveCrawl(items = 100_000, latencyMs = 50): Promise<void> {
  const fake = await startFakeMicrosoft();
  try {
    const s = fake.state;
    const tenant = s.addTenant({ domain: 'contoso.onmicrosoft.com' });
    const app = s.addApp({ tenantId: tenant.id, publicClient: ['http://localhost'] });
    const ada = s.addUser({ tenantId: tenant.id, username: 'ada@contoso.onmicrosoft.com' });
    const bytes = Buffer.from([137, 80, 78, 71]);
    for (let f = 0; f < items / 1000; f++) {
      const folder = s.addFolder(ada, `Shoot ${f}`);
      for (let i = 0; i < 1000; i++) s.addFile(ada, { name: `IMG_${f}_${i}.jpg`, parentId: folder.id, bytes, thumbnail: null });
    }
    const token = s.issueAccessToken({ clientId: app.clientId, tenantId: tenant.id, oid: ada.oid, scopes: ['Files.Read.All'] });
    const source = new DriveIndexSource({
      graph: new GraphClient({ fetch, graphUrl: fake.graphUrl, accessToken: () => Promise.resolve(token) }),
    });
    s.latencyMs = latencyMs;

    const before = s.log.graph.length;
    const start = performance.now();
    let indexed = 0;
    await source.crawl(undefined, async (page) => void (indexed += page.items.length), new AbortController().signal);
    const elapsed = performance.now() - start;
    const requests = s.log.graph.length - before;
    console.log(`\nOneDrive delta crawl of ${indexed.toLocaleString()} images at ${latencyMs} ms per request (pages of ${s.maxPageSize})`);
    // Graph pages hold at most maxPageSize entries, folders and the root included.
    const minimum = Math.ceil((items + items / 1000 + 1) / s.maxPageSize);
    console.log(`  ${requests} requests · minimum ${minimum} · ${(elapsed / 1000).toFixed(1)} s`);
    addRow({
      figure: `OneDrive delta crawl of ${indexed.toLocaleString('en-US')} items at ${latencyMs} ms round trip: requests beside the fewest pages of ${s.maxPageSize} (${minimum}); ${(elapsed / 1000).toFixed(1)} s`,
      measured: `${requests} requests`,
      target: `≤ ${crawlTarget}×`,
      ratio: formatRatio(requests / minimum),
      pass: requests / minimum <= crawlTarget,
    });
  } finally {
    await fake.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchCloudCrawl();
  await benchDriveCrawl();
}
