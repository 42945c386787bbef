import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { writeFileAtomicSync } from '../shared/atomic-file';

export interface SettingsFileOptions<T> {
  dir: string;
  /** The file is `<name>.json` in `dir`. */
  name: string;
  /** Fills defaults and refuses what does not fit; keys it does not name are kept as they are. */
  schema: z.ZodType<T>;
  /** The shape's version, recorded in the file; `migrations` bring older files up to it. */
  version: string;
  /** Steps keyed by the version they lead to, run in order on a file saved by an older version. */
  migrations?: Record<string, (data: Record<string, unknown>) => void>;
  readFile?: (path: string) => Buffer;
}

type Listener = () => void;

/** Where the file records its version (the place conf used, so files it wrote open as they are). */
const internalKey = '__internal__';

const versionParts = (version: string) => version.split('.').map((part) => Number.parseInt(part, 10) || 0);
/** Numeric order of dotted versions ("1.10.0" after "1.9.0"). */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [versionParts(a), versionParts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * A JSON settings file kept in memory: read and checked once when opened (a file that is
 * not JSON or does not fit the schema throws, for the caller to keep aside), every `set`
 * checked against the schema before anything changes, and written whole (temporary file,
 * then rename; readable by the user only), so a crash leaves the old file or the new one.
 *
 * In place of conf/electron-store: conf compiles its JSON schema with ajv at every start
 * (with conf's own loading, ~270 ms of the bridge's first second); zod, loaded anyway for
 * IPC, checks the same rules.
 */
export class SettingsFile<T extends object> {
  readonly path: string;
  private data: T;
  private readonly listeners = new Map<keyof T, Set<Listener>>();

  constructor(private readonly options: SettingsFileOptions<T>) {
    this.path = join(options.dir, `${options.name}.json`);
    let saved: Record<string, unknown> = {};
    let text: string | undefined;
    try {
      text = (options.readFile ?? readFileSync)(this.path).toString('utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== undefined) {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${this.path} does not hold an object.`);
      saved = parsed as Record<string, unknown>;
    }
    const migrated = text !== undefined && this.migrate(saved);
    this.data = this.check(saved);
    if (migrated) this.write();
  }

  get<K extends keyof T>(key: K): T[K] {
    return this.data[key];
  }

  /** Throws (and changes nothing) when the value breaks the schema or the file cannot be written. */
  set<K extends keyof T>(key: K, value: T[K]): void {
    const before = this.data[key];
    const next = this.check({ ...this.data, [key]: value });
    const previous = this.data;
    this.data = next;
    try {
      this.write();
    } catch (error) {
      this.data = previous;
      throw error;
    }
    if (JSON.stringify(before) !== JSON.stringify(next[key])) for (const listener of this.listeners.get(key) ?? []) listener();
  }

  /** Calls `listener` after each `set` that changed `key`; returns the unsubscribe. */
  onDidChange(key: keyof T, listener: Listener): () => void {
    const set = this.listeners.get(key) ?? new Set<Listener>();
    this.listeners.set(key, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  private check(candidate: object): T {
    const result = this.options.schema.safeParse(candidate);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    throw new Error(`${this.path}: ${issue ? `${issue.path.join('.') || 'the file'}: ${issue.message}` : 'does not fit its schema'}.`);
  }

  /** Runs the steps newer than the file's version, up to this version; true when any ran. */
  private migrate(saved: Record<string, unknown>): boolean {
    const internal = (saved[internalKey] ?? {}) as { migrations?: { version?: unknown } };
    const from = typeof internal.migrations?.version === 'string' ? internal.migrations.version : '0.0.0';
    const steps = Object.keys(this.options.migrations ?? {})
      .filter((to) => compareVersions(to, from) > 0 && compareVersions(to, this.options.version) <= 0)
      .sort(compareVersions);
    for (const to of steps) this.options.migrations?.[to]?.(saved);
    if (compareVersions(from, this.options.version) === 0) return false;
    saved[internalKey] = { ...internal, migrations: { ...internal.migrations, version: this.options.version } };
    return true;
  }

  private write(): void {
    const internal = (this.data as Record<string, unknown>)[internalKey];
    const record = internal === undefined ? { ...this.data, [internalKey]: { migrations: { version: this.options.version } } } : this.data;
    writeFileAtomicSync(this.path, JSON.stringify(record, null, '\t'));
  }
}
