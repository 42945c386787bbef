import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { withWriteCheck } from '../../../main/delivery/write-check';
import { DriveUploader, fragmentUnit } from '../../../main/providers/onedrive/drive-upload';
import { GraphClient } from '../../../main/providers/onedrive/graph-client';
import { startFakeMicrosoft, type FakeItem, type FakeMicrosoft, type FakeUser } from '../../fakes/microsoft';
import { graphUploads, type FakeGraphUploads } from '../../fakes/microsoft/upload';
import { QueueWorld } from '../../harness/delivery-queue';

/**
 * Delivery to OneDrive against the fake Graph: simple upload (≤ 4 MB), upload sessions in
 * 320 KiB-multiple fragments with resume from nextExpectedRanges, conflicts with the three
 * choices, quota and the write permission (403 accessDenied). The token is issued by the
 * fake directly: sign-in has its own tests.
 */

let ms: FakeMicrosoft;
let user: FakeUser;
let folder: FakeItem;
let fake: FakeGraphUploads;
const worlds: QueueWorld[] = [];
const patient = { timeout: 60_000, interval: 5 };
const never = () => new AbortController().signal;

function uploader(scopes = ['Files.ReadWrite.All', 'User.Read']): DriveUploader {
  const token = ms.state.issueAccessToken({ clientId: 'test-client', tenantId: user.tenantId, oid: user.oid, scopes });
  const accessToken = async () => token;
  return new DriveUploader({
    fetch: globalThis.fetch,
    graph: new GraphClient({ fetch: globalThis.fetch, graphUrl: ms.graphUrl, accessToken }),
    accessToken,
  });
}

function world(scopes?: string[], options: ConstructorParameters<typeof QueueWorld>[1] = {}): QueueWorld {
  const w = new QueueWorld(uploader(scopes), options);
  worlds.push(w);
  return w;
}

const inFolder = (name: string) => [...ms.state.items.values()].filter((i) => i.parentId === folder.id && i.name === name);

beforeAll(async () => {
  ms = await startFakeMicrosoft();
  const tenant = ms.state.addTenant({ domain: 'contoso.onmicrosoft.com' });
  user = ms.state.addUser({ tenantId: tenant.id, username: 'ada@contoso.onmicrosoft.com' });
  folder = ms.state.addFolder(user, 'Deliveries');
  fake = graphUploads(ms.state);
});
afterEach(() => {
  fake.breakAfterFragments = undefined;
  fake.remainingBytes = 1_099_511_627_776;
});
afterAll(async () => {
  for (const w of worlds) w.remove();
  await ms.close();
});

