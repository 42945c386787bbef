import { randomBytes, randomUUID } from 'node:crypto';
import { colourFor, solidPng } from './png';
import { contentTypeOf } from '../content-types';

export interface FakeTenant {
  id: string;
  /** The verified domain, e.g. `contoso.onmicrosoft.com`; usable instead of the ID. */
  domain: string;
  name: string;
}

export interface FakeSecret {
  /** The Secret ID the portal shows next to the value (people paste it by mistake). */
  id: string;
  value: string;
  expiresOn: Date;
}

/**
 * An app registration. Redirect URIs are kept per platform because the platform of the
 * URI that matched decides whether the app is a public or a confidential client.
 */
export interface FakeApp {
  clientId: string;
  tenantId: string;
  name: string;
  multiTenant: boolean;
  /** "Web" platform redirect URIs: code redemption needs a client secret. */
  web: string[];
  /** "Mobile and desktop applications" redirect URIs: public client, no secret. */
  publicClient: string[];
  secrets: FakeSecret[];
  /** granted = an admin consented for the tenant; user = each user is asked once; admin-required = users may not consent. */
  consent: 'granted' | 'user' | 'admin-required';
}

export interface FakeUser {
  oid: string;
  tenantId: string;
  username: string;
  displayName: string;
  password: string;
  driveId: string;
}

export interface FakeDrive {
  id: string;
  driveType: 'business' | 'personal';
  ownerOid: string;
  rootId: string;
  /** Set to make every drive request answer 403 accessDenied (no OneDrive licence, say). */
  denied: boolean;
}

export interface FakeItem {
  id: string;
  driveId: string;
  /** undefined for the drive's root folder. */
  parentId: string | undefined;
  name: string;
  folder: boolean;
  mimeType?: string;
  bytes: Buffer;
  /** Bytes the thumbnail URLs serve; null = the item has no thumbnail set. */
  thumbnail: Buffer | null;
  /** Text "inside" the file: search matches it too, as Graph matches file content. */
  content: string;
  modified: string;
  width?: number;
  height?: number;
  sharedWith: Set<string>;
  thumbToken: string;
  /** The change number of the item's last change (delta returns items changed after a token's). */
  seq: number;
  /** The change number it was created at: a first delta round lists parents before children by it. */
  created: number;
}

/**
 * What delta must still report after an item left a place: deleted outright, or moved
 * out of folders whose delta saw it before. `ancestors` are the folders it was under.
 */
export interface Departure {
  id: string;
  driveId: string;
  name: string;
  folder: boolean;
  seq: number;
  ancestors: string[];
  /** true: gone from the drive; false: moved elsewhere (deleted only for the folders it left). */
  deleted: boolean;
}

export interface AuthCode {
  code: string;
  clientId: string;
  tenantId: string;
  oid: string;
  redirectUri: string;
  platform: 'web' | 'public';
  scopes: string[];
  codeChallenge?: string;
  codeChallengeMethod?: string;
  used: boolean;
  expiresAt: number;
}

export interface RefreshGrant {
  clientId: string;
  tenantId: string;
  oid: string;
  platform: 'web' | 'public';
  scopes: string[];
  valid: boolean;
}

export interface AccessGrant {
  clientId: string;
  tenantId: string;
  oid: string;
  scopes: string[];
  expiresAt: number;
}

export interface RequestRecord {
  method: string;
  /** Path and query as received. */
  path: string;
  /** Whether an Authorization header came with it (never its value). */
  hasAuthorization: boolean;
  status?: number;
}

export interface TokenRequestRecord {
  grantType: string;
  clientId: string;
  /** AADSTS code of the answer, or 0 for success. */
  aadsts: number;
  /** Never the secret itself: whether one was sent. */
  sentSecret: boolean;
  redirectUri?: string;
}

export interface Throttle {
  host: 'graph' | 'identity' | 'download';
  status: 429 | 503;
  retryAfter: number;
  remaining: number;
}

