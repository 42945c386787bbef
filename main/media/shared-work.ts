interface Job<T> {
  promise: Promise<T>;
  controller: AbortController;
  /** Callers still waiting for it. */
  waiting: number;
}

/**
 * One job per key, shared by everyone who asks for it while it runs. Each caller can give
 * up on its own signal; the job itself is aborted only when the last one has: a tile that
 * scrolls away does not cancel a thumbnail main's warm-up still wants, and a warm-up that a
 * newer search cancels does not fail the tile that joined it.
 */
export class SharedWork<T> {
  private readonly running = new Map<string, Job<T>>();

  run(key: string, signal: AbortSignal, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    const job = this.running.get(key) ?? this.start(key, work);
    job.waiting++;
    return new Promise<T>((resolve, reject) => {
      const leave = () => {
        reject(signal.reason as Error);
        if (--job.waiting > 0) return;
        // Nobody wants it any more: stop it, and let the next caller start afresh.
        if (this.running.get(key) === job) this.running.delete(key);
        job.controller.abort(signal.reason);
      };
      signal.addEventListener('abort', leave, { once: true });
      job.promise.then(
        (value) => {
          signal.removeEventListener('abort', leave);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', leave);
          reject(error as Error);
        },
      );
    });
  }

  private start(key: string, work: (signal: AbortSignal) => Promise<T>): Job<T> {
    const controller = new AbortController();
    const job: Job<T> = { controller, waiting: 0, promise: work(controller.signal) };
    this.running.set(key, job);
    void job.promise
      .finally(() => {
        if (this.running.get(key) === job) this.running.delete(key);
      })
      .catch(() => undefined);
    return job;
  }
}
