import { z } from 'zod';
import { deliveryChannels, deliveryEvents } from './delivery-contract';
import { connectionName } from './connection-name';
import {
  connectionKindNames,
  connectionKinds,
  nationalClouds,
  type ConfigOf,
  type ConnectionKind,
  type SecretNameOf,
  type StepId,
} from './connection-kinds';
import { connectionDraft } from './connection-drafts';

/**
 * The whole IPC surface in one place. Main builds its handler table from `contract`, the
 * preload exposes exactly these channels as `window.skyhook`, and the renderer imports the
 * types only. Every channel takes one argument, validated with zod in main.
 */

const connectionId = z.string().uuid();
const itemRef = z.object({ connectionId, itemId: z.string().min(1).max(4096) });

/** What crosses to the renderer when a call fails: never a stack trace, never a secret. */
export interface AppErrorShape {
  code: string;
  message: string;
  /** What the user should do about it, in words. */
  fix?: string;
  /** The wizard step to go back to, when the fix is in the provider's console. */
  step?: StepId;
  /** Seconds to wait before trying again (rate limits). */
  retryAfter?: number;
}

export type CallResult<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export type AuthState = 'not-needed' | 'signed-in' | 'needs-sign-in';

export interface SecretStatus {
  set: boolean;
}

/** A saved connection as the renderer sees it, typed per kind (secrets only as set / not set). */
export type ConnectionSummary = { [K in ConnectionKind]: SummaryOf<K> }[ConnectionKind];

export interface SummaryOf<K extends ConnectionKind> {
  id: string;
  kind: K;
  name: string;
  enabled: boolean;
  managed: boolean;
  config: ConfigOf<K>;
  secrets: Record<SecretNameOf<K>, SecretStatus>;
  auth: AuthState;
  /** Who is signed in, for per-user connections. */
  account?: string;
  /** Things the admin should act on soon (a client secret about to expire, say). */
  warnings: string[];
  /** The last test of the saved connection, when there was one. */
  health?: ConnectionHealth;
  /**
   * Secrets saved once but no longer readable on this computer (the OS keychain or the
   * key file changed): the editor opens at these fields.
   */
  needsSecretAgain?: string[];
}

/** How a saved connection's last test went (its row's Test button, or the wizard's Sign in). */
export interface ConnectionHealth {
  ok: boolean;
  testedAt: string;
  /** The test's summary, or the problem in words. */
  message: string;
  fix?: string;
  account?: string;
  visibleImages?: number;
}

/** What the wizard's "Sign in" brings back: who signed in and the test run as them, before anything is saved. */
export interface SignInTestResult {
  account: string;
  report: TestReport;
  /** Send this as the draft's `id` when saving, so the sign-in is kept with the new connection. */
  pendingId: string;
}

/** A wizard's setup in progress, kept by main between sessions; its secrets stay in the vault. */
export interface SetupDraft {
  kind: ConnectionKind;
  /** The step the admin was on (0-based) and the steps already finished. */
  step: number;
  done: number[];
  name: string;
  config: Record<string, string | number | boolean>;
  /** Which secrets are kept with the draft (never their values). */
  secrets: Record<string, SecretStatus>;
  updatedAt: string;
}

/** Provider console pages the wizards open in the browser (main owns their addresses). */
export const consolePages = ['box-developer-console', 'box-admin-console', 'azure-app-registrations'] as const;
export type ConsolePage = (typeof consolePages)[number];

const draftValue = z.union([z.string().max(4096), z.number().finite(), z.boolean()]);
/** A draft may be half filled in: values are checked against the kind's field names, not its rules. */
const setupDraftInput = z
  .object({
    kind: z.enum(connectionKindNames),
    step: z.number().int().min(0).max(50),
    done: z.array(z.number().int().min(0).max(50)).max(50),
    name: z.string().max(200),
    config: z.record(z.string().max(64), draftValue),
    secrets: z.record(z.string().max(64), z.string().max(64 * 1024)),
  })
  .strict()
  .superRefine((d, ctx) => {
    const kind = connectionKinds[d.kind];
    for (const key of Object.keys(d.config))
      if (!(key in kind.config.shape)) ctx.addIssue({ code: 'custom', message: `Unknown setting ${key}.`, path: ['config', key] });
    for (const key of Object.keys(d.secrets))
      if (!(key in kind.secrets.shape)) ctx.addIssue({ code: 'custom', message: `Unknown secret ${key}.`, path: ['secrets', key] });
  });
