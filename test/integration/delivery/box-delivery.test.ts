import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BoxUploader } from '../../../main/providers/box/box-upload';
import { boxCcgProvider } from '../../../main/providers/box';
import type { Provider } from '../../../main/providers/provider';
import { AppError } from '../../../main/shared/app-error';
import type { FakeApp, FakeFolder } from '../../fakes/box';
import { uploads, type FakeUploads } from '../../fakes/box/upload';
import { ccgApp, never, startHarness, type Harness } from '../box/harness';
import { QueueWorld } from '../../harness/delivery-queue';

/**
 * Delivery to Box against the fake: pre-flight, direct upload, chunked sessions (parts with
 * SHA-1 digests, commit, resume after a network loss and after a restart), conflicts,
 * quota and the write permission. Each test checks the bytes Box ends up holding.
 */

let h: Harness;
let app: FakeApp;
let folder: FakeFolder;
let fake: FakeUploads;
const worlds: QueueWorld[] = [];
/** Waiting for a state, not timing it: the machine may be slow. */
const patient = { timeout: 60_000, interval: 5 };

function provider(delivery = true): Provider {
  return boxCcgProvider({
    config: { clientId: app.clientId, subjectType: 'enterprise', subjectId: app.enterpriseId, delivery, deliveryFolderId: folder.id },
    context: h.context({ secrets: { clientSecret: app.clientSecret } }),
  });
}

function world(options: ConstructorParameters<typeof QueueWorld>[1] = {}): QueueWorld {
  const w = new QueueWorld(provider().uploader!() as BoxUploader, options);
  worlds.push(w);
  return w;
}

const inFolder = (name: string) => h.box.state.childrenOf(folder.id).files.filter((f) => f.name === name);

beforeAll(async () => {
  h = await startHarness();
  app = ccgApp(h.box);
  const designer = h.box.state.addUser({ name: 'Dana Designer', login: 'dana@example.com' });
  folder = h.box.state.addFolder({ name: 'Final art', ownerId: designer.id, sharedWith: [app.serviceAccountId] });
  fake = uploads(h.box.state);
});
afterEach(() => {
  fake.breakAfterParts = undefined;
  fake.remainingBytes = 10_737_418_240;
  app.writeScope = true;
});
afterAll(async () => {
  for (const w of worlds) w.remove();
  await h.close();
});

