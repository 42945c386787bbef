import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HostReplies, HostRequest } from './index-host';

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/**
 * Where the worker's code is. Built, it is `index-worker.js` beside the main bundle
 * (electron.vite.config.ts builds it as its own entry). From source (vitest, tsx) it is
 * the `.ts` file beside this one, loaded by a one-line bootstrap that registers tsx in
 * the worker first (a worker does not inherit the parent's loader hooks).
 */
function spawnWorker(root: string): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    // This code may sit in a shared chunk (out/main/chunks/) below the entries.
    const beside = new URL('./index-worker.js', import.meta.url);
    const entry = existsSync(fileURLToPath(beside)) ? beside : new URL('../index-worker.js', import.meta.url);
    return new Worker(entry, { workerData: { root } });
  }
  const entry = new URL('./index-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: { root } });
}

/** Calls into the index worker; one request at a time per call, answered in order of arrival. */
export class IndexWorkerClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private failure: Error | undefined;

  constructor(root: string) {
    this.worker = spawnWorker(root);
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
