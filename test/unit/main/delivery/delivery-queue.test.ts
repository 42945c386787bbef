import { rmSync, unlinkSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  UploadConflict,
  type LocalFile,
  type PreflightResult,
  type UploadRequest,
  type Uploader,
} from '../../../../main/delivery/uploader';
import { AppError } from '../../../../main/shared/app-error';
import { QueueWorld } from '../../../harness/delivery-queue';

/** An in-memory service: names it holds, uploads it is in the middle of, and scripted failures. */
class MemoryService implements Uploader {
  readonly stored = new Map<string, Buffer>();
  readonly started: string[] = [];
  running = 0;
  mostAtOnce = 0;
  /** Errors the next uploads throw, in order. */
  failures: unknown[] = [];
  /** Uploads wait here until released. */
  gate: Promise<void> | undefined;
  discarded: unknown[] = [];

  nameProblem(name: string) {
    return name.includes(':') ? `"${name}" has a colon.` : undefined;
  }
  async preflight(_folder: string, name: string, file: LocalFile): Promise<PreflightResult> {
    const existing = this.stored.get(name);
    if (!existing) return {};
    return { conflict: { id: name, sameContent: existing.equals(Buffer.from(await file.read(0, file.size))) } };
  }
  async upload(request: UploadRequest) {
    this.started.push(request.name);
    this.running++;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.running);
    try {
      await request.session.save({ name: request.name });
      if (this.gate)
        await Promise.race([
          this.gate,
          new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason))),
        ]);
      const failure = this.failures.shift();
      if (failure) throw failure;
      const bytes = Buffer.from(await request.file.read(0, request.file.size));
      if (!request.replaceId && this.stored.has(request.name)) throw new UploadConflict({ id: request.name, sameContent: false });
      this.stored.set(request.name, bytes);
      request.progress(bytes.length);
      await request.session.clear();
      return { hit: { id: request.name, name: request.name } };
    } finally {
      this.running--;
    }
  }
  async probeWrite() {}
  async folderName() {
    return 'Deliveries';
  }
  async discard(state: unknown) {
    this.discarded.push(state);
  }
}

const worlds: QueueWorld[] = [];
function world(service: MemoryService): QueueWorld {
  const w = new QueueWorld(service);
  worlds.push(w);
  return w;
}
afterEach(() => {
  for (const w of worlds.splice(0)) w.remove();
});

