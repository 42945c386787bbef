import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { ChangeLog } from './changes';

/**
 * Everything the fake Box knows: apps from the Developer Console, users, folders, files,
 * sharing, issued tokens and counters tests assert on. Tests change it directly
 * (e.g. `state.rateLimitSearches(2)`); the servers only read and update it.
 */

export type AuthMethod = 'ccg' | 'jwt' | 'oauth';

export interface FakeApp {
  name: string;
  clientId: string;
  clientSecret: string;
  authMethod: AuthMethod;
  enterpriseId: string;
  /** Approved by the admin in Admin Console → Apps → Custom Apps (server auth only). */
  authorizedByAdmin: boolean;
  /** Advanced Features → "Generate user access tokens". */
  generateUserAccessTokens: boolean;
  /** Scope "Read all files and folders stored in Box" (root_readonly). */
  readScope: boolean;
  /** Scope "Write all files and folders stored in Box" (root_readwrite); on unless set to false. */
  writeScope?: boolean;
  /** JWT: the public keys added under "Add and Manage Public Keys". */
  publicKeys: Array<{ id: string; pem: string }>;
  /** OAuth: registered redirect URIs (exact match). */
  redirectUris: string[];
  /** Fake convenience (the real Box matches exactly): accept any http://127.0.0.1:<port>/… redirect. */
  allowAnyLoopbackRedirect: boolean;
  /** Overrides the lifetime of the access tokens issued to this app. */
  accessTokenExpiresIn?: number;
  serviceAccountId: string;
}

export interface FakeUser {
  id: string;
  name: string;
  login: string;
  enterpriseId?: string;
  createdAt: string;
}

export interface FakeFolder {
  id: string;
  name: string;
  parentId: string;
  ownerId: string;
  sharedWith: Set<string>;
  /** Box's `sequence_id`/`etag`: grows with each rename, move, trash and restore. */
  sequence: number;
}

export interface FakeFile {
  id: string;
  name: string;
  bytes: Uint8Array;
  /** Served as the 320x320 representation and thumbnail; defaults to `bytes`. */
  thumbnail?: Uint8Array;
  parentId: string;
  ownerId: string;
  sharedWith: Set<string>;
  /** Search finds a file only once Box has indexed it (about 10 minutes after upload). */
  indexed: boolean;
  createdAt: string;
  modifiedAt: string;
  versionId: string;
  /** The next N representation lookups report `pending`. */
  representationPending: number;
  /** The next N thumbnail.jpg/png requests answer 202 + Retry-After. */
  thumbnailPending: number;
  /** False: Box offers no representations for it (thumbnail endpoint only). */
  representations: boolean;
  /** Box's `sequence_id`/`etag`: grows with each rename, move, trash and restore. */
  sequence: number;
}

export interface AccessTokenRecord {
  clientId: string;
  userId: string;
  expiresAt: number;
  grantId: string;
  revoked: boolean;
}

export interface RefreshTokenRecord {
  clientId: string;
  userId: string;
  grantId: string;
  used: boolean;
  revoked: boolean;
}

export interface CodeRecord {
  clientId: string;
  userId: string;
  redirectUri: string;
  expiresAt: number;
  used: boolean;
  /** PKCE (RFC 7636): the challenge sent to the authorize page, checked against the token request's code_verifier. */
  challenge?: { value: string; method: 'S256' | 'plain' };
}

export interface LoggedRequest {
  host: 'api' | 'account' | 'download' | 'realtime';
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: boolean;
  aborted: boolean;
}

export interface InjectedFailure {
  pathPrefix: string;
  status: number;
  remaining: number;
  retryAfter?: number;
}

export interface Counters {
  tokenRequests: Record<string, number>;
  /** refresh_token grant requests, successful or not. */
  refreshes: number;
  revocations: number;
  searches: number;
  /** /content downloads that (wrongly) carried an Authorization header to the download host. */
  downloadsWithAuthorization: number;
}

