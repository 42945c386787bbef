import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { BoxIndexSource } from '../../main/providers/box/box-index-source';
import { BoxHttp } from '../../main/providers/box/box-http';
import type { Authentication } from 'box-node-sdk/networking';
import { startFakeBox } from '../fakes/box';

/**
 * Crawl of 100 000 images from the fake Box at a 50 ms round trip: requests used against
 * the minimum (items / 1000, Box's largest page) and the wall time. Figures, not a test:
 * `node --import tsx test/bench/cloud-crawl.ts` (or from run.ts via benchCloudCrawl()).
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
    console.log(`  ${requests} requests · minimum ${items / 1000} · ${(requests / (items / 1000)).toFixed(2)}× · ${(elapsed / 1000).toFixed(1)} s`);
  } finally {
    await box.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchCloudCrawl();
