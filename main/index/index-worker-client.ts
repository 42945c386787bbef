import { Worker } from 'node:worker_threads';
import type { HostReplies, HostRequest } from './index-host';

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/**
 * Where the worker's code is. Built, it is `index-worker.js` beside the main bundle
 * (electron.vite.config.ts builds it as its own entry); from source (vitest, tsx) it is
 * the `.ts` file beside this one, run through tsx.
 */
function workerEntry(): { url: URL; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  return {
    url: new URL(fromSource ? './index-worker.ts' : './index-worker.js', import.meta.url),
    execArgv: fromSource ? [...process.execArgv, '--import', 'tsx'] : [],
  };
}

/** Calls into the index worker; one request at a time per call, answered in order of arrival. */
export class IndexWorkerClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private failure: Error | undefined;

  constructor(root: string) {
    const { url, execArgv } = workerEntry();
    this.worker = new Worker(url, { workerData: { root }, execArgv });
    this.worker.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.ok) waiter?.resolve(reply.value);
      else waiter?.reject(new Error(reply.error));
    });
    const fail = (error: Error) => {
      this.failure = error;
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', () => fail(new Error('the index worker stopped')));
    // The worker must not keep the app (or a test run) alive on its own.
    this.worker.unref();
  }

  call<R extends HostRequest>(request: R): Promise<HostReplies[R['op']]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, request });
    });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}
