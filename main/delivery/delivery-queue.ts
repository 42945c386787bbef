import { randomUUID } from 'node:crypto';
import {
  deliveryJob,
  finishedStates,
  type ConflictChoice,
  type DeliveryJob,
  type DeliveryList,
  type DeliveryTotals,
} from '../../preload/delivery-contract';
import { abortableSleep } from '../http/retrying-fetch';
import { AppError, isAbortError } from '../shared/app-error';
import type { DeliveryStore, StoredJob } from './delivery-store';
import { keepBothName } from './keep-both-name';
import { localFile, stampOf } from './local-file';
import {
  FileChanged,
  UploadConflict,
  type ExistingFile,
  type LocalFile,
  type SessionSlot,
  type UploadedItem,
  type Uploader,
} from './uploader';

export interface QueueUpdate {
  jobs: DeliveryJob[];
  removed?: string[];
  totals: DeliveryTotals;
}

export interface DeliveryQueueDeps {
  store: DeliveryStore;
  /** The connection's uploader; throws an AppError when it may not deliver (off, forbidden, removed). */
  uploaderFor(connectionId: string): Uploader;
  emit(update: QueueUpdate): void;
  onUploaded(job: DeliveryJob, item: UploadedItem): void;
  /** Uploads at once (default 3). */
  concurrency?: number;
  /** Tries after a network loss or a throttled answer before a job fails (default 5). */
  maxAttempts?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface NewJob {
  path: string;
  name: string;
  size: number;
}

/** Failures that are about the moment, not the file: the job waits and tries again. */
const transientCodes = new Set(['network', 'timeout', 'rate_limited', 'service_unavailable', 'box_unavailable', 'box_not_ready']);
/** How often a file that keeps changing is started again before the job fails. */
const maxRestarts = 3;
/** "Keep both" tries "name (2)" up to "name (51)". */
const maxCopies = 50;

type StopKind = 'pause' | 'cancel' | 'close';
class QueueStop extends Error {
  constructor(readonly kind: StopKind) {
    super(kind);
  }
}

const isFinished = (job: { state: DeliveryJob['state'] }) => finishedStates.includes(job.state);

/**
 * The delivery queue: a few uploads at once, each job walked from pre-flight (conflicts,
 * names, quota) to a finished upload, with pause, cancel, conflict answers (one file or
 * the rest of the drop), retries after a network loss that resume the provider's upload
 * session, and a restart from scratch when the file changes underneath. Every change is
 * an event; unfinished jobs and their sessions are saved so a restart carries on.
 */
export class DeliveryQueue {
  private readonly jobs = new Map<string, StoredJob>();
  private batchChoices: Record<string, ConflictChoice> = {};
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly waits = new Map<string, AbortController>();
  private readonly attempts = new Map<string, number>();
  private readonly restarts = new Map<string, number>();
  private readonly lastEmitted = new Map<string, number>();
  private idleWaiters: Array<() => void> = [];
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(private readonly deps: DeliveryQueueDeps) {
    this.concurrency = deps.concurrency ?? 3;
    this.maxAttempts = deps.maxAttempts ?? 5;
    this.sleep = deps.sleep ?? abortableSleep;
  }

  /** Takes up what a previous run left: unfinished jobs go on (paused ones and open conflicts wait). */
  restore(): void {
    const saved = this.deps.store.load();
    this.batchChoices = saved.batchChoices;
    for (const job of saved.jobs) {
      const state = job.state === 'uploading' || job.state === 'waiting' ? 'queued' : job.state;
      this.jobs.set(job.id, { ...job, state });
    }
    this.pump();
  }

  add(input: { connectionId: string; folderId: string; folderName?: string; files: NewJob[] }): DeliveryJob[] {
    const batchId = randomUUID();
    const added = input.files.map((file): StoredJob => ({
      id: randomUUID(),
      batchId,
      connectionId: input.connectionId,
      folderId: input.folderId,
      ...(input.folderName ? { folderName: input.folderName } : {}),
      name: file.name,
      size: file.size,
      sentBytes: 0,
      state: 'queued',
      path: file.path,
    }));
    for (const job of added) this.jobs.set(job.id, job);
    void this.persist();
    this.emit(added);
    this.pump();
    return added.map(toPublic);
  }

  list(): DeliveryList {
    return { jobs: [...this.jobs.values()].map(toPublic), totals: this.totals() };
  }