export interface Hold {
  matches(path: string): boolean;
  arrivedResolve(): void;
  abandonedResolve(): void;
  released: Promise<void>;
}

export interface HoldHandle {
  /** Resolves when a matching request reached the fake. */
  arrived: Promise<void>;
  /** Resolves when the client closed that request before it was answered. */
  abandoned: Promise<void>;
  release(): void;
}

export interface FakeOptions {
  /** expires_in of access tokens, seconds (MSAL treats < 300 s as already due for refresh). */
  accessTokenLifetime?: number;
  /** Graph answers at most this many items per page, whatever $top asks for. */
  maxPageSize?: number;
  /** OneDrive for Business quirk: folder-scoped search also returns an item outside the folder. */
  folderSearchLeaks?: boolean;
  /** Search results leave out parentReference.path, as business drives often do. */
  searchOmitsParentPath?: boolean;
  /**
   * A refresh token stops working once redeemed. Microsoft keeps old ones valid until they
   * expire; this stricter mode proves a client persists and uses the rotated one.
   */
  spendRefreshTokens?: boolean;
  now?: () => Date;
}

const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const businessItemId = () => '01' + Array.from(randomBytes(32), (b) => base32[b % 32]).join('');
const driveIdFor = () => 'b!' + randomBytes(24).toString('base64url');

export interface FileInput {
  name: string;
  parentId?: string;
  bytes?: Buffer;
  thumbnail?: Buffer | null;
  content?: string;
  mimeType?: string;
  width?: number;
  height?: number;
  modified?: string;
}

/**
 * Everything the fake knows: directory (tenants, apps, users), drives, issued grants, and
 * the knobs and counters tests use. Tests change it directly between requests.
 */
export class FakeMicrosoftState {
  readonly tenants: FakeTenant[] = [];
  readonly apps: FakeApp[] = [];
  readonly users: FakeUser[] = [];
  readonly drives = new Map<string, FakeDrive>();
  readonly items = new Map<string, FakeItem>();
  /** `${clientId}|${oid}` for users who accepted the consent page. */
  readonly userConsents = new Set<string>();

  readonly codes = new Map<string, AuthCode>();
  readonly refreshTokens = new Map<string, RefreshGrant>();
  readonly accessTokens = new Map<string, AccessGrant>();
  readonly downloads = new Map<string, { itemId: string; expiresAt: number }>();

  readonly log = {
    authorize: [] as Array<{
      clientId: string | null;
      redirectUri: string | null;
      responseMode: string | null;
      prompt: string | null;
      aadsts: number;
    }>,
    token: [] as TokenRequestRecord[],
    graph: [] as RequestRecord[],
    download: [] as RequestRecord[],
    discovery: [] as string[],
    /** Completed interactive sign-ins (a code was issued). */
    signIns: 0,
    /** Successful refresh_token grants. */
    refreshes: 0,
  };

  /** When set, Graph answers 401 to every token, even freshly refreshed ones. */
  rejectTokens = false;
  /** Added before every Graph answer (milliseconds), as a far-away service would. */
  latencyMs = 0;
  /** Last change number handed out; every add, rename, move and delete takes the next one. */
  changeSeq = 0;
  /** Bumped by expireDeltaTokens(): tokens from an older epoch answer 410 resyncRequired. */
  deltaEpoch = 0;
  readonly departures: Departure[] = [];
  throttles: Throttle[] = [];
  holds: Hold[] = [];
  urls = { authorityHost: '', graphUrl: '', downloadUrl: '' };

  readonly accessTokenLifetime: number;
  readonly maxPageSize: number;
  readonly folderSearchLeaks: boolean;
  readonly searchOmitsParentPath: boolean;
  readonly spendRefreshTokens: boolean;
  readonly now: () => Date;

  constructor(options: FakeOptions = {}) {
    this.accessTokenLifetime = options.accessTokenLifetime ?? 3599;
    this.maxPageSize = options.maxPageSize ?? 200;
    this.folderSearchLeaks = options.folderSearchLeaks ?? true;
    this.searchOmitsParentPath = options.searchOmitsParentPath ?? true;
    this.spendRefreshTokens = options.spendRefreshTokens ?? false;
    this.now = options.now ?? (() => new Date());
  }

