import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { connectionKindNames, type ConnectionKind } from '../../preload/connection-kinds';
import type { StartupProblem } from '../../preload/contract';
import { SettingsFile, type SettingsFileOptions } from './settings-file';
import { keptAsidePath } from '../shared/kept-aside';

export interface ConnectionRecord {
  id: string;
  kind: ConnectionKind;
  name: string;
  enabled: boolean;
  managed: boolean;
  /** For managed connections: the policy's stable ID, so re-applying a policy updates instead of duplicating. */
  policyId?: string;
  /** Absent in files from before it was recorded (it was never required). */
  createdAt?: string;
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

export const windowBoundsSchema = z.object({
  x: z.number().optional(),
  y: z.number().optional(),
  width: z.number().min(320),
  height: z.number().min(240),
  maximized: z.boolean(),
});

/** Keys it does not name are kept, so a file saved by a newer version loses nothing here. */
const schema: z.ZodType<SettingsData> = z.looseObject({
  connections: z
    .array(
      z.looseObject({
        id: z.string(),
        kind: z.enum(connectionKindNames),
        name: z.string().min(1),
        enabled: z.boolean(),
        managed: z.boolean().default(false),
        policyId: z.string().max(64).optional(),
        createdAt: z.string().optional(),
        config: z.record(z.string(), z.unknown()),
      }),
    )
    .default([]),
  samplesSeeded: z.boolean().default(false),
  windowBounds: windowBoundsSchema.optional(),
  cacheLimitMb: z.number().min(50).max(100_000).default(1024),
  recentSearches: z.array(z.string().max(200)).max(20).default([]),
  nameIndexOff: z.array(z.string().max(64)).default([]),
  dragHintDismissed: z.boolean().default(false),
  samplesRetired: z.boolean().default(false),
});

/** The settings the search panel reads and writes through IPC (a narrow view of the store). */
export type PanelSettingKey = 'cacheLimitMb' | 'recentSearches' | 'nameIndexOff' | 'dragHintDismissed' | 'samplesRetired';
export interface PanelSettings {
  get<K extends PanelSettingKey>(key: K): SettingsData[K];
  set<K extends PanelSettingKey>(key: K, value: SettingsData[K]): void;
}

export type SettingsStore = SettingsFile<SettingsData>;
/** Opens the file; tests pass one that fails. */
export type StoreFactory = (options: SettingsFileOptions<SettingsData>) => SettingsStore;
const openFile: StoreFactory = (options) => new SettingsFile(options);

export interface OpenedSettings {
  store: SettingsStore;
  problems: StartupProblem[];
}

/**
 * Opens settings.json. A file that cannot be parsed or fails the schema is moved aside as
 * `settings.json.corrupt-<time>` and reported, never silently overwritten: the user can
 * still recover what was in it.
 */
export function openSettings(
  dir: string,
  now: () => Date = () => new Date(),
  readFile: (path: string) => Buffer = readFileSync,
  createStore: StoreFactory = openFile,
): OpenedSettings {
  const options: SettingsFileOptions<SettingsData> = {
    dir,
    name: 'settings',
    schema,
    version: settingsSchemaVersion,
    migrations: {
      '1.0.0': () => {
        // First schema: nothing to convert. Later versions add a step here.
      },
    },
  };
  const file = join(dir, 'settings.json');
  // Read first: a file that fails is kept aside byte for byte.
  let original: Buffer | undefined;
  try {
    original = existsSync(file) ? readFile(file) : undefined;
  } catch (error) {
    return openFallback(options, createStore, error);
  }
  try {
    // The store opens the bytes just read rather than reading the file a second time.
    const read = original;
    return { store: createStore(read === undefined ? options : { ...options, readFile: () => read }), problems: [] };
  } catch (error) {
    if (original === undefined) throw error;
    const aside = keptAsidePath(file, now());
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
function openFallback(options: SettingsFileOptions<SettingsData>, createStore: StoreFactory, error: unknown): OpenedSettings {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'EISDIR'
      ? 'is a folder, not a file'
      : code === 'EACCES' || code === 'EPERM'
        ? 'may not be read by your user'
        : 'could not be read';
  const file = join(options.dir, 'settings.json');
  return {
    store: createStore({ ...options, name: fallbackName }),
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