  pause(ids: string[] | undefined, paused: boolean): void {
    for (const job of this.select(ids)) {
      if (paused) {
        if (job.state === 'uploading') this.running.get(job.id)?.controller.abort(new QueueStop('pause'));
        if (job.state === 'queued' || job.state === 'waiting') {
          this.waits.get(job.id)?.abort();
          this.update(job, { state: 'paused', message: undefined });
        }
      } else if (job.state === 'paused') {
        this.update(job, { state: 'queued', message: undefined });
      }
    }
    void this.persist();
    this.pump();
  }

  cancel(ids: string[] | undefined): void {
    for (const job of this.select(ids)) {
      if (isFinished(job)) continue;
      const run = this.running.get(job.id);
      if (run) {
        run.controller.abort(new QueueStop('cancel'));
        continue;
      }
      this.waits.get(job.id)?.abort();
      void this.cancelled(job);
    }
  }

  retry(id: string): void {
    const job = this.jobs.get(id);
    if (!job || job.state !== 'failed') return;
    this.attempts.delete(id);
    this.restarts.delete(id);
    this.update(job, { state: 'queued', message: undefined, fix: undefined, step: undefined });
    void this.persist();
    this.pump();
  }

  resolveConflict(id: string, choice: ConflictChoice, applyToRest: boolean): void {
    const job = this.jobs.get(id);
    if (!job || job.state !== 'conflict') return;
    if (applyToRest) this.batchChoices[job.batchId] = choice;
    for (const other of this.jobs.values()) {
      const answered = other.id === id || (applyToRest && other.batchId === job.batchId);
      if (answered && other.state === 'conflict') {
        other.choice = choice;
        this.update(other, { state: 'queued', message: undefined });
      }
    }
    void this.persist();
    this.pump();
  }

  /** Forgets finished jobs. */
  clear(): void {
    const removed = [...this.jobs.values()].filter(isFinished).map((job) => job.id);
    for (const id of removed) this.jobs.delete(id);
    this.deps.emit({ jobs: [], removed, totals: this.totals() });
  }

  /** Resolves once nothing is uploading, queued or waiting (tests; shutting down). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops running uploads without forgetting them: the next start resumes their sessions. */
  async close(): Promise<void> {
    for (const wait of this.waits.values()) wait.abort();
    const running = [...this.running.values()];
    for (const run of running) run.controller.abort(new QueueStop('close'));
    await Promise.all(running.map((run) => run.done));
    await this.persist();
  }

  private select(ids: string[] | undefined): StoredJob[] {
    return ids ? ids.flatMap((id) => this.jobs.get(id) ?? []) : [...this.jobs.values()];
  }