const allDigits = (n: number) => String(n);

export class FakeBoxState {
  readonly apps: FakeApp[] = [];
  readonly users = new Map<string, FakeUser>();
  readonly folders = new Map<string, FakeFolder>();
  readonly files = new Map<string, FakeFile>();
  readonly accessTokens = new Map<string, AccessTokenRecord>();
  readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  readonly codes = new Map<string, CodeRecord>();
  readonly usedJtis = new Set<string>();
  readonly requests: LoggedRequest[] = [];
  readonly events = new EventEmitter();
  readonly counters: Counters = { tokenRequests: {}, refreshes: 0, revocations: 0, searches: 0, downloadsWithAuthorization: 0 };
  readonly failures: InjectedFailure[] = [];
  readonly downloads = new Map<string, { fileId: string; expiresAt: number }>();

  /** Box's clock minus this computer's, in seconds (JWT `exp` checks use Box's clock). */
  clockSkewSeconds = 0;
  /** Default enterprise for new apps and users. */
  enterpriseId = '900001';
  /** The person signed in to Box in the browser, who sees the authorize page. */
  browserUserId: string | undefined;
  /** Retry-After (seconds) of a pending thumbnail (202). */
  thumbnailRetryAfter = 1;
  /** Next N searches answer 429 with this Retry-After. */
  rateLimit = { remaining: 0, retryAfter: 1 };
  /** While set, searches wait here (until released or the client gives up). */
  searchHold: Promise<void> | undefined;
  /** Added before every API and real-time answer (milliseconds), as a far-away Box would. */
  latencyMs = 0;
  /** Folders whose items a user may not list (403), by folder ID. */
  readonly deniedFolders = new Map<string, Set<string>>();
  /** Uploads, renames, moves, trash and restore that produce Events API entries (see changes.ts). */
  readonly changes: ChangeLog = new ChangeLog(this);
  private childIndex: Map<string, { folders: FakeFolder[]; files: FakeFile[] }> | undefined;

  private nextUser = 20_000_001;
  private nextFolder = 100_000_001;
  private nextFile = 1_000_000_001;

  now(): number {
    return Date.now() + this.clockSkewSeconds * 1000;
  }

  addUser(input: { name: string; login?: string; enterpriseId?: string; id?: string }): FakeUser {
    const id = input.id ?? allDigits(this.nextUser++);
    const user: FakeUser = {
      id,
      name: input.name,
      login: input.login ?? `${input.name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.com`,
      enterpriseId: input.enterpriseId,
      createdAt: '2024-01-15T10:00:00-08:00',
    };
    this.users.set(id, user);
    this.browserUserId ??= input.login?.endsWith('@boxdevedition.com') ? undefined : id;
    return user;
  }

  /** A Developer Console app; server-auth apps get their service account (AutomationUser_…). */
  addApp(input: Partial<Omit<FakeApp, 'serviceAccountId'>> & { authMethod: AuthMethod }): FakeApp {
    const enterpriseId = input.enterpriseId ?? this.enterpriseId;
    const clientId = input.clientId ?? randomBytes(16).toString('hex');
    const appNumber = 1_000_000 + this.apps.length * 7 + 123_456;
    const service = this.addUser({
      name: input.name ?? `Skyhook test app ${this.apps.length + 1}`,
      login: `AutomationUser_${appNumber}_${randomBytes(5).toString('hex').slice(0, 10)}@boxdevedition.com`,
      enterpriseId,
    });
    const app: FakeApp = {
      name: input.name ?? service.name,
      clientId,
      clientSecret: input.clientSecret ?? randomBytes(16).toString('hex'),
      authMethod: input.authMethod,
      enterpriseId,
      authorizedByAdmin: input.authorizedByAdmin ?? true,
      generateUserAccessTokens: input.generateUserAccessTokens ?? false,
      readScope: input.readScope ?? true,
      publicKeys: input.publicKeys ?? [],
      redirectUris: input.redirectUris ?? [],
      allowAnyLoopbackRedirect: input.allowAnyLoopbackRedirect ?? false,
      ...(input.accessTokenExpiresIn !== undefined ? { accessTokenExpiresIn: input.accessTokenExpiresIn } : {}),
      serviceAccountId: service.id,
    };
    this.apps.push(app);
    return app;
  }

