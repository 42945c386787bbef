import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Conf from 'conf';
import type { Options } from 'conf';
import { connectionKindNames, type ConnectionKind } from '../../preload/connection-kinds';
import type { StartupProblem } from '../../preload/contract';

export interface ConnectionRecord {
  id: string;
  kind: ConnectionKind;
  name: string;
  enabled: boolean;
  managed: boolean;
  /** For managed connections: the policy's stable ID, so re-applying a policy updates instead of duplicating. */
  policyId?: string;
  createdAt: string;
  config: Record<string, unknown>;
}

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export type SettingsData = {
  connections: ConnectionRecord[];
  samplesSeeded: boolean;
  windowBounds?: WindowBounds;
  cacheLimitMb: number;
  /** What the designer searched for lately, newest first (shown under an empty search field). */
  recentSearches: string[];
  /** Connections whose "Keep an index of names on this computer" is off (it is on by default). */
  nameIndexOff: string[];
  /** The first-run drag hint was closed. */
  dragHintDismissed: boolean;
  /** Samples were turned off once, when the first real connection arrived (never again after that). */
  samplesRetired: boolean;
};

/** Bumped with a migration whenever the shape of `SettingsData` changes. */
export const settingsSchemaVersion = '1.0.0';

const schema: Options<SettingsData>['schema'] = {
  connections: {
    type: 'array',
    items: {
      type: 'object',
      required: ['id', 'kind', 'name', 'enabled', 'config'],
      properties: {
        id: { type: 'string' },
        kind: { type: 'string', enum: connectionKindNames },
        name: { type: 'string', minLength: 1 },
        enabled: { type: 'boolean' },
        managed: { type: 'boolean', default: false },
        policyId: { type: 'string', maxLength: 64 },
        createdAt: { type: 'string' },
        config: { type: 'object' },
      },
    },
    default: [],
  },
  samplesSeeded: { type: 'boolean', default: false },
  windowBounds: {
    type: 'object',
    properties: {
      x: { type: 'number' },
      y: { type: 'number' },
      width: { type: 'number', minimum: 320 },
      height: { type: 'number', minimum: 240 },
      maximized: { type: 'boolean' },
    },
    required: ['width', 'height'],
  },
  cacheLimitMb: { type: 'number', minimum: 50, maximum: 100_000, default: 1024 },
  recentSearches: { type: 'array', items: { type: 'string', maxLength: 200 }, maxItems: 20, default: [] },
  nameIndexOff: { type: 'array', items: { type: 'string', maxLength: 64 }, default: [] },
  dragHintDismissed: { type: 'boolean', default: false },
  samplesRetired: { type: 'boolean', default: false },
};

/** The settings the search panel reads and writes through IPC (a narrow view of the store). */
export type PanelSettingKey = 'cacheLimitMb' | 'recentSearches' | 'nameIndexOff' | 'dragHintDismissed' | 'samplesRetired';
export interface PanelSettings {
  get<K extends PanelSettingKey>(key: K): SettingsData[K];
  set<K extends PanelSettingKey>(key: K, value: SettingsData[K]): void;
}

/** Conf in the headless composition, electron-store (a Conf subclass) in the app. */
export type StoreFactory = (options: Options<SettingsData>) => Conf<SettingsData>;

export interface OpenedSettings {
  store: Conf<SettingsData>;
  problems: StartupProblem[];
}

/**
 * Opens settings.json. A file that cannot be parsed or fails the schema is moved aside as
 * `settings.json.corrupt-<time>` and reported, never silently overwritten: the user can
 * still recover what was in it.
 */
export function openSettings(
  dir: string,
  createStore: StoreFactory,
  now: () => Date = () => new Date(),
  readFile: (path: string) => Buffer = readFileSync,
): OpenedSettings {
  const options: Options<SettingsData> = {
    cwd: dir,
    configName: 'settings',
    schema,
    projectVersion: settingsSchemaVersion,
    migrations: {
      '1.0.0': () => {
        // First schema: nothing to convert. Later versions add a step here.
      },
    },
    clearInvalidConfig: false,
    configFileMode: 0o600,
  };
  const file = join(dir, 'settings.json');
  // Read first: conf runs migrations (and so rewrites the file) before it checks the schema.
  let original: Buffer | undefined;
  try {
    original = existsSync(file) ? readFile(file) : undefined;
  } catch (error) {
    return openFallback(options, createStore, error);
  }
  try {
    return { store: createStore(options), problems: [] };
  } catch (error) {
    if (original === undefined) throw error;
    const aside = `${file}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
    writeFileSync(aside, original, { flag: 'wx', mode: 0o600 });
    rmSync(file, { force: true });
    return {
      store: createStore(options),
      problems: [
        {
          code: 'settings_corrupt',
          message: `Your settings file could not be read, so Skyhook started with fresh settings. The old file was kept as ${aside}.`,
          fix: 'Add your connections again, or send the kept file to support to recover them.',
        },
      ],
    };
  }
}

const fallbackName = 'settings-fallback';

/**
 * settings.json exists but cannot be read (left owned by root after a run under sudo, or
 * a folder by that name): start with defaults kept in a file beside it, and leave the
 * file exactly as it is so that nothing in it is lost.
 */
function openFallback(options: Options<SettingsData>, createStore: StoreFactory, error: unknown): OpenedSettings {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'EISDIR'
      ? 'is a folder, not a file'
      : code === 'EACCES' || code === 'EPERM'
        ? 'may not be read by your user'
        : 'could not be read';
  const file = join(options.cwd ?? '', 'settings.json');
  return {
    store: createStore({ ...options, configName: fallbackName }),
    problems: [
      {
        code: 'settings_unreadable',
        message: `Your settings file ${file} ${why}, so Skyhook started with default settings and left the file untouched. Changes made now are kept in ${fallbackName}.json.`,
        fix:
          code === 'EISDIR'
            ? `Move the folder ${file} out of the way, then restart Skyhook.`
            : `Make ${file} readable and writable by your user again (for example with chown after running Skyhook with sudo), then restart Skyhook.`,
      },
    ],
  };
}