  private pump(): void {
    for (const job of this.jobs.values()) {
      if (this.running.size >= this.concurrency) break;
      if (job.state === 'queued' && !this.running.has(job.id)) this.start(job);
    }
    if (this.isIdle()) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private isIdle(): boolean {
    return this.running.size === 0 && ![...this.jobs.values()].some((job) => job.state === 'queued' || job.state === 'waiting');
  }

  private start(job: StoredJob): void {
    const controller = new AbortController();
    const entry = { controller, done: Promise.resolve() };
    this.running.set(job.id, entry);
    this.update(job, { state: 'uploading', message: undefined, fix: undefined, step: undefined });
    entry.done = this.run(job, controller.signal)
      .catch((error: unknown) => this.failed(job, error, controller.signal))
      .finally(() => {
        this.running.delete(job.id);
        this.pump();
      });
  }

  private async run(job: StoredJob, signal: AbortSignal): Promise<void> {
    const uploader = this.deps.uploaderFor(job.connectionId);
    const stamp = await stampOf(job.path, job.name);
    if (job.stamp && (job.stamp.size !== stamp.size || job.stamp.mtimeMs !== stamp.mtimeMs)) {
      // Saved again since the session began: the parts Box or Graph holds are the old bytes.
      await this.dropSession(job, uploader);
    }
    job.stamp = stamp;
    job.size = stamp.size;
    refuseEarly(job, uploader);
    const file = localFile(job.path, job.name, stamp);
    if (!job.plan) {
      const plan = await this.decide(job, uploader, file, signal);
      if (!plan) return;
      job.plan = plan;
      await this.persist();
    }
    if (job.plan.name !== job.name) job.targetName = job.plan.name;
    const item = await uploader.upload({
      folderId: job.folderId,
      name: job.plan.name,
      ...(job.plan.replaceId ? { replaceId: job.plan.replaceId } : {}),
      file,
      session: this.slot(job),
      signal,
      progress: (sent) => this.progress(job, sent),
    });
    this.finish(job, {
      state: 'done',
      sentBytes: job.size,
      itemId: item.hit.id,
      ...(item.webUrl ? { webUrl: item.webUrl } : {}),
      ...(job.plan.replaceId ? { message: 'Uploaded as a new version.' } : {}),
    });
    this.deps.onUploaded(toPublic(job), item);
  }

  /** The name and target to upload under, or undefined when the job stops here (conflict, skip, already there). */
  private async decide(job: StoredJob, uploader: Uploader, file: LocalFile, signal: AbortSignal): Promise<StoredJob['plan']> {
    const found = await uploader.preflight(job.folderId, job.name, file, signal);
    if (!found.conflict) return { name: job.name };
    if (this.alreadyThere(job, found.conflict)) return undefined;
    const choice = job.choice ?? this.batchChoices[job.batchId];
    if (!choice) {
      this.update(job, { state: 'conflict', message: `A file named ${job.name} is already in ${job.folderName ?? 'the folder'}.` });
      await this.persist();
      return undefined;
    }
    if (choice === 'skip') {
      this.finish(job, { state: 'skipped', message: 'Skipped: a file of this name is already there.' });
      return undefined;
    }
    if (choice === 'version') return { name: job.name, replaceId: found.conflict.id };
    for (let attempt = 1; attempt <= maxCopies; attempt++) {
      const name = keepBothName(job.name, attempt);
      const other = await uploader.preflight(job.folderId, name, file, signal);
      if (!other.conflict) return { name };
      if (this.alreadyThere(job, other.conflict)) return undefined;
    }
    throw new AppError({
      code: 'too_many_copies',
      message: `The folder already has ${maxCopies} copies of ${job.name}.`,
      fix: 'Rename the file, or choose "New version".',
    });
  }

  /** The same bytes are already there (an earlier attempt got through): done, not uploaded twice. */
  private alreadyThere(job: StoredJob, existing: ExistingFile): boolean {
    if (!existing.sameContent) return false;
    this.finish(job, { state: 'done', sentBytes: job.size, itemId: existing.id, message: 'Already in the folder with the same content.' });
    return true;
  }

  private async failed(job: StoredJob, error: unknown, signal: AbortSignal): Promise<void> {
    const stop = signal.aborted && signal.reason instanceof QueueStop ? signal.reason.kind : undefined;
    if (stop === 'pause') return this.update(job, { state: 'paused', message: undefined });
    if (stop === 'cancel') return this.cancelled(job);
    if (stop === 'close' || (signal.aborted && isAbortError(error))) return;

    if (error instanceof UploadConflict) {
      delete job.plan;
      delete job.targetName;
      if (this.alreadyThere(job, error.existing)) return;
      this.update(job, {
        state: (job.choice ?? this.batchChoices[job.batchId]) ? 'queued' : 'conflict',
        message: `A file named ${job.name} appeared in the folder meanwhile.`,
      });
      await this.persist();
      return;
    }
    if (error instanceof FileChanged) {
      const restarts = (this.restarts.get(job.id) ?? 0) + 1;
      this.restarts.set(job.id, restarts);
      await this.dropSession(job);
      if (restarts <= maxRestarts)
        return this.update(job, { state: 'queued', sentBytes: 0, message: 'The file changed while uploading: starting again.' });
      return this.finish(job, {
        state: 'failed',
        message: `${job.name} keeps changing while it is uploaded.`,
        fix: 'Wait until the app saving it has finished, then retry.',
      });
    }
    const shape = error instanceof AppError ? error : undefined;
    const attempts = (this.attempts.get(job.id) ?? 0) + 1;
    this.attempts.set(job.id, attempts);
    if (shape && transientCodes.has(shape.code) && attempts < this.maxAttempts) {
      const seconds = shape.retryAfter ?? 2 ** attempts;
      this.update(job, { state: 'waiting', message: `${shape.message} Trying again in ${Math.ceil(seconds)} s.` });
      // The wait holds no upload slot: other files go on meanwhile.
      void this.waitThenQueue(job, seconds);
      await this.persist();
      return;
    }
    this.finish(job, {
      state: 'failed',
      message: shape?.message ?? `${job.name} could not be uploaded.`,
      ...(shape?.fix ? { fix: shape.fix } : {}),
      ...(shape?.step ? { step: shape.step } : {}),
    });
  }

  private async waitThenQueue(job: StoredJob, seconds: number): Promise<void> {
    const wait = new AbortController();
    this.waits.set(job.id, wait);
    try {
      await this.sleep(seconds * 1000, wait.signal);
      if (job.state === 'waiting') this.update(job, { state: 'queued' });
    } catch {
      // paused or cancelled meanwhile: they set the state
    } finally {
      this.waits.delete(job.id);
      this.pump();
    }
  }

  private async cancelled(job: StoredJob): Promise<void> {
    const dropping = this.dropSession(job);
    this.finish(job, { state: 'cancelled', message: undefined });
    await dropping;
  }

  /** Tells the service to let go of the job's session (if any) and forgets it. */
  private async dropSession(job: StoredJob, uploader?: Uploader): Promise<void> {
    if (job.session === undefined) return;
    const session = job.session;
    delete job.session;
    await this.persist();
    try {
      await (uploader ?? this.deps.uploaderFor(job.connectionId)).discard?.(session);
    } catch {
      // The session expires by itself; the job is already free of it.
    }
  }

  private slot(job: StoredJob): SessionSlot {
    return {
      load: () => job.session,
      save: async (state) => {
        job.session = state;
        await this.persist();
      },
      clear: async () => {
        delete job.session;
        await this.persist();
      },
    };
  }

  private progress(job: StoredJob, sent: number): void {
    job.sentBytes = Math.min(sent, job.size);
    // Enough events for a smooth bar, not one per network chunk.
    const step = Math.max(256 * 1024, Math.floor(job.size / 100));
    const last = this.lastEmitted.get(job.id) ?? -Infinity;
    if (job.sentBytes - last >= step || job.sentBytes === job.size || job.sentBytes < last) {
      this.lastEmitted.set(job.id, job.sentBytes);
      this.emit([job]);
    }
  }

  private finish(job: StoredJob, patch: Partial<StoredJob>): void {
    this.update(job, patch);
    delete job.session;
    this.lastEmitted.delete(job.id);
    void this.persist();
  }

  private update(job: StoredJob, patch: Partial<StoredJob>): void {
    // An undefined value clears the field (a message from an earlier attempt, say).
    const record = job as Record<string, unknown>;
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) Reflect.deleteProperty(record, key);
      else record[key] = value;
    }
    this.emit([job]);
  }