  app(clientId: string | null): FakeApp | undefined {
    return this.apps.find((a) => a.clientId === clientId);
  }

  serviceAccount(app: FakeApp): FakeUser {
    return this.users.get(app.serviceAccountId)!;
  }

  addFolder(input: { name: string; ownerId: string; parentId?: string; sharedWith?: string[] }): FakeFolder {
    const folder: FakeFolder = {
      id: allDigits(this.nextFolder++),
      name: input.name,
      parentId: input.parentId ?? '0',
      ownerId: input.ownerId,
      sharedWith: new Set(input.sharedWith),
      sequence: 0,
    };
    this.folders.set(folder.id, folder);
    this.structureChanged();
    return folder;
  }

  addFile(input: {
    name: string;
    bytes: Uint8Array;
    ownerId: string;
    parentId?: string;
    sharedWith?: string[];
    indexed?: boolean;
    thumbnail?: Uint8Array;
    modifiedAt?: string;
  }): FakeFile {
    const file: FakeFile = {
      id: allDigits(this.nextFile++),
      name: input.name,
      bytes: input.bytes,
      ...(input.thumbnail ? { thumbnail: input.thumbnail } : {}),
      parentId: input.parentId ?? '0',
      ownerId: input.ownerId,
      sharedWith: new Set(input.sharedWith),
      indexed: input.indexed ?? true,
      createdAt: input.modifiedAt ?? '2024-03-01T09:30:00-08:00',
      modifiedAt: input.modifiedAt ?? '2024-03-01T09:30:00-08:00',
      versionId: allDigits(this.nextFile + 500_000_000),
      representationPending: 0,
      thumbnailPending: 0,
      representations: true,
      sequence: 0,
    };
    this.files.set(file.id, file);
    this.structureChanged();
    return file;
  }

  /** Invite a user (e.g. the service account's e-mail) as a collaborator on a file or folder. */
  share(itemId: string, userId: string): void {
    const item = this.files.get(itemId) ?? this.folders.get(itemId);
    if (!item) throw new Error(`No item ${itemId}`);
    item.sharedWith.add(userId);
  }

  /** The next `count` searches answer 429 with `retry-after: retryAfter`. */
  rateLimitSearches(count: number, retryAfter = 1): void {
    this.rateLimit = { remaining: count, retryAfter };
  }

  /** The next `count` requests whose path starts with `pathPrefix` answer `status`. */
  failNext(pathPrefix: string, status: number, count = 1, retryAfter?: number): void {
    this.failures.push({ pathPrefix, status, remaining: count, ...(retryAfter !== undefined ? { retryAfter } : {}) });
  }