  // ---- directory -------------------------------------------------------------------------

  addTenant(input: { domain: string; id?: string; name?: string }): FakeTenant {
    const tenant = { id: input.id ?? randomUUID(), domain: input.domain, name: input.name ?? input.domain.split('.')[0] ?? input.domain };
    this.tenants.push(tenant);
    return tenant;
  }

  addApp(input: {
    tenantId: string;
    clientId?: string;
    name?: string;
    multiTenant?: boolean;
    web?: string[];
    publicClient?: string[];
    secrets?: Array<{ value: string; expiresOn: Date | string; id?: string }>;
    consent?: FakeApp['consent'];
  }): FakeApp {
    const app: FakeApp = {
      clientId: input.clientId ?? randomUUID(),
      tenantId: input.tenantId,
      name: input.name ?? 'OneDrive Skyhook Connector',
      multiTenant: input.multiTenant ?? false,
      web: input.web ?? [],
      publicClient: input.publicClient ?? [],
      secrets: (input.secrets ?? []).map((s) => ({ id: s.id ?? randomUUID(), value: s.value, expiresOn: new Date(s.expiresOn) })),
      consent: input.consent ?? 'granted',
    };
    this.apps.push(app);
    return app;
  }

  addUser(input: {
    tenantId: string;
    username: string;
    displayName?: string;
    password?: string;
    driveType?: FakeDrive['driveType'];
  }): FakeUser {
    const oid = randomUUID();
    const driveId = driveIdFor();
    const rootId = businessItemId();
    this.drives.set(driveId, { id: driveId, driveType: input.driveType ?? 'business', ownerOid: oid, rootId, denied: false });
    this.items.set(rootId, {
      id: rootId,
      driveId,
      parentId: undefined,
      name: 'root',
      folder: true,
      bytes: Buffer.alloc(0),
      thumbnail: null,
      content: '',
      modified: this.now().toISOString(),
      sharedWith: new Set(),
      thumbToken: randomBytes(12).toString('hex'),
      seq: ++this.changeSeq,
      created: this.changeSeq,
    });
    const user: FakeUser = {
      oid,
      tenantId: input.tenantId,
      username: input.username,
      displayName: input.displayName ?? input.username.split('@')[0] ?? input.username,
      password: input.password ?? 'correct horse battery staple',
      driveId,
    };
    this.users.push(user);
    return user;
  }

  tenantByIdOrDomain(value: string): FakeTenant | undefined {
    const lower = value.toLowerCase();
    return this.tenants.find((t) => t.id.toLowerCase() === lower || t.domain.toLowerCase() === lower);
  }

  userByName(username: string): FakeUser | undefined {
    return this.users.find((u) => u.username.toLowerCase() === username.trim().toLowerCase());
  }

  userByOid(oid: string): FakeUser | undefined {
    return this.users.find((u) => u.oid === oid);
  }

  app(clientId: string): FakeApp | undefined {
    return this.apps.find((a) => a.clientId === clientId);
  }

  /** Takes back every consent (admin and user): the next refresh answers AADSTS65001. */
  revokeConsent(clientId: string): void {
    const app = this.app(clientId);
    if (app) app.consent = 'user';
    for (const key of [...this.userConsents]) if (key.startsWith(`${clientId}|`)) this.userConsents.delete(key);
  }

  hasConsent(app: FakeApp, oid: string): boolean {
    return app.consent === 'granted' || this.userConsents.has(`${app.clientId}|${oid}`);
  }

  // ---- drives ----------------------------------------------------------------------------

  driveOf(user: FakeUser): FakeDrive {
    const drive = this.drives.get(user.driveId);
    if (!drive) throw new Error(`no drive for ${user.username}`);
    return drive;
  }

  addFolder(owner: FakeUser, name: string, parentId?: string): FakeItem {
    return this.addItem(owner, { name, parentId }, true);
  }

