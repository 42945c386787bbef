import type { Authentication } from 'box-node-sdk/networking';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultRetryPolicy } from '../../../main/http/retrying-fetch';
import type { RequestTimeouts } from '../../../main/http/request-timeouts';
import { BoxHttp } from '../../../main/providers/box/box-http';
import { BoxUploader } from '../../../main/providers/box/box-upload';
import type { FakeFolder } from '../../fakes/box';
import { partSize, uploads, type FakeUploads } from '../../fakes/box/upload';
import { QueueWorld } from '../../harness/delivery-queue';
import { ccgApp, startHarness, type Harness } from '../box/harness';

/**
 * Box parts are 8 MiB, and their answer comes only after the whole part went out. The
 * deadline for that answer grows with the part (at the slowest upload rate tolerated), so
 * a part that takes longer than the first-byte wait on a slow uplink is not failed, while
 * a part that hangs mid-way still times out, and the session resumes with that part.
 * Small budgets stand in for the real ones (40 s + 64 KiB/s).
 */

let h: Harness;
let folder: FakeFolder;
let fake: FakeUploads;
const worlds: QueueWorld[] = [];

function world(timeouts: RequestTimeouts): QueueWorld {
  const app = ccgApp(h.box);
  const designer = h.box.state.addUser({ name: 'Sam Slow', login: `sam-${worlds.length}@example.com` });
  folder = h.box.state.addFolder({ name: 'Uplink', ownerId: designer.id, sharedWith: [app.serviceAccountId] });
  const token = h.box.state.issueAccessToken(app, app.serviceAccountId, 'grant-slow-uplink', 3600);
  const auth = { retrieveAuthorizationHeader: () => Promise.resolve(`Bearer ${token}`) } as unknown as Authentication;
  const http = new BoxHttp(globalThis.fetch, { mode: 'ccg' }, { ...defaultRetryPolicy, timeouts });
  const w = new QueueWorld(new BoxUploader({ http, auth, apiBase: h.box.apiUrl, appBase: h.box.appUrl, mode: 'ccg' }));
  worlds.push(w);
  return w;
}

const stored = (name: string) => h.box.state.childrenOf(folder.id).files.find((f) => f.name === name);

beforeAll(async () => {
  h = await startHarness();
  fake = uploads(h.box.state);
});
afterAll(async () => {
  for (const w of worlds) {
    await w.queue.close();
    w.remove();
  }
  await h.close();
});

describe('Box part uploads on a slow or hanging uplink', () => {
  it('delivers parts that take longer than the first-byte wait: the deadline grows with the part', async () => {
    // 2.2 s to the first byte, and 1 MiB/s tolerated on the way up: 8 s more for an 8 MiB part.
    const w = world({ connectMs: 200, firstByteMs: 2_000, idleMs: 2_000, sendBytesPerSecond: 1024 * 1024 });
    // The uplink carries 2 MiB/s: each 8 MiB part takes 4 s, beyond the 2.2 s a fixed deadline allowed.
    fake.uplinkBytesPerSecond = 2 * 1024 * 1024;
    const file = w.file('slow-uplink.tif', 2 * partSize + 4 * 1024 * 1024);
    const before = { ...fake.counts };
    const [job] = w.add(folder.id, file);
    await w.queue.idle();
    fake.uplinkBytesPerSecond = undefined;
    expect(w.job(job!.id)).toMatchObject({ state: 'done' });
    expect(
      w.updates
        .flatMap((u) => u.jobs)
        .filter((j) => j.id === job!.id && j.state === 'waiting')
        .map((j) => j.message),
    ).toEqual([]);
    expect(fake.counts.partsStored).toBe(before.partsStored + 3);
    expect(Buffer.from(stored('slow-uplink.tif')!.bytes).equals(file.bytes)).toBe(true);
  });

  it('times out a part that hangs mid-way, then resumes the session and sends that part again', async () => {
    // 2.2 s + 4 s for an 8 MiB part, then it counts as hung.
    const w = world({ connectMs: 200, firstByteMs: 2_000, idleMs: 2_000, sendBytesPerSecond: 2 * 1024 * 1024 });
    const file = w.file('hanging.tif', 2 * partSize + 4 * 1024 * 1024);
    const before = { ...fake.counts };
    fake.stallParts = 1;
    const [job] = w.add(folder.id, file);
    await vi.waitFor(() => expect(w.updates.flatMap((u) => u.jobs).some((j) => j.id === job!.id && j.state === 'waiting')).toBe(true), {
      timeout: 60_000,
      interval: 20,
    });
    const waiting = w.updates.flatMap((u) => u.jobs).find((j) => j.id === job!.id && j.state === 'waiting');
    expect(waiting?.message).toMatch(/^127\.0\.0\.1:\d+ did not answer within 6 seconds\. Trying again/);
    await w.queue.idle();
    expect(w.job(job!.id).state).toBe('done');
    expect(fake.counts.stalledParts).toBe(before.stalledParts + 1);
    expect(fake.counts.sessionsCreated).toBe(before.sessionsCreated + 1);
    expect(fake.counts.partsStored).toBe(before.partsStored + 3);
    expect(Buffer.from(stored('hanging.tif')!.bytes).equals(file.bytes)).toBe(true);
  });
});