export type SetupDraftInput = z.infer<typeof setupDraftInput>;

export interface TestDetail {
  label: string;
  value: string;
  copyable?: boolean;
}

export interface TestReport {
  summary: string;
  details: TestDetail[];
  /** What to do next, in order. */
  nextSteps: string[];
  /** How many images a quick search could see (undefined when it was not run). */
  visibleImages?: number;
}

export interface SearchHit {
  /** Unique across connections: `${connectionId}/${itemId}`. */
  key: string;
  connectionId: string;
  itemId: string;
  name: string;
  size?: number;
  modifiedAt?: string;
  width?: number;
  height?: number;
  /** A human-readable place: a folder path, a drive name. */
  location?: string;
  thumbnailUrl: string;
  /** A larger rendition for the preview pane, from the same media cache. */
  previewUrl?: string;
  canOpenOriginal: boolean;
  /** The matched parts of `name`, [start, end) in UTF-16 units (answers from the name index). */
  matches?: Array<[number, number]>;
  /**
   * The same file whichever connection reached it: `box:<file id>` (Box file IDs are unique
   * across a Box instance) or `graph:<drive id>:<item id>`. Absent for local files.
   */
  fileKey?: string;
}

export interface SearchPageResult {
  hits: SearchHit[];
  /** The connection cannot list anything for an empty query (its chip says nothing rather than "0 images"). */
  notListed?: boolean;
  nextCursor?: string;
  total?: number;
  /** `total` is a lower bound: the name index stops counting once the page is settled (shown rounded down: "1,600+"). */
  totalAtLeast?: boolean;
}

export interface StartupProblem {
  code: string;
  message: string;
  fix?: string;
}

export interface AppInfo {
  version: string;
  platform: string;
  /** True when served by the browser bridge instead of Electron. */
  bridge: boolean;
  canPickFolder: boolean;
  secretStorage: { backend: string; strong: boolean; warning?: string };
  /** Whether Skyhook updates itself, and in one sentence why (not). */
  updates: { enabled: boolean; reason: string };
  problems: StartupProblem[];
  /** Present when an IT policy file was applied at start. */
  policy?: PolicyInfo;
}

/** A folder a connection can be limited to, as the folder browser lists it. */
export interface FolderEntry {
  id: string;
  name: string;
}

/** A folder's contents as the panel browses them; `nextCursor` pages in more images. */
export interface BrowsePage {
  folders: FolderEntry[];
  hits: SearchHit[];
  nextCursor?: string;
}

/** What a Box config.json holds, minus its secrets (the renderer read those from the file itself). */
export interface BoxConfigFileSummary {
  config: { clientId: string; publicKeyId: string; enterpriseId: string };
  found: string[];
}

export interface PrefetchResult {
  ready: boolean;
  name: string;
  size: number;
  /** Pixel size of the original, when its header could be read. */
  width?: number;
  height?: number;
}

/** The search panel's per-person memory. */
export interface PanelPrefs {
  /** "Drag any image onto Figma, Photoshop, Keynote…" was closed: it stays closed. */
  dragHintDismissed: boolean;
}

/** The disk cache of thumbnails, previews and downloaded originals. */
export interface CacheInfo {
  usedBytes: number;
  files: number;
  limitMb: number;
  /** Bytes of the name indexes on disk (not part of the cache limit). */
  indexBytes?: number;
}

/** A connection's name index, as the Connections page shows it. */
export interface IndexInfo {
  connectionId: string;
  /** "Keep an index of names on this computer". */
  enabled: boolean;
  /** The IT policy decides (and has turned indexes off). */
  locked: boolean;
  status: z.infer<(typeof events)['index.status']>;
}

