import { z } from 'zod';
import type { ProviderHit } from '../providers/provider';

/**
 * What a provider implements to take files back (issue #16): the queue decides what to
 * upload, in which order and under which name; the uploader only talks to its service.
 */

/** The local file being delivered, read in pieces; every read checks it has not changed. */
export interface LocalFile {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array<ArrayBuffer>>;
  /** Hex SHA-1 of the whole file (Box's digest and conflict check). */
  sha1(): Promise<string>;
  /** Base64 QuickXorHash of the whole file (OneDrive for Business's hash). */
  quickXorHash(): Promise<string>;
}

/**
 * Where an uploader keeps what it needs to resume an upload session after a network loss
 * or a restart (Box session endpoints and parts, a Graph upload URL). The queue writes it
 * to the data folder atomically before `save` resolves.
 */
/**
 * What every saved upload session records about its file, so a resumed session can be
 * matched to the same drop (provider-specific fields are added by each uploader).
 */
export const savedSessionFile = {
  folderId: z.string(),
  name: z.string(),
  replaceId: z.string().optional(),
  size: z.number(),
};

export interface SessionSlot {
  load(): unknown;
  save(state: unknown): Promise<void>;
  clear(): Promise<void>;
}

export interface UploadRequest {
  folderId: string;
  name: string;
  /** Upload as a new version of this file instead of a new file. */
  replaceId?: string;
  file: LocalFile;
  session: SessionSlot;
  signal: AbortSignal;
  /** Bytes the service has confirmed so far. */
  progress(sentBytes: number): void;
}

export interface UploadedItem {
  /** The new file as search would list it, so it can show in results at once. */
  hit: ProviderHit;
  /** Its page in the service ("Open in Box"). */
  webUrl?: string;
}

/** A file of the same name already in the folder. */
export interface ExistingFile {
  id: string;
  /** True when it already holds exactly these bytes (an earlier attempt got through). */
  sameContent: boolean;
}

export interface PreflightResult {
  conflict?: ExistingFile;
}

export interface Uploader {
  /** Largest file the service takes, when it is known before asking. */
  readonly maxFileSize?: number;
  /** Why the service would refuse this name, in words; undefined when it is fine. */
  nameProblem(name: string): string | undefined;
  /**
   * Asks the service whether `name` can be uploaded into the folder (Box's pre-flight,
   * Graph's item lookup): name conflicts come back, quota, permission and name errors throw.
   */
  preflight(folderId: string, name: string, file: LocalFile, signal: AbortSignal): Promise<PreflightResult>;
  upload(request: UploadRequest): Promise<UploadedItem>;
  /** Throws an AppError naming the wizard step when the connection may not write into the folder. */
  probeWrite(folderId: string, signal: AbortSignal): Promise<void>;
  /** The folder's name, for the drop overlay. */
  folderName(folderId: string, signal: AbortSignal): Promise<string>;
  /** Lets go of a session the queue gave up on (cancel); failures are ignored. */
  discard?(state: unknown): Promise<void>;
}

/** The service already has a file of this name (a race after the pre-flight check). */
export class UploadConflict extends Error {
  constructor(readonly existing: ExistingFile) {
    super('A file with this name already exists.');
    this.name = 'UploadConflict';
  }
}

/** The file changed on disk while it was being uploaded: start again from the new content. */
export class FileChanged extends Error {
  constructor() {
    super('The file changed while it was being uploaded.');
    this.name = 'FileChanged';
  }
}