describe('delivery to OneDrive', () => {
  it('uploads up to 4 MB with one PUT, and the item holds the same bytes', async () => {
    const w = world();
    const file = w.file('cover.jpg', 3 * 1024 * 1024);
    const before = { ...fake.counts };
    const [job] = w.add(folder.id, file);
    await w.queue.idle();
    const done = w.job(job!.id);
    expect(done.state).toBe('done');
    expect(inFolder('cover.jpg')[0]!.bytes.equals(file.bytes)).toBe(true);
    expect(fake.counts.simpleUploads).toBe(before.simpleUploads + 1);
    expect(fake.counts.sessionsCreated).toBe(before.sessionsCreated);
    expect(done.webUrl).toBe(ms.state.webUrl(inFolder('cover.jpg')[0]!));
  });

  it('uploads a larger file through an upload session in fragments that are multiples of 320 KiB', async () => {
    const w = world();
    const file = w.file('layout.psd', 7 * 1024 * 1024 + 123);
    const before = { ...fake.counts };
    const [job] = w.add(folder.id, file);
    await w.queue.idle();
    expect(w.job(job!.id).state).toBe('done');
    expect(inFolder('layout.psd')[0]!.bytes.equals(file.bytes)).toBe(true);
    expect(fake.counts.sessionsCreated).toBe(before.sessionsCreated + 1);
    expect(fake.counts.fragmentsStored).toBe(before.fragmentsStored + Math.ceil(file.size / (10 * fragmentUnit)));
    expect(fake.counts.rangeRefusals).toBe(before.rangeRefusals);
    // The upload URL never saw the token.
    expect(ms.state.log.download.filter((r) => r.path.startsWith('/upload/')).every((r) => !r.hasAuthorization)).toBe(true);
  });

  it('resumes from nextExpectedRanges after the connection drops, and after a restart', async () => {
    const w = world(undefined, {
      sleep: (_ms, signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    });
    const file = w.file('resume.tif', 9 * 1024 * 1024);
    const before = { ...fake.counts };
    fake.breakAfterFragments = 1;
    const [job] = w.add(folder.id, file);
    await vi.waitFor(() => expect(w.job(job!.id).state).toBe('waiting'), patient);
    fake.breakAfterFragments = undefined;
    await w.reopen();
    await w.queue.idle();
    expect(w.job(job!.id).state).toBe('done');
    expect(inFolder('resume.tif')[0]!.bytes.equals(file.bytes)).toBe(true);
    expect(fake.counts.sessionsCreated).toBe(before.sessionsCreated + 1);
    expect(fake.counts.fragmentsStored).toBe(before.fragmentsStored + Math.ceil(file.size / (10 * fragmentUnit)));
  });

  it('asks on a conflict: keep both names the copy "name (2).ext", new version replaces the item in place, skip leaves it', async () => {
    const w = world();
    const first = w.file('brief.png', Buffer.from('one'));
    w.add(folder.id, first);
    await w.queue.idle();
    const original = inFolder('brief.png')[0]!;

    writeFileSync(first.path, 'two!');
    const [both] = w.add(folder.id, { ...first, size: 4 });
    await w.queue.idle();
    expect(w.job(both!.id).state).toBe('conflict');
    w.queue.resolveConflict(both!.id, 'keep-both', false);
    await w.queue.idle();
    expect(inFolder('brief (2).png')[0]!.bytes.toString()).toBe('two!');

    const [version] = w.add(folder.id, { ...first, size: 4 });
    await w.queue.idle();
    w.queue.resolveConflict(version!.id, 'version', false);
    await w.queue.idle();
    expect(inFolder('brief.png')).toHaveLength(1);
    expect(ms.state.items.get(original.id)!.bytes.toString()).toBe('two!');

    writeFileSync(first.path, 'three');
    const [skip] = w.add(folder.id, { ...first, size: 5 });
    await w.queue.idle();
    w.queue.resolveConflict(skip!.id, 'skip', false);
    await w.queue.idle();
    expect(w.job(skip!.id).state).toBe('skipped');
    expect(ms.state.items.get(original.id)!.bytes.toString()).toBe('two!');
  });

  it('says the OneDrive is full (quota) and refuses names OneDrive forbids, each on its own file', async () => {
    const w = world();
    fake.remainingBytes = 10;
    const [full] = w.add(folder.id, w.file('full.png', 100));
    const [bad] = w.add(folder.id, w.file('what?.png', 100));
    await w.queue.idle();
    expect(w.job(full!.id)).toMatchObject({ state: 'failed', message: 'The OneDrive has no room left for full.png.' });
    expect(w.job(bad!.id)).toMatchObject({ state: 'failed', message: expect.stringContaining('does not accept') });
  });

  it('names the "deliver" step when the token lacks Files.ReadWrite.All, in the queue and in the write check', async () => {
    const readOnly = ['Files.Read.All', 'User.Read'];
    const w = world(readOnly);
    const [job] = w.add(folder.id, w.file('nope.png', 100));
    await w.queue.idle();
    expect(w.job(job!.id)).toMatchObject({ state: 'failed', step: 'deliver' });
    expect(w.job(job!.id).fix).toContain('Files.ReadWrite.All');
    const report = { summary: 'ok', details: [], nextSteps: [] };
    await expect(
      withWriteCheck(report, uploader(readOnly), { delivery: true, deliveryFolderId: folder.id }, never()),
    ).rejects.toMatchObject({ code: 'write_not_allowed', step: 'deliver' });
  });

  it('the write check uploads an empty probe and deletes it again', async () => {
    const before = { ...fake.counts };
    const report = await withWriteCheck(
      { summary: 'ok', details: [], nextSteps: [] },
      uploader(),
      { delivery: true, deliveryFolderId: folder.id },
      never(),
    );
    expect(report.details).toContainEqual({ label: 'Delivery folder', value: 'Deliveries — Skyhook may add files here' });
    expect(fake.counts.simpleUploads).toBe(before.simpleUploads + 1);
    expect(fake.counts.deletes).toBe(before.deletes + 1);
    expect([...ms.state.items.values()].some((i) => i.name.startsWith('.skyhook-write-check'))).toBe(false);
  });
});