/** What an IT policy file set on this computer (see main/profiles/policy.ts). */
export interface PolicyInfo {
  file: string;
  allowNewConnections: boolean;
  cacheLimitMb?: number;
  managedConnections: number;
  /** False when the policy forbids keeping file names on this computer (indexes off and locked). */
  keepNameIndex?: boolean;
  /** False when the policy forbids uploading files back to connections (delivery off and locked). */
  allowDelivery?: boolean;
}

/** A connection profile ready to save as `<name>.skyhook` or to send as a link. */
export interface ProfileExport {
  fileName: string;
  text: string;
  link: string;
  /** Labels of the secrets sealed inside ("Client secret", "Private key"); empty when none. */
  sealed: string[];
}

/** Exactly what importing a profile would add, before anything is saved. */
export interface ProfilePreview {
  kind: ConnectionKind;
  name: string;
  details: TestDetail[];
  /** Labels of the sealed secrets inside: the passphrase is needed to import them. */
  sealed: string[];
  /** Labels of secrets the connection needs that the profile does not carry. */
  missing: string[];
  /** Each person signs in with their own account after importing. */
  signInNeeded: boolean;
  warnings: string[];
  /** An existing connection with the same name or the same app (never overwritten silently). */
  conflict?: { id: string; name: string; reason: 'name' | 'app'; managed: boolean };
  /** The name "Keep both" would give the imported connection. */
  keepBothName: string;
  exportedAt?: string;
}

/** A profile opened from outside the window (a file, a skyhook:// link, the command line). */
export interface PendingImport {
  origin: 'file' | 'link' | 'command-line';
  label: string;
  source?: string;
  error?: AppErrorShape;
}

/** A pasted skyhook:// link or the text of a .skyhook file. */
const profileSource = z
  .string()
  .min(1, 'Choose a .skyhook file or paste a skyhook:// link.')
  .max(512 * 1024);

const empty = z.object({}).strict();

/** A type-only marker for a channel's result; it has no runtime value. */
const returns = <T>() => undefined as unknown as T;

