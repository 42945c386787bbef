import { z } from 'zod';

/**
 * Delivery (issue #16): files dropped on Skyhook are uploaded into a connection's folder.
 * The channels and the event live here and are spread into contract.ts, so the queue's
 * whole surface reads in one place.
 */

const connectionId = z.string().uuid();
const jobId = z.string().uuid();
const returns = <T>() => undefined as unknown as T;

export const conflictChoices = ['version', 'keep-both', 'skip'] as const;
export const conflictChoice = z.enum(conflictChoices);
export type ConflictChoice = z.infer<typeof conflictChoice>;

export const deliveryStates = ['queued', 'uploading', 'waiting', 'paused', 'conflict', 'done', 'failed', 'skipped', 'cancelled'] as const;
export type DeliveryState = (typeof deliveryStates)[number];
/** States a job does not leave by itself. */
export const finishedStates: readonly DeliveryState[] = ['done', 'failed', 'skipped', 'cancelled'];

export const deliveryJob = z.object({
  id: jobId,
  /** The files of one drop: "apply to the rest" answers a conflict for all of them. */
  batchId: z.string().uuid(),
  connectionId,
  folderId: z.string(),
  folderName: z.string().optional(),
  /** The file's own name. */
  name: z.string(),
  /** The name it gets in the service when that differs ("keep both" → "name (2).ext"). */
  targetName: z.string().optional(),
  size: z.number().int().nonnegative(),
  sentBytes: z.number().int().nonnegative(),
  state: z.enum(deliveryStates),
  /** What happened, in words (a failure, a skip, "already in the folder"). */
  message: z.string().optional(),
  fix: z.string().optional(),
  /** The wizard step that fixes a permission problem. */
  step: z.string().optional(),
  /** Where the delivered file lives ("Open in Box"). */
  webUrl: z.string().optional(),
  itemId: z.string().optional(),
});
export type DeliveryJob = z.infer<typeof deliveryJob>;

export const deliveryTotals = z.object({
  files: z.number().int().nonnegative(),
  finished: z.number().int().nonnegative(),
  totalBytes: z.number().int().nonnegative(),
  sentBytes: z.number().int().nonnegative(),
});
export type DeliveryTotals = z.infer<typeof deliveryTotals>;

export interface DeliveryList {
  jobs: DeliveryJob[];
  totals: DeliveryTotals;
}

/** Where a drop on a connection goes, for the overlay ("Drop to upload to Box › Final art"). */
export interface DeliveryTarget {
  connectionId: string;
  connectionName: string;
  folderId: string;
  folderName: string;
}

export interface DeliveryStartResult {
  queued: DeliveryJob[];
  /** Files refused before queueing (a link, a device, a place Skyhook never uploads from). */
  refused: Array<{ name: string; message: string }>;
  /** A dropped folder holds more files than Skyhook uploads without asking: nothing was queued. */
  needsConfirmation?: { files: number; folders: string[] };
}

/** Absolute paths of the dropped files (webUtils.getPathForFile in the app; the bridge's test seam). */
const localPath = z.string().min(1).max(4096);

export const deliveryChannels = {
  /** Queues dropped files (folders recursively) for upload into the connection's delivery folder or `folderId`. */
  'delivery.start': {
    input: z
      .object({
        connectionId,
        folderId: z.string().min(1).max(400).optional(),
        paths: z.array(localPath).min(1).max(1000),
        /** The person agreed to upload a large dropped folder. */
        confirmed: z.boolean().optional(),
      })
      .strict(),
    output: returns<DeliveryStartResult>(),
  },
  'delivery.list': { input: z.object({}).strict(), output: returns<DeliveryList>() },
  'delivery.target': {
    input: z.object({ connectionId, folderId: z.string().min(1).max(400).optional() }).strict(),
    output: returns<DeliveryTarget>(),
  },
  /** Pauses (or resumes) the given jobs, or every job. */
  'delivery.pause': {
    input: z.object({ ids: z.array(jobId).max(1000).optional(), paused: z.boolean() }).strict(),
    output: returns<null>(),
  },
  'delivery.cancel': { input: z.object({ ids: z.array(jobId).max(1000).optional() }).strict(), output: returns<null>() },
  'delivery.retry': { input: z.object({ id: jobId }).strict(), output: returns<null>() },
  'delivery.resolveConflict': {
    input: z.object({ id: jobId, choice: conflictChoice, applyToRest: z.boolean() }).strict(),
    output: returns<null>(),
  },
  /** Forgets finished jobs. */
  'delivery.clear': { input: z.object({}).strict(), output: returns<null>() },
} as const;

export const deliveryEvents = {
  /** Jobs that changed (progress, state) and the queue's totals; `removed` lists forgotten jobs. */
  'delivery.progress': z.object({ jobs: z.array(deliveryJob), removed: z.array(z.string()).optional(), totals: deliveryTotals }),
} as const;