describe('delivery queue', () => {
  it('uploads a few files at once, never more than its limit, and all of them', async () => {
    const service = new MemoryService();
    const w = world(service);
    const files = Array.from({ length: 7 }, (_, i) => w.file(`f${i}.png`, 10 + i));
    w.add('f', ...files);
    await w.queue.idle();
    expect(service.mostAtOnce).toBe(3);
    expect([...service.stored.keys()].sort()).toEqual(files.map((f) => f.name).sort());
    expect(w.queue.list().totals).toEqual({
      files: 7,
      finished: 7,
      totalBytes: files.reduce((s, f) => s + f.size, 0),
      sentBytes: files.reduce((s, f) => s + f.size, 0),
    });
  });

  it('refuses empty files, names the service refuses and vanished files on their own rows, and goes on with the rest', async () => {
    const service = new MemoryService();
    const w = world(service);
    const empty = w.file('empty.png', 0);
    const colon = w.file('a:b.png', 5);
    const gone = w.file('gone.png', 5);
    unlinkSync(gone.path);
    const fine = w.file('fine.png', 5);
    const [e, c, g, f] = w.add('f', empty, colon, gone, fine);
    await w.queue.idle();
    expect(w.job(e!.id)).toMatchObject({ state: 'failed', message: 'empty.png is empty (0 bytes): nothing to upload.' });
    expect(w.job(c!.id)).toMatchObject({ state: 'failed', message: '"a:b.png" has a colon.' });
    expect(w.job(g!.id)).toMatchObject({ state: 'failed', message: 'gone.png is no longer where it was dropped from.' });
    expect(w.job(f!.id).state).toBe('done');
  });

  it('retries after a network loss with the session it saved, and fails with the message after too many tries', async () => {
    const service = new MemoryService();
    const w = world(service);
    service.failures = [new AppError({ code: 'network', message: 'Skyhook could not reach the service.' })];
    const [job] = w.add('f', w.file('retry.png', 5));
    await w.queue.idle();
    expect(w.job(job!.id).state).toBe('done');
    expect(w.updates.flatMap((u) => u.jobs).some((j) => j.id === job!.id && j.state === 'waiting')).toBe(true);

    const network = () => new AppError({ code: 'network', message: 'Skyhook could not reach the service.' });
    service.failures = [network(), network(), network(), network(), network()];
    const [again] = w.add('f', w.file('never.png', 5));
    await w.queue.idle();
    expect(w.job(again!.id)).toMatchObject({ state: 'failed', message: 'Skyhook could not reach the service.' });
    w.queue.retry(again!.id);
    await w.queue.idle();
    expect(w.job(again!.id).state).toBe('done');
  });

  it('pauses and resumes a running upload, and cancel lets go of its session', async () => {
    const service = new MemoryService();
    const w = world(service);
    let release!: () => void;
    service.gate = new Promise((resolve) => (release = resolve));
    const [a, b] = w.add('f', w.file('a.png', 5), w.file('b.png', 5));
    await expect.poll(() => service.started.length).toBe(2);
    w.queue.pause([a!.id], true);
    w.queue.cancel([b!.id]);
    await w.queue.idle();
    expect(w.job(a!.id).state).toBe('paused');
    expect(w.job(b!.id).state).toBe('cancelled');
    expect(service.discarded).toEqual([{ name: 'b.png' }]);
    release();
    service.gate = undefined;
    w.queue.pause([a!.id], false);
    await w.queue.idle();
    expect(w.job(a!.id).state).toBe('done');
    expect(service.stored.has('b.png')).toBe(false);
  });

  it('keeps both as "name (2).ext", then "name (3).ext"; an identical file is not uploaded again', async () => {
    const service = new MemoryService();
    service.stored.set('art.png', Buffer.from('old'));
    service.stored.set('art (2).png', Buffer.from('older'));
    const w = world(service);
    const [job] = w.add('f', w.file('art.png', Buffer.from('new')));
    await w.queue.idle();
    expect(w.job(job!.id).state).toBe('conflict');
    w.queue.resolveConflict(job!.id, 'keep-both', false);
    await w.queue.idle();
    expect(w.job(job!.id)).toMatchObject({ state: 'done', targetName: 'art (3).png' });
    const uploads = service.started.length;
    const [same] = w.add('f', w.file('art.png', Buffer.from('old')));
    await w.queue.idle();
    expect(w.job(same!.id)).toMatchObject({ state: 'done', message: 'Already in the folder with the same content.' });
    expect(service.started.length).toBe(uploads);
  });

  it('keeps unfinished jobs and their sessions across a restart, and a conflict still waits for its answer', async () => {
    const service = new MemoryService();
    service.stored.set('taken.png', Buffer.from('x'));
    const w = world(service);
    service.gate = new Promise(() => undefined);
    const [running, conflicted] = w.add('f', w.file('running.png', 5), w.file('taken.png', 3));
    await expect.poll(() => w.job(conflicted!.id).state).toBe('conflict');
    await expect.poll(() => service.started.length).toBe(1);
    service.gate = undefined;
    await w.reopen();
    await w.queue.idle();
    expect(w.job(running!.id).state).toBe('done');
    expect(w.job(conflicted!.id).state).toBe('conflict');
    w.queue.resolveConflict(conflicted!.id, 'version', false);
    await w.queue.idle();
    expect(service.stored.get('taken.png')?.length).toBe(3);
    rmSync(w.dir, { recursive: true, force: true });
  });
});
