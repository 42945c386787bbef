import type { ConfigOf, ConnectionKind, SecretsOf } from '../../preload/connection-kinds';
import type { AuthState, FolderEntry, SearchHit, TestReport } from '../../preload/contract';
import type { Endpoints } from '../http/endpoints';
import type { Uploader } from '../delivery/uploader';
import type { IndexSource } from '../index/index-source';
import type { Logger } from '../shared/logger';
import type { SecretStore } from '../vault/vault';

/** One search result as a provider reports it; main adds the key and the media URL. */
export type ProviderHit = Pick<SearchHit, 'name' | 'size' | 'modifiedAt' | 'width' | 'height' | 'location' | 'fileKey'> & { id: string };

/** A hit from the fields a service answered with; those it left out stay out (not `undefined`). */
export function hitOf(fields: {
  id: string;
  name: string;
  size?: number | undefined;
  modifiedAt?: string | undefined;
  location?: string | undefined;
}): ProviderHit {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== '')) as ProviderHit;
}

export interface ProviderPage {
  hits: ProviderHit[];
  /** Nothing can be listed for an empty query here (Graph search needs words): not "0 images". */
  notListed?: boolean;
  nextCursor?: string;
  total?: number;
  /** `total` is a lower bound (the name index stops counting once its page is settled). */
  totalAtLeast?: boolean;
}

/** A folder's contents: subfolders first (on the first page), then its images, paged. */
export interface FolderListing extends ProviderPage {
  folders: FolderEntry[];
}

/** What the service says the file is; a download that differs is not kept. */
export interface ExpectedContent {
  size?: number;
  /** Hex SHA-1 (Box's `sha1`, Graph's `sha1Hash` on personal drives). */
  sha1?: string;
  /** Base64 QuickXorHash (Graph's `quickXorHash`). */
  quickXorHash?: string;
}

/** The original file of a result, as a stream with its real name. */
export interface OriginalFile {
  name: string;
  body: ReadableStream<Uint8Array>;
  expected?: ExpectedContent;
}

export interface ProviderAuth {
  state(): Promise<{ state: AuthState; account?: string }>;
  /** Interactive sign-in (system browser + loopback). Resolves with the account name. */
  signIn(signal: AbortSignal): Promise<string>;
  signOut(): Promise<void>;
}

/**
 * What a provider needs from the rest of main. Everything Electron-specific arrives here
 * as a plain function so providers run unchanged in tests and in the headless composition.
 */
export interface ProviderContext {
  connectionId: string;
  fetch: typeof fetch;
  /** The vault, scoped to this connection. Tokens and secrets live here only. */
  secrets: SecretStore;
  endpoints: Endpoints;
  openExternal(url: string): Promise<void>;
  log: Logger;
}

export interface Provider {
  /**
   * Images whose name contains `text` (trimmed by the contract). An empty `text` lists what
   * the provider can list cheaply (a local folder), or nothing where it cannot.
   */
  search(text: string, cursor: string | undefined, signal: AbortSignal): Promise<ProviderPage>;
  /** Bytes of an image small enough to make a thumbnail from (media resizes it). */
  thumbnailSource(itemId: string, signal: AbortSignal): Promise<Uint8Array>;
  original(itemId: string, signal: AbortSignal): Promise<OriginalFile>;
  /**
   * The same file across connections (SearchHit.fileKey), for hits that came without one
   * (answers from the name index): Box file IDs are global to the Box instance.
   */
  fileKey?(itemId: string): string | undefined;
  /** Where "Open original" goes; undefined when the item has no web page. */
  originalUrl(itemId: string): string | undefined;
  /** Checks the setup end to end and says what to do next. Throws AppError naming the step to fix. */
  test(signal: AbortSignal): Promise<TestReport>;
  /** Present for per-user connections (Box OAuth, OneDrive). */
  auth?: ProviderAuth;
  /** The folders inside `parentId` (the top level when undefined), for picking a folder filter. */
  listFolders?(parentId: string | undefined, signal: AbortSignal): Promise<FolderEntry[]>;
  /**
   * One folder as designers browse it: its subfolders and the images directly in it (the
   * connection's top level when `folderId` is undefined), paged like search.
   */
  listFolder?(folderId: string | undefined, cursor: string | undefined, signal: AbortSignal): Promise<FolderListing>;
  /** Feeds the local name index; absent where the provider cannot list everything it sees. */
  indexSource?(): IndexSource;
  /** Local files can be dragged in place instead of copied into the cache. */
  localPath?(itemId: string): Promise<string>;
  /** Takes files back into the service (delivery, issue #16); absent where the provider cannot write. */
  uploader?(): Uploader;
  /**
   * True when a local file's thumbnail must come from `thumbnailSource` rather than from
   * the file itself (a PSD's embedded composite; a format with no preview, which throws
   * AppError 'no_preview' at once and the renderer shows a typed placeholder).
   */
  thumbnailFromSource?(itemId: string): boolean;
  dispose?(): Promise<void>;
}

export interface ProviderInput<K extends ConnectionKind> {
  config: ConfigOf<K>;
  /** Secrets are read from `context.secrets` under these names (keys of SecretsOf<K>). */
  context: ProviderContext;
}

export type ProviderFactory<K extends ConnectionKind> = (input: ProviderInput<K>) => Provider;

export type ProviderFactories = { [K in ConnectionKind]: ProviderFactory<K> };

export type SecretName<K extends ConnectionKind> = keyof SecretsOf<K> & string;