  addFile(owner: FakeUser, input: FileInput): FakeItem {
    return this.addItem(owner, input, false);
  }

  private addItem(owner: FakeUser, input: FileInput, folder: boolean): FakeItem {
    const drive = this.driveOf(owner);
    const parentId = input.parentId ?? drive.rootId;
    const parent = this.items.get(parentId);
    if (!parent?.folder || parent.driveId !== drive.id) throw new Error(`parent ${parentId} is not a folder of ${owner.username}`);
    const mimeType = folder ? undefined : (input.mimeType ?? contentTypeOf(input.name));
    const isImage = mimeType?.startsWith('image/') ?? false;
    const bytes = input.bytes ?? (isImage ? solidPng(64, 48, colourFor(input.name)) : Buffer.from(input.content ?? input.name));
    const item: FakeItem = {
      id: businessItemId(),
      driveId: drive.id,
      parentId,
      name: input.name,
      folder,
      ...(mimeType ? { mimeType } : {}),
      bytes: folder ? Buffer.alloc(0) : bytes,
      thumbnail: input.thumbnail !== undefined ? input.thumbnail : folder ? null : isImage ? solidPng(16, 12, colourFor(input.name)) : null,
      content: input.content ?? '',
      modified: input.modified ?? this.now().toISOString(),
      ...(isImage ? { width: input.width ?? 64, height: input.height ?? 48 } : {}),
      sharedWith: new Set(),
      thumbToken: randomBytes(12).toString('hex'),
      seq: ++this.changeSeq,
      created: this.changeSeq,
    };
    this.items.set(item.id, item);
    this.touchAncestors(item);
    return item;
  }

  // ---- changes (what delta reports) ------------------------------------------------------

  renameItem(item: FakeItem, name: string): void {
    item.name = name;
    item.seq = ++this.changeSeq;
  }

  moveItem(item: FakeItem, parentId: string): void {
    const parent = this.items.get(parentId);
    if (!parent?.folder || parent.driveId !== item.driveId) throw new Error(`${parentId} is not a folder of the same drive`);
    const before = this.ancestorsOf(item);
    this.touchAncestors(item);
    item.parentId = parentId;
    const seq = ++this.changeSeq;
    // The item and everything below it left the folders it is no longer under.
    const after = this.ancestorsOf(item);
    const left = before.filter((id) => !after.includes(id));
    for (const moved of [item, ...this.descendantsOf(item)]) {
      this.departures.push({
        id: moved.id,
        driveId: moved.driveId,
        name: moved.name,
        folder: moved.folder,
        seq,
        ancestors: left,
        deleted: false,
      });
    }
    item.seq = seq;
    this.touchAncestors(item);
  }

  /** Deletes an item (a folder with everything below it); delta reports each with `deleted`. */
  deleteItem(item: FakeItem): void {
    this.touchAncestors(item);
    const seq = ++this.changeSeq;
    for (const gone of [...this.descendantsOf(item), item]) {
      this.departures.push({
        id: gone.id,
        driveId: gone.driveId,
        name: gone.name,
        folder: gone.folder,
        seq,
        ancestors: this.ancestorsOf(gone),
        deleted: true,
      });
    }
    for (const gone of [...this.descendantsOf(item), item]) this.items.delete(gone.id);
  }

  /** Every delta token handed out so far answers 410 Gone (resyncRequired). */
  expireDeltaTokens(): void {
    this.deltaEpoch++;
  }

  ancestorsOf(item: FakeItem): string[] {
    const out: string[] = [];
    for (let at = item.parentId; at; at = this.items.get(at)?.parentId) out.push(at);
    return out;
  }

  descendantsOf(folder: FakeItem): FakeItem[] {
    if (!folder.folder) return [];
    return [...this.items.values()].filter((i) => this.isUnder(i, folder.id));
  }