export const contract = {
  'app.info': { input: empty, output: returns<AppInfo>() },
  'app.dismissProblem': { input: z.object({ code: z.string().max(100) }).strict(), output: returns<null>() },
  'connections.list': { input: empty, output: returns<ConnectionSummary[]>() },
  'connections.test': { input: connectionDraft, output: returns<TestReport>() },
  'connections.save': { input: connectionDraft, output: returns<ConnectionSummary>() },
  'connections.rename': {
    input: z.object({ id: connectionId, name: connectionName }).strict(),
    output: returns<ConnectionSummary>(),
  },
  'connections.setEnabled': {
    input: z.object({ id: connectionId, enabled: z.boolean() }).strict(),
    output: returns<ConnectionSummary>(),
  },
  'connections.remove': { input: z.object({ id: connectionId }).strict(), output: returns<null>() },
  'connections.signIn': { input: z.object({ id: connectionId }).strict(), output: returns<ConnectionSummary>() },
  'connections.signOut': { input: z.object({ id: connectionId }).strict(), output: returns<ConnectionSummary>() },
  /** Signs in with a draft and tests it as that account, before anything is saved. */
  'connections.signInAndTest': { input: connectionDraft, output: returns<SignInTestResult>() },
  /** Opens the sign-in page of the sign-in in progress again (its tab was closed). */
  'connections.reopenSignIn': { input: empty, output: returns<null>() },
  /** Tests a saved connection; the result becomes its health. */
  'connections.testSaved': { input: z.object({ id: connectionId }).strict(), output: returns<TestReport>() },
  'app.openConsole': {
    input: z.object({ page: z.enum(consolePages), cloud: z.enum(nationalClouds).optional() }).strict(),
    output: returns<null>(),
  },
  'drafts.list': { input: empty, output: returns<SetupDraft[]>() },
  'drafts.put': { input: setupDraftInput, output: returns<SetupDraft>() },
  'drafts.discard': { input: z.object({ kind: z.enum(connectionKindNames) }).strict(), output: returns<null>() },
  'search.connection': {
    input: z
      .object({
        connectionId,
        // Trimmed here, once: providers get the query exactly as they should match it.
        text: z.string().trim().max(200),
        cursor: z.string().max(4096).optional(),
      })
      .strict(),
    output: returns<SearchPageResult>(),
  },
  'search.recent': { input: empty, output: returns<string[]>() },
  'search.setRecent': {
    input: z.object({ items: z.array(z.string().trim().min(1).max(200)).max(20) }).strict(),
    output: returns<string[]>(),
  },
  'item.prefetch': { input: itemRef.strict(), output: returns<PrefetchResult>() },
  /** What the search panel remembers for this person (a dismissed first-run hint). */
  'panel.prefs': { input: empty, output: returns<PanelPrefs>() },
  'panel.dismissHint': { input: z.object({ hint: z.enum(['drag']) }).strict(), output: returns<PanelPrefs>() },
  'media.cacheInfo': { input: empty, output: returns<CacheInfo>() },
  'media.setCacheLimit': { input: z.object({ limitMb: z.number().int().min(50).max(100_000) }).strict(), output: returns<CacheInfo>() },
  'media.clearCache': { input: empty, output: returns<CacheInfo>() },
  'item.openOriginal': { input: itemRef.strict(), output: returns<null>() },
  'item.reveal': { input: itemRef.strict(), output: returns<null>() },
  'item.saveAs': { input: itemRef.strict(), output: returns<string | null>() },
  'item.copyImage': { input: itemRef.strict(), output: returns<null>() },
  'connections.listFolders': {
    input: z.object({ id: connectionId, parentId: z.string().min(1).max(400).optional() }).strict(),
    output: returns<FolderEntry[]>(),
  },
  /** One folder of a connection as designers browse it: subfolders and the images in it. */
  'connections.browse': {
    input: z
      .object({ id: connectionId, folderId: z.string().min(1).max(4096).optional(), cursor: z.string().max(4096).optional() })
      .strict(),
    output: returns<BrowsePage>(),
  },
  'box.inspectConfigFile': {
    input: z.object({ text: z.string().max(64 * 1024) }).strict(),
    output: returns<BoxConfigFileSummary>(),
  },
  'dialog.pickFolder': { input: empty, output: returns<string | null>() },
  /** A native "open files" dialog (Upload files…): the chosen absolute paths, or null if cancelled or there is none. */
  'dialog.pickFiles': { input: empty, output: returns<string[] | null>() },
  'index.list': { input: empty, output: returns<IndexInfo[]>() },
  'index.setEnabled': { input: z.object({ id: connectionId, enabled: z.boolean() }).strict(), output: returns<IndexInfo>() },
  /** Throws a connection's index away and builds it again. */
  'index.rebuild': { input: z.object({ id: connectionId }).strict(), output: returns<IndexInfo>() },
  /** "Retry" on a failed index: tries again now, resuming the crawl where it stopped (keeps what is indexed). */
  'index.retry': { input: z.object({ id: connectionId }).strict(), output: returns<IndexInfo>() },
  /** The window gained focus: indexes that poll for changes (OneDrive's delta) check now; main throttles repeats. */
  'index.checkNow': { input: empty, output: returns<null>() },
  'profiles.export': {
    input: z
      .object({ id: connectionId, passphrase: z.string().min(12, 'Use a passphrase of at least 12 characters.').max(1024).optional() })
      .strict(),
    output: returns<ProfileExport>(),
  },
  'profiles.preview': { input: z.object({ source: profileSource }).strict(), output: returns<ProfilePreview>() },
  'profiles.import': {
    input: z
      .object({
        source: profileSource,
        passphrase: z.string().max(1024).optional(),
        conflict: z.enum(['replace', 'keep-both']).optional(),
      })
      .strict(),
    output: returns<ConnectionSummary>(),
  },
  /** The next profile opened from outside; with `wait`, resolves when one arrives (cancel to stop). */
  'profiles.pending': { input: z.object({ wait: z.boolean().optional() }).strict(), output: returns<PendingImport | null>() },
  ...deliveryChannels,
} as const;

