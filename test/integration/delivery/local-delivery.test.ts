import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localRootFolderId, localUploader } from '../../../main/providers/local/local-upload';
import type { ConflictChoice } from '../../../preload/delivery-contract';
import { QueueWorld } from '../../harness/delivery-queue';
import { useTempDirs } from '../../harness/unit';

/**
 * Delivery into a local connection's folder: the real queue over the real local uploader
 * and real files. Each test checks what the folder ends up holding, byte for byte, and
 * that no temporary file is left behind.
 */

const worlds: QueueWorld[] = [];
const tempDir = useTempDirs();

function setup(): { w: QueueWorld; root: string } {
  const root = tempDir();
  const w = new QueueWorld(localUploader(root));
  worlds.push(w);
  return { w, root };
}

const listing = (dir: string) => readdirSync(dir).sort();

afterAll(async () => {
  for (const w of worlds) {
    await w.queue.close();
    w.remove();
  }
});

describe('delivery into a local folder', () => {
  it('copies files into the folder and into a subfolder, with the same bytes, reporting progress up to the size', async () => {
    const { w, root } = setup();
    mkdirSync(join(root, 'Final art'));
    const big = w.file('master.tif', 9 * 1024 * 1024);
    const small = w.file('logo.svg', Buffer.from('<svg/>'));
    const [toRoot] = w.add(localRootFolderId, big);
    const [toSub] = w.add('Final art', small);
    await w.queue.idle();
    expect([w.job(toRoot!.id).state, w.job(toSub!.id).state]).toEqual(['done', 'done']);
    expect(readFileSync(join(root, 'master.tif')).equals(big.bytes)).toBe(true);
    expect(readFileSync(join(root, 'Final art', 'logo.svg')).equals(small.bytes)).toBe(true);
    expect(listing(root)).toEqual(['Final art', 'master.tif']);
    // Copied in pieces: progress was seen between nothing and everything.
    const sent = w.updates
      .flatMap((u) => u.jobs)
      .filter((j) => j.id === toRoot!.id)
      .map((j) => j.sentBytes);
    expect(sent.some((n) => n > 0 && n < big.size)).toBe(true);
    expect(w.uploaded.find((u) => u.job.id === toSub!.id)?.item.hit).toMatchObject({
      id: 'Final art/logo.svg',
      name: 'logo.svg',
      size: small.size,
      location: 'Final art',
    });
  });

  it('asks on a name conflict: new version replaces the bytes, keep both adds "name (2).ext", skip leaves the folder alone', async () => {
    const { w, root } = setup();
    writeFileSync(join(root, 'poster.png'), 'version one');

    /** poster.png dropped again with new bytes: it asks, and gets `choice` as the answer. */
    const dropAgain = async (content: string, choice: ConflictChoice) => {
      const [job] = w.add(localRootFolderId, w.file('poster.png', Buffer.from(content)));
      await w.queue.idle();
      expect(w.job(job!.id)).toMatchObject({ state: 'conflict', message: 'A file named poster.png is already in Deliveries.' });
      w.queue.resolveConflict(job!.id, choice, false);
      await w.queue.idle();
      return w.job(job!.id);
    };

    expect(await dropAgain('version two', 'version')).toMatchObject({ state: 'done', message: 'Uploaded as a new version.' });
    expect(readFileSync(join(root, 'poster.png'), 'utf8')).toBe('version two');

    expect(await dropAgain('version three', 'keep-both')).toMatchObject({ state: 'done', targetName: 'poster (2).png' });
    expect(readFileSync(join(root, 'poster (2).png'), 'utf8')).toBe('version three');
    expect(readFileSync(join(root, 'poster.png'), 'utf8')).toBe('version two');

    // Both names taken: keep both counts on to (3).
    expect(await dropAgain('version four', 'keep-both')).toMatchObject({ state: 'done', targetName: 'poster (3).png' });
    expect(readFileSync(join(root, 'poster (3).png'), 'utf8')).toBe('version four');

    expect((await dropAgain('version five', 'skip')).state).toBe('skipped');
    expect(listing(root)).toEqual(['poster (2).png', 'poster (3).png', 'poster.png']);
    expect(readFileSync(join(root, 'poster.png'), 'utf8')).toBe('version two');
  });

  it('does not copy a file the folder already holds with the same bytes', async () => {
    const { w, root } = setup();
    writeFileSync(join(root, 'same.jpg'), 'identical');
    const [job] = w.add(localRootFolderId, w.file('same.jpg', Buffer.from('identical')));
    await w.queue.idle();
    expect(w.job(job!.id)).toMatchObject({ state: 'done', message: 'Already in the folder with the same content.' });
    expect(listing(root)).toEqual(['same.jpg']);
  });

  it('fails the row of a file that vanished after the drop, and of a zero-byte file, and copies the rest', async () => {
    const { w, root } = setup();
    const gone = w.file('moved-away.psd', 1000);
    rmSync(gone.path);
    const empty = w.file('empty.png', Buffer.alloc(0));
    const fine = w.file('fine.png', 2000);
    const [goneJob, emptyJob, fineJob] = w.add(localRootFolderId, gone, empty, fine);
    await w.queue.idle();
    expect(w.job(goneJob!.id)).toMatchObject({
      state: 'failed',
      message: 'moved-away.psd is no longer where it was dropped from.',
      fix: 'Drop the file again from its new place.',
    });
    expect(w.job(emptyJob!.id)).toMatchObject({ state: 'failed', message: 'empty.png is empty (0 bytes): nothing to upload.' });
    expect(w.job(fineJob!.id).state).toBe('done');
    expect(listing(root)).toEqual(['fine.png']);
    expect(readFileSync(join(root, 'fine.png')).equals(fine.bytes)).toBe(true);
  });

  it('refuses a delivery folder outside the connection’s folder, naming the step to fix', async () => {
    const { w, root } = setup();
    const [job] = w.add('../elsewhere', w.file('escape.png', 100));
    await w.queue.idle();
    expect(w.job(job!.id)).toMatchObject({
      state: 'failed',
      message: 'The delivery folder is not inside this connection’s folder any more.',
      step: 'folder',
    });
    expect(listing(root)).toEqual([]);
  });
});