  /** Graph reports the folders whose contents changed too (their size and cTag change). */
  private touchAncestors(item: FakeItem): void {
    for (
      let at = item.parentId ? this.items.get(item.parentId) : undefined;
      at;
      at = at.parentId ? this.items.get(at.parentId) : undefined
    ) {
      at.seq = ++this.changeSeq;
    }
  }

  share(item: FakeItem, withUser: FakeUser): void {
    item.sharedWith.add(withUser.oid);
  }

  /** `/drive/root:/Pictures/2024` for a folder (the form parentReference.path takes). */
  pathOf(folder: FakeItem): string {
    const names: string[] = [];
    for (let at: FakeItem | undefined = folder; at?.parentId; at = this.items.get(at.parentId)) names.unshift(at.name);
    return '/drive/root:' + names.map((n) => '/' + n).join('');
  }

  isUnder(item: FakeItem, folderId: string): boolean {
    for (let at = item.parentId; at; at = this.items.get(at)?.parentId) if (at === folderId) return true;
    return false;
  }

  // ---- knobs -----------------------------------------------------------------------------

  /** The next `count` requests to `host` answer `status` with Retry-After. */
  throttle(input: { host?: Throttle['host']; status?: 429 | 503; retryAfter?: number; count?: number }): void {
    this.throttles.push({
      host: input.host ?? 'graph',
      status: input.status ?? 429,
      retryAfter: input.retryAfter ?? 0,
      remaining: input.count ?? 1,
    });
  }

  takeThrottle(host: Throttle['host']): Throttle | undefined {
    const throttle = this.throttles.find((t) => t.host === host && t.remaining > 0);
    if (throttle) throttle.remaining--;
    return throttle;
  }

  /** Holds the next request whose path matches until released, to watch it being cancelled. */
  hold(matches: (path: string) => boolean): HoldHandle {
    let arrivedResolve = () => {};
    let abandonedResolve = () => {};
    let release = () => {};
    const arrived = new Promise<void>((r) => (arrivedResolve = r));
    const abandoned = new Promise<void>((r) => (abandonedResolve = r));
    const released = new Promise<void>((r) => (release = r));
    this.holds.push({ matches, arrivedResolve, abandonedResolve, released });
    return { arrived, abandoned, release };
  }

  takeHold(path: string): Hold | undefined {
    const index = this.holds.findIndex((h) => h.matches(path));
    return index < 0 ? undefined : this.holds.splice(index, 1)[0];
  }

  /** Every access token issued so far stops working (401 InvalidAuthenticationToken). */
  expireAccessTokens(): void {
    for (const grant of this.accessTokens.values()) grant.expiresAt = 0;
  }

  /** Every refresh token stops working (AADSTS70008), as after a password reset. */
  revokeRefreshTokens(): void {
    for (const grant of this.refreshTokens.values()) grant.valid = false;
  }

  issueAccessToken(grant: Omit<AccessGrant, 'expiresAt'>): string {
    const token = 'eyJ0eXAiOiJKV1QiLCJub25jZSI6ImZha2UifQ.' + randomBytes(24).toString('base64url');
    this.accessTokens.set(token, { ...grant, expiresAt: this.now().getTime() + this.accessTokenLifetime * 1000 });
    return token;
  }

  issueRefreshToken(grant: Omit<RefreshGrant, 'valid'>): string {
    const token = '1.AXkA' + randomBytes(48).toString('base64url');
    this.refreshTokens.set(token, { ...grant, valid: true });
    return token;
  }

  issueDownload(item: FakeItem): string {
    const token = randomBytes(18).toString('base64url');
    this.downloads.set(token, { itemId: item.id, expiresAt: this.now().getTime() + 5 * 60_000 });
    return `${this.urls.downloadUrl}/download/${token}/${encodeURIComponent(item.name)}`;
  }

  thumbnailUrl(item: FakeItem, size: string): string {
    return `${this.urls.downloadUrl}/thumbnails/${item.thumbToken}/${size}`;
  }

  webUrl(item: FakeItem): string {
    return `${this.urls.downloadUrl}/web/${encodeURIComponent(item.driveId)}/${item.id}`;
  }
}