  /** Searches wait until the returned function is called (or their client goes away). */
  holdSearches(): () => void {
    let release!: () => void;
    this.searchHold = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.searchHold = undefined;
      release();
    };
  }

  /** Every access token issued so far stops working (as if it expired on Box's side). */
  expireAccessTokens(): void {
    for (const record of this.accessTokens.values()) record.expiresAt = 0;
  }

  canSee(userId: string, item: { ownerId: string; sharedWith: Set<string>; parentId: string }): boolean {
    if (item.ownerId === userId || item.sharedWith.has(userId)) return true;
    const parent = this.folders.get(item.parentId);
    return parent ? this.canSee(userId, parent) : false;
  }

  isUnder(item: { parentId: string }, folderId: string): boolean {
    if (item.parentId === folderId) return true;
    const parent = this.folders.get(item.parentId);
    return parent ? this.isUnder(parent, folderId) : false;
  }

  issueAccessToken(app: FakeApp, userId: string, grantId: string, expiresIn: number): string {
    const token = randomBytes(24).toString('base64url');
    const record: AccessTokenRecord = { clientId: app.clientId, userId, expiresAt: this.now() + expiresIn * 1000, grantId, revoked: false };
    this.accessTokens.set(token, record);
    this.events.emit('token-issued', record);
    return token;
  }

  revokeGrant(grantId: string): void {
    for (const record of this.accessTokens.values()) if (record.grantId === grantId) record.revoked = true;
    for (const record of this.refreshTokens.values()) if (record.grantId === grantId) record.revoked = true;
  }

  /** `userId` gets 403 listing this folder (it still sees the folder itself in its parent). */
  denyFolder(folderId: string, userId: string): void {
    const denied = this.deniedFolders.get(folderId) ?? new Set<string>();
    denied.add(userId);
    this.deniedFolders.set(folderId, denied);
  }

  /** Direct children by parent ID, built once per change of the tree so 100 000 items page quickly. */
  childrenOf(folderId: string): { folders: FakeFolder[]; files: FakeFile[] } {
    if (!this.childIndex) {
      const index = new Map<string, { folders: FakeFolder[]; files: FakeFile[] }>();
      const slot = (id: string) => {
        let entry = index.get(id);
        if (!entry) index.set(id, (entry = { folders: [], files: [] }));
        return entry;
      };
      for (const folder of this.folders.values()) slot(folder.parentId).folders.push(folder);
      for (const file of this.files.values()) slot(file.parentId).files.push(file);
      const byId = (a: { id: string }, b: { id: string }) => Number(a.id) - Number(b.id);
      for (const entry of index.values()) {
        entry.folders.sort(byId);
        entry.files.sort(byId);
      }
      this.childIndex = index;
    }
    return this.childIndex.get(folderId) ?? { folders: [], files: [] };
  }

  /** Call after changing an item's parent or removing items from `files`/`folders` directly. */
  structureChanged(): void {
    this.childIndex = undefined;
  }

  /**
   * `folders` folders of `filesPerFolder` images each inside `parentId`, all sharing one
   * byte buffer, for crawl tests and benchmarks (100 000 items in well under a second).
   */
  addSyntheticTree(input: {
    ownerId: string;
    parentId: string;
    folders: number;
    filesPerFolder: number;
    bytes?: Uint8Array;
    namePrefix?: string;
  }): FakeFolder[] {
    const bytes = input.bytes ?? new Uint8Array([137, 80, 78, 71]);
    const prefix = input.namePrefix ?? 'IMG';
    const created: FakeFolder[] = [];
    for (let f = 0; f < input.folders; f++) {
      const folder = this.addFolder({ name: `Shoot ${String(f).padStart(4, '0')}`, ownerId: input.ownerId, parentId: input.parentId });
      created.push(folder);
      for (let i = 0; i < input.filesPerFolder; i++) {
        this.addFile({
          name: `${prefix}_${String(f).padStart(4, '0')}_${String(i).padStart(5, '0')}.jpg`,
          bytes,
          ownerId: input.ownerId,
          parentId: folder.id,
        });
      }
    }
    return created;
  }

  takeFailure(path: string): InjectedFailure | undefined {
    const failure = this.failures.find((f) => f.remaining > 0 && path.startsWith(f.pathPrefix));
    if (failure) failure.remaining--;
    return failure;
  }
}

const digests = new WeakMap<Uint8Array, string>();

/** Remembered per byte buffer: synthetic trees share one buffer across 100 000 files. */
export function sha1(bytes: Uint8Array): string {
  let digest = digests.get(bytes);
  if (digest === undefined) digests.set(bytes, (digest = createHash('sha1').update(bytes).digest('hex')));
  return digest;
}
