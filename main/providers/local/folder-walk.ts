import type { Dirent } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { isImageName } from '../../../preload/image-types';

export interface FileEntry {
  /** Path relative to the folder, with forward slashes. */
  id: string;
  /** Real path on disk. */
  path: string;
}

export interface WalkResult {
  files: FileEntry[];
  /** Folders that could not be read (permissions, vanished mid-walk) and were left out. */
  skipped: number;
  /** True when the walk stopped at `maxEntries` (a folder like `/`). */
  truncated: boolean;
}

export interface WalkLimits {
  /** Directory entries looked at before the walk stops. */
  maxEntries: number;
  /** Reads one folder (a stand-in in tests: root may read any folder whatever its mode). */
  readDir?: (dir: string) => Promise<Dirent[]>;
}

export const defaultWalkLimits: WalkLimits = { maxEntries: 1_000_000 };
const readDirEntries = (dir: string): Promise<Dirent[]> => readdir(dir, { withFileTypes: true });

/** Kernel and device trees hold no pictures and some never end: never walked. */
const pseudoFolders = new Set(['/proc', '/sys', '/dev', '/run']);

/**
 * Every image below `root`, one folder at a time: a folder that cannot be read is counted
 * and skipped instead of failing the whole walk; symbolic links are never followed (a
 * link must not pull files from outside the folder into results); hidden files and folders
 * are left out; `signal` stops the walk between folders. The root itself must be readable
 * (the caller checked that it is a folder): its error is thrown.
 */
export async function walkImages(root: string, signal: AbortSignal, limits: WalkLimits = defaultWalkLimits): Promise<WalkResult> {
  const realRoot = await realpath(root);
  const files: FileEntry[] = [];
  const pending = [realRoot];
  let skipped = 0;
  let entriesSeen = 0;
  const readDir = limits.readDir ?? readDirEntries;
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    signal.throwIfAborted();
    let entries;
    try {
      entries = await readDir(dir);
    } catch (error) {
      if (dir === realRoot) throw error;
      skipped++;
      continue;
    }
    for (const entry of entries) {
      if (++entriesSeen > limits.maxEntries) return { files: sorted(files), skipped, truncated: true };
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!pseudoFolders.has(path)) pending.push(path);
      } else if (entry.isFile() && isImageName(entry.name)) {
        files.push({ id: relative(realRoot, path).split(sep).join('/'), path });
      }
    }
  }
  return { files: sorted(files), skipped, truncated: false };
}

const sorted = (files: FileEntry[]) => files.sort((a, b) => a.id.localeCompare(b.id));

/**
 * The real path of `path` if it lies inside the real `root`, else undefined: a symbolic
 * link (file or folder) that leads out of the folder is treated as not there.
 */
export async function realPathInside(root: string, path: string): Promise<string | undefined> {
  const [realRoot, real] = await Promise.all([realpath(root), realpath(path)]);
  const rel = relative(realRoot, real);
  if (rel === '' || rel === '..' || rel.startsWith('..' + sep) || rel.startsWith(sep) || /^[a-zA-Z]:/.test(rel)) return undefined;
  return real;
}