describe('delivery to Box', () => {
  it('uploads a small file after the pre-flight check, in one multipart request, with the same bytes', async () => {
    const w = world();
    const file = w.file('poster.png', 64 * 1024);
    const before = { ...fake.counts };
    const [job] = w.add(folder.id, file);
    await w.queue.idle();
    const done = w.job(job!.id);
    expect(done.state).toBe('done');
    const [stored] = inFolder('poster.png');
    expect(Buffer.from(stored!.bytes).equals(file.bytes)).toBe(true);
    expect(fake.counts.preflights).toBeGreaterThan(before.preflights);
    expect(fake.counts.directUploads).toBe(before.directUploads + 1);
    expect(fake.counts.sessionsCreated).toBe(before.sessionsCreated);
    expect(done.webUrl).toBe(`${h.box.appUrl}/file/${stored!.id}`);
    // Box indexes uploads later: the new file is not in Box search yet, so Skyhook shows it itself.
    expect(stored!.indexed).toBe(false);
    expect(w.uploaded[0]!.item.hit).toMatchObject({ id: stored!.id, name: 'poster.png', size: file.size });
  });

  it('uploads a file over 20 MB in a chunked session: parts with SHA-1 digests, then a commit', async () => {
    const w = world();
    const file = w.file('master.tif', 20_500_000);
    const before = { ...fake.counts };
    const [job] = w.add(folder.id, file);
    await w.queue.idle();
    expect(w.job(job!.id).state).toBe('done');
    expect(Buffer.from(inFolder('master.tif')[0]!.bytes).equals(file.bytes)).toBe(true);
    expect(fake.counts.sessionsCreated).toBe(before.sessionsCreated + 1);
    expect(fake.counts.partsStored).toBe(before.partsStored + 3);
    expect(fake.counts.commits).toBe(before.commits + 1);
    expect(fake.counts.digestMismatches).toBe(before.digestMismatches);
    // Progress events went up to the whole size.
    const sent = w.updates
      .flatMap((u) => u.jobs)
      .filter((j) => j.id === job!.id)
      .map((j) => j.sentBytes);
    expect(sent.some((n) => n > 0 && n < file.size)).toBe(true);
    expect(sent.at(-1)).toBe(file.size);
  });

  it('resumes the same session after the connection drops mid-upload: no part is sent twice', async () => {
    const w = world();
    const file = w.file('resumed.psd', 21_000_000);
    const before = { ...fake.counts };
    fake.breakAfterParts = 1;
    const [job] = w.add(folder.id, file);
    await vi.waitFor(
      () => expect(w.updates.flatMap((u) => u.jobs).some((j) => j.id === job!.id && j.state === 'waiting')).toBe(true),
      patient,
    );
    fake.breakAfterParts = undefined;
    await w.queue.idle();
    expect(w.job(job!.id).state).toBe('done');
    expect(Buffer.from(inFolder('resumed.psd')[0]!.bytes).equals(file.bytes)).toBe(true);
    expect(fake.counts.sessionsCreated).toBe(before.sessionsCreated + 1);
    expect(fake.counts.partsStored).toBe(before.partsStored + 3);
  });

  it('resumes an interrupted session after a restart, from the session state saved in the data folder', async () => {
    // Waits between retries last until the app "restarts".
    const w = world({ sleep: (_ms, signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))) });
    const file = w.file('restart.tif', 21_000_000);
    const before = { ...fake.counts };
    fake.breakAfterParts = 2;
    const [job] = w.add(folder.id, file);
    await vi.waitFor(() => expect(w.job(job!.id).state).toBe('waiting'), patient);
    fake.breakAfterParts = undefined;
    await w.reopen();
    await w.queue.idle();
    expect(w.job(job!.id).state).toBe('done');
    expect(Buffer.from(inFolder('restart.tif')[0]!.bytes).equals(file.bytes)).toBe(true);
    expect(fake.counts.sessionsCreated).toBe(before.sessionsCreated + 1);
    expect(fake.counts.partsStored).toBe(before.partsStored + 3);
  });

  it('asks on a name conflict; keep both, new version and skip each do what they say, and "same bytes" is not uploaded again', async () => {
    const w = world();
    const first = w.file('logo.svg', Buffer.from('<svg>v1</svg>'));
    w.add(folder.id, first);
    await w.queue.idle();
    const original = inFolder('logo.svg')[0]!;

    writeFileSync(first.path, '<svg>version two</svg>');
    const [again] = w.add(folder.id, { ...first, size: 22 });
    await w.queue.idle();
    expect(w.job(again!.id)).toMatchObject({ state: 'conflict', message: expect.stringContaining('already in Deliveries') });

    w.queue.resolveConflict(again!.id, 'keep-both', false);
    await w.queue.idle();
    expect(w.job(again!.id)).toMatchObject({ state: 'done', targetName: 'logo (2).svg' });
    expect(Buffer.from(inFolder('logo (2).svg')[0]!.bytes).toString()).toBe('<svg>version two</svg>');

    const [version] = w.add(folder.id, { ...first, size: 22 });
    await w.queue.idle();
    w.queue.resolveConflict(version!.id, 'version', false);
    await w.queue.idle();
    expect(w.job(version!.id).state).toBe('done');
    expect(inFolder('logo.svg')).toHaveLength(1);
    expect(Buffer.from(original.bytes).toString()).toBe('<svg>version two</svg>');

    const direct = fake.counts.directUploads;
    const [same] = w.add(folder.id, { ...first, size: 22 });
    await w.queue.idle();
    expect(w.job(same!.id)).toMatchObject({ state: 'done', message: expect.stringContaining('same content') });
    expect(fake.counts.directUploads).toBe(direct);
  });

  it('applies one answer to the rest of the drop', async () => {
    const w = world();
    const a = w.file('a.jpg', 100);
    const b = w.file('b.jpg', 100);
    w.add(folder.id, a, b);
    await w.queue.idle();
    const changedA = w.file('a.jpg', 120);
    const changedB = w.file('b.jpg', 120);
    const [ja, jb] = w.add(folder.id, changedA, changedB);
    await w.queue.idle();
    expect([w.job(ja!.id).state, w.job(jb!.id).state]).toEqual(['conflict', 'conflict']);
    w.queue.resolveConflict(ja!.id, 'skip', true);
    await w.queue.idle();
    expect([w.job(ja!.id).state, w.job(jb!.id).state]).toEqual(['skipped', 'skipped']);
  });

  it('names the "deliver" step when the app lacks the write scope, in the queue and in Test connection', async () => {
    app.writeScope = false;
    const w = world();
    const [job] = w.add(folder.id, w.file('denied.png', 100));
    await w.queue.idle();
    expect(w.job(job!.id)).toMatchObject({ state: 'failed', step: 'deliver', message: 'The Box app is not allowed to write files.' });
    expect(w.job(job!.id).fix).toContain('Write all files and folders stored in Box');
    expect(w.job(job!.id).fix).toContain('re-authorize');
    const error = await provider()
      .test(never())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'write_not_allowed', step: 'deliver' });
  });

  it('Test connection names the step when the service account may only view the folder, and reports the folder when it may write', async () => {
    const report = await provider().test(never());
    expect(report.details).toContainEqual({ label: 'Delivery folder', value: 'Final art — Skyhook may add files here' });
    fake.viewOnly(folder.id, app.serviceAccountId);
    const error = await provider()
      .test(never())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'write_not_allowed', step: 'deliver', message: expect.stringContaining('delivery folder') });
    fake.readOnly.clear();
  });

  it('reports a full account and a file over the upload limit per file, never a stuck queue', async () => {
    const w = world();
    fake.remainingBytes = 50;
    const [full] = w.add(folder.id, w.file('big.png', 100));
    await w.queue.idle();
    expect(w.job(full!.id)).toMatchObject({ state: 'failed', message: 'The Box account has no room left for big.png.' });
    fake.remainingBytes = 10_737_418_240;
    fake.maxUploadSize = 10;
    const [limit] = w.add(folder.id, w.file('over.png', 100));
    await w.queue.idle();
    expect(w.job(limit!.id)).toMatchObject({ state: 'failed', message: 'over.png is larger than this Box account may upload.' });
    fake.maxUploadSize = 5_368_709_120;
  });

  it('honours 429 Retry-After on the upload and uploads once', async () => {
    const w = world();
    h.box.state.failNext('/api/2.0/files/content', 429, 1, 0);
    const [job] = w.add(folder.id, w.file('throttled.png', 100));
    await w.queue.idle();
    expect(w.job(job!.id).state).toBe('done');
    expect(inFolder('throttled.png')).toHaveLength(1);
  });

  it('starts again when the file changes while it uploads, and delivers the new bytes', async () => {
    const w = world();
    const file = w.file('edited.tif', 21_000_000);
    const changed = Buffer.alloc(21_000_000, 7);
    let edited = false;
    const [job] = w.add(folder.id, file);
    await vi.waitFor(() => {
      const progressed = w.updates.flatMap((u) => u.jobs).some((j) => j.id === job!.id && j.sentBytes > 0);
      if (progressed && !edited) {
        writeFileSync(file.path, changed);
        edited = true;
      }
      expect(edited).toBe(true);
    }, patient);
    await w.queue.idle();
    expect(w.job(job!.id).state).toBe('done');
    const stored = inFolder('edited.tif');
    expect(stored).toHaveLength(1);
    expect(Buffer.from(stored[0]!.bytes).equals(changed)).toBe(true);
  });
});
