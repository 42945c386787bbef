import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaCache } from '../../main/media/media-cache';
import { boxCcgProvider } from '../../main/providers/box';
import type { Provider } from '../../main/providers/provider';
import { AppError } from '../../main/shared/app-error';
import { armDownloadFault, clearDownloadFaults, type DownloadFault } from '../fakes/download-faults';
import { filesUnder, useTempDirs } from '../harness/unit';
import { ccgApp, seedWorld, startHarness, type Harness } from '../integration/box/harness';
import { signedInProvider, TestVault } from '../integration/onedrive/harness';
import { password, startScenario, type Scenario } from '../integration/onedrive/scenario';
import { recordFigure } from './figures';

const tempDir = useTempDirs('file');
const faults: DownloadFault[] = ['short-length', 'close-without-length', 'reset'];
const signal = () => AbortSignal.timeout(20_000);

interface Target {
  service: string;
  fake: object;
  provider: Provider;
  item: { id: string; bytes: Uint8Array };
}

/**
 * The probe of issue #14 item 1: for each way a download host cuts a body short, a drag
 * must get the whole file (the cut body is retried) or, when every try is cut, an error
 * and nothing in the cache — never a half file.
 */
async function probe(target: Target): Promise<void> {
  let tries = 0;
  let failures = 0;
  const notes: string[] = [];
  for (const fault of faults) {
    // Cut once: the retry must deliver the exact bytes.
    const dir = tempDir();
    armDownloadFault(target.fake, fault, 1);
    tries++;
    const path = await new MediaCache(dir).original('conn', target.item.id, target.provider, signal()).catch((e: unknown) => e);
    if (typeof path !== 'string' || !readFileSync(path).equals(Buffer.from(target.item.bytes))) {
      failures++;
      notes.push(`${fault}: retry did not deliver the file`);
    }

    // Cut every time: an error, and no file a drag could pick up.
    const failing = tempDir();
    armDownloadFault(target.fake, fault, 10);
    tries++;
    const cache = new MediaCache(failing);
    const outcome = await cache.original('conn', target.item.id, target.provider, signal()).catch((e: unknown) => e);
    clearDownloadFaults(target.fake);
    const served =
      typeof outcome === 'string' ||
      cache.readyForDrag('conn', target.item.id) !== undefined ||
      filesUnder(join(failing, 'originals')).length > 0;
    if (served || !(outcome instanceof AppError)) {
      failures++;
      notes.push(`${fault}: a cut file was kept`);
    }
  }
  recordFigure({ probe: `truncated ${target.service} download`, tries, failures, lost: 0, note: notes.join('; ') || faults.join(', ') });
  expect(notes).toEqual([]);
}

describe('truncated downloads never become the cached original', () => {
  let box: Harness;
  let sc: Scenario;
  let vault: TestVault;
  beforeAll(async () => {
    box = await startHarness();
    sc = await startScenario();
    vault = new TestVault();
  });
  afterAll(async () => {
    await box.close();
    await sc.fake.close();
    vault.remove();
  });

  it('Box', async () => {
    const app = ccgApp(box.box);
    const world = seedWorld(box.box, app.serviceAccountId, 3);
    const file = world.visible[0]!;
    const provider = boxCcgProvider({
      config: { clientId: app.clientId, subjectType: 'enterprise', subjectId: app.enterpriseId },
      context: box.context({ secrets: { clientSecret: app.clientSecret } }),
    });
    await probe({ service: 'Box', fake: box.box.state, provider, item: { id: file.id, bytes: file.bytes } });
  });

  it('OneDrive', async () => {
    const provider = await signedInProvider({ fake: sc.fake, vault, config: sc.publicConfig(), username: sc.ada.username, password });
    const item = sc.items.sunsetBeach;
    await probe({ service: 'OneDrive', fake: sc.fake.state, provider, item: { id: item.id, bytes: item.bytes } });
  });
});