  private emit(jobs: StoredJob[]): void {
    this.deps.emit({ jobs: jobs.map(toPublic), totals: this.totals() });
  }

  private totals(): DeliveryTotals {
    const all = [...this.jobs.values()];
    return {
      files: all.length,
      finished: all.filter(isFinished).length,
      totalBytes: all.reduce((sum, job) => sum + job.size, 0),
      sentBytes: all.reduce((sum, job) => sum + (job.state === 'done' ? job.size : job.sentBytes), 0),
    };
  }

  private persist(): Promise<void> {
    const jobs = [...this.jobs.values()].filter((job) => !isFinished(job));
    const batches = new Set(jobs.map((job) => job.batchId));
    const batchChoices = Object.fromEntries(Object.entries(this.batchChoices).filter(([batch]) => batches.has(batch)));
    return this.deps.store.save({ version: 1, jobs, batchChoices }).catch(() => undefined);
  }
}

/** Checks that need no network: each is a clear message on the file's own row. */
function refuseEarly(job: StoredJob, uploader: Uploader): void {
  if (job.size === 0) {
    throw new AppError({
      code: 'empty_file',
      message: `${job.name} is empty (0 bytes): nothing to upload.`,
      fix: 'Save the file again from the app that made it, then drop it again.',
    });
  }
  if (uploader.maxFileSize !== undefined && job.size > uploader.maxFileSize) {
    throw new AppError({
      code: 'file_too_large',
      message: `${job.name} is larger than this service accepts.`,
      fix: 'Upload a smaller file.',
    });
  }
  const problem = uploader.nameProblem(job.name);
  if (problem) throw new AppError({ code: 'name_refused', message: problem, fix: 'Rename the file and drop it again.' });
}

/** What the renderer sees: never the local path or the session (a Graph upload URL is a credential). */
function toPublic(job: StoredJob): DeliveryJob {
  return deliveryJob.parse(job);
}
