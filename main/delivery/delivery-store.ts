import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { deliveryJob } from '../../preload/contract';
import { writeFileAtomic } from '../shared/atomic-file';
import type { Logger } from '../shared/logger';

/** A job as main keeps it: what the renderer sees plus where the file is and what was decided. */
export const storedJob = deliveryJob.extend({
  path: z.string(),
  /** The file's size and modification time when the upload began (a change restarts it). */
  stamp: z.object({ size: z.number(), mtimeMs: z.number() }).optional(),
  /** Name and target once the conflict check is done (a retry must not ask again). */
  plan: z.object({ name: z.string(), replaceId: z.string().optional() }).optional(),
  /** The person's answer to this job's conflict. */
  choice: z.enum(['version', 'keep-both', 'skip']).optional(),
  /** The uploader's resumable session (Box parts, Graph upload URL). */
  session: z.unknown().optional(),
});
export type StoredJob = z.infer<typeof storedJob>;

const stored = z.object({
  version: z.literal(1),
  jobs: z.array(storedJob),
  /** "Apply to the rest" answers, per batch. */
  batchChoices: z.record(z.string(), z.enum(['version', 'keep-both', 'skip'])).default({}),
});
export type StoredQueue = z.infer<typeof stored>;

/**
 * The unfinished deliveries in the data folder (delivery/queue.json, 0600: Graph upload
 * URLs are pre-authenticated). Written whole and atomically, one write at a time, so a
 * crash leaves the last complete state: at worst a part is sent again, never lost.
 */
export class DeliveryStore {
  readonly file: string;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly log: Logger,
  ) {
    this.file = join(dataDir, 'delivery', 'queue.json');
  }

  load(): StoredQueue {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return { version: 1, jobs: [], batchChoices: {} };
    }
    try {
      return stored.parse(JSON.parse(text));
    } catch {
      this.log.warn('delivery queue file unreadable; starting with an empty queue');
      return { version: 1, jobs: [], batchChoices: {} };
    }
  }

  /** Resolves once this state (or a later one) is on disk. */
  save(state: StoredQueue): Promise<void> {
    const text = JSON.stringify(state);
    const next = this.chain.then(() => writeFileAtomic(this.file, text));
    this.chain = next.catch((error: unknown) =>
      this.log.warn('could not save the delivery queue', { error: error instanceof Error ? error.message : 'unknown' }),
    );
    return next;
  }
}
