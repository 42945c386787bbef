import { describe, expect, it } from 'vitest';
import { SharedWork } from '../../../../main/media/shared-work';

/** A job that runs until it is told to finish, and records whether its signal aborted. */
function pendingJob() {
  let finish!: (value: string) => void;
  const job = { runs: 0, signal: undefined as AbortSignal | undefined, finish: (value: string) => finish(value) };
  const work = (signal: AbortSignal) => {
    job.runs++;
    job.signal = signal;
    return new Promise<string>((resolve, reject) => {
      finish = resolve;
      signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
    });
  };
  return { job, work };
}

describe('SharedWork', () => {
  it('runs a key once for everyone who asks while it runs', async () => {
    const shared = new SharedWork<string>();
    const { job, work } = pendingJob();
    const a = shared.run('k', new AbortController().signal, work);
    const b = shared.run('k', new AbortController().signal, work);
    job.finish('done');
    await expect(Promise.all([a, b])).resolves.toEqual(['done', 'done']);
    expect(job.runs).toBe(1);
  });

  it('keeps the job running for the others when one caller gives up', async () => {
    const shared = new SharedWork<string>();
    const { job, work } = pendingJob();
    const leaving = new AbortController();
    const a = shared.run('k', leaving.signal, work);
    const b = shared.run('k', new AbortController().signal, work);
    leaving.abort(new Error('scrolled away'));
    await expect(a).rejects.toThrow('scrolled away');
    expect(job.signal?.aborted).toBe(false);
    job.finish('done');
    await expect(b).resolves.toBe('done');
  });

  it('aborts the job when the last caller gives up, and starts afresh for the next', async () => {
    const shared = new SharedWork<string>();
    const first = pendingJob();
    const one = new AbortController();
    const two = new AbortController();
    const a = shared.run('k', one.signal, first.work);
    const b = shared.run('k', two.signal, first.work);
    one.abort(new Error('gone'));
    two.abort(new Error('gone too'));
    await expect(Promise.allSettled([a, b])).resolves.toEqual([
      expect.objectContaining({ status: 'rejected' }),
      expect.objectContaining({ status: 'rejected' }),
    ]);
    expect(first.job.signal?.aborted).toBe(true);

    const second = pendingJob();
    const c = shared.run('k', new AbortController().signal, second.work);
    second.job.finish('again');
    await expect(c).resolves.toBe('again');
    expect(second.job.runs).toBe(1);
  });

  it('refuses a caller whose signal has already aborted, without starting anything', async () => {
    const shared = new SharedWork<string>();
    const { job, work } = pendingJob();
    await expect(shared.run('k', AbortSignal.abort(new Error('too late')), work)).rejects.toThrow('too late');
    expect(job.runs).toBe(0);
  });
});