export type Channel = keyof typeof contract;
export type InputOf<C extends Channel> = z.infer<(typeof contract)[C]['input']>;
export type OutputOf<C extends Channel> = (typeof contract)[C]['output'];
export const channels = Object.keys(contract) as Channel[];

/**
 * `startDrag` is a one-way message, not an invoke: Electron only starts an OS drag when
 * it is called synchronously within the renderer's `dragstart`.
 */
export const dragChannel = 'item.startDrag';
/** A dragged result; its file name says which one in a "not ready" notice and names a dragged preview. */
const dragItem = itemRef.extend({ name: z.string().min(1).max(255).optional() }).strict();
/** The dragged result, and the rest of a selection dragged with it (every one arrives as a file). */
export const dragInput = dragItem
  .extend({
    others: z.array(dragItem).max(99).optional(),
    /** The person's setting: while the original downloads, drag the large preview instead ("<name> (preview).webp"). */
    previewWhileDownloading: z.boolean().optional(),
  })
  .strict();
export type DragInput = z.infer<typeof dragInput>;

export const cancelChannel = 'call.cancel';

/**
 * Main → renderer events (VS Code's `listen`, Desktop's one-way channels): main pushes
 * what changes by itself instead of the renderer polling. Each payload is validated with
 * its schema before it leaves main, on every transport.
 */
const indexState = z.enum(['off', 'loading', 'indexing', 'up-to-date', 'live', 'paused', 'failed']);
export const events = {
  /** Bytes of an original arriving in the media cache; `ready` once it is complete and checked. */
  'download.progress': z.object({
    connectionId,
    itemId: z.string(),
    receivedBytes: z.number().int().nonnegative(),
    totalBytes: z.number().int().nonnegative().optional(),
    ready: z.boolean(),
    error: z.string().optional(),
  }),
  /**
   * A dragged result main could not carry: its original was not on disk at dragstart (still
   * downloading, or evicted since the page last heard it was ready). The tile shows the
   * download and "Ready — drag again" whatever the page had guessed.
   */
  'drag.notReady': itemRef.strict(),
  /** A connection's name index: what a chip says about it. */
  'index.status': z.object({
    connectionId,
    state: indexState,
    items: z.number().int().nonnegative(),
    /** Folders that could not be read and were skipped. */
    skipped: z.number().int().nonnegative().optional(),
    /** When the provider asked us to wait until (ISO time). */
    resumeAt: z.string().optional(),
    message: z.string().optional(),
    /** Bytes of the index on disk. */
    bytes: z.number().int().nonnegative().optional(),
  }),
  /** Items of a connection changed (uploads, renames, moves, deletes): open result lists refresh. */
  'index.changed': z.object({ connectionId }),
  /** A connection's summary changed by itself (a sign-in finished, its health changed). */
  'connections.changed': z.object({ id: connectionId.optional() }),
  ...deliveryEvents,
} as const;
export type EventName = keyof typeof events;
export type EventOf<E extends EventName> = z.infer<(typeof events)[E]>;
export type IndexState = z.infer<typeof indexState>;
export const eventNames = Object.keys(events) as EventName[];
export const isEventName = (name: unknown): name is EventName => typeof name === 'string' && Object.hasOwn(events, name);
/** The one IPC channel events travel on, as `(name, payload)`. */
export const eventChannel = 'app.event';

/** The object the preload puts on `window.skyhook`. */
export type SkyhookBridge = {
  [C in Channel]: (input: InputOf<C>, callId?: string) => Promise<CallResult<OutputOf<C>>>;
} & {
  cancel(callId: string): void;
  startDrag(input: DragInput): void;
  /** The absolute path of a file dropped from Finder/Explorer (webUtils.getPathForFile); empty where there is none (the browser bridge). */
  pathForFile(file: File): string;
  /** Listens to one main → renderer event; returns the function that stops listening. */
  on<E extends EventName>(name: E, listener: (payload: EventOf<E>) => void): () => void;
};

export { connectionKindNames };
export * from './delivery-contract';
export * from './error-codes';
export type { ConnectionKind };
