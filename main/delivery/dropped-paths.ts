import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { NewJob } from './delivery-queue';

/** A dropped folder with more files than this is uploaded only after the person confirms. */
export const confirmOver = 50;
/** However large the folder, at most this many files are queued from one drop. */
const maxFiles = 5000;

export interface DroppedFiles {
  files: NewJob[];
  refused: Array<{ name: string; message: string }>;
  /** Folders that were expanded, and how many files they held. */
  folders: string[];
  fromFolders: number;
}

export interface DropRules {
  /** Places nothing is ever uploaded from (Skyhook's own data folder: the vault, tokens). */
  protectedDirs: string[];
  home?: string;
}

const isInside = (dir: string, path: string) => {
  const rel = relative(resolve(dir), path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * Turns dropped paths into files to upload. In the app the paths come from a real drop
 * (webUtils.getPathForFile); in the browser bridge, delivery.start is the test seam, so
 * the same checks stand in for "a file the person chose": absolute paths to regular
 * files or folders (never links, devices or sockets), nothing from Skyhook's data folder
 * or from a hidden folder of the home folder (~/.ssh, ~/.aws), hidden files in dropped
 * folders left out. Folders are walked without following links.
 */
export async function expandDrop(paths: string[], rules: DropRules): Promise<DroppedFiles> {
  const home = resolve(rules.home ?? homedir());
  const result: DroppedFiles = { files: [], refused: [], folders: [], fromFolders: 0 };
  const refuse = (path: string, message: string) => result.refused.push({ name: basename(path) || path, message });

  for (const raw of paths) {
    if (!isAbsolute(raw)) {
      refuse(raw, 'Skyhook needs the full path of a dropped file.');
      continue;
    }
    const path = resolve(raw);
    const underHome = isInside(home, path) ? relative(home, path).split(sep) : [];
    if (rules.protectedDirs.some((dir) => isInside(dir, path)) || underHome.slice(0, -1).some((part) => part.startsWith('.'))) {
      refuse(path, `${basename(path)} is in a private folder Skyhook does not upload from.`);
      continue;
    }
    const info = await lstat(path).catch(() => undefined);
    if (!info) refuse(path, `${basename(path)} is no longer where it was dropped from.`);
    else if (info.isSymbolicLink()) refuse(path, `${basename(path)} is a link: drop the file itself.`);
    else if (info.isFile()) result.files.push({ path, name: basename(path), size: info.size });
    else if (info.isDirectory()) {
      result.folders.push(basename(path));
      const before = result.files.length;
      await walk(path, result, maxFiles);
      result.fromFolders += result.files.length - before;
    } else refuse(path, `${basename(path)} is not a file.`);
    if (result.files.length >= maxFiles) break;
  }
  return result;
}

async function walk(dir: string, into: DroppedFiles, limit: number): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    into.refused.push({ name: basename(dir), message: `The folder ${basename(dir)} could not be read.` });
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (into.files.length >= limit) return;
    // .DS_Store, Thumbs.db-style leftovers and anything hidden stay at home.
    if (entry.name.startsWith('.') || entry.name === 'Thumbs.db' || entry.name === 'desktop.ini') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, into, limit);
    else if (entry.isFile()) {
      const info = await lstat(path).catch(() => undefined);
      if (info?.isFile()) into.files.push({ path, name: entry.name, size: info.size });
    }
  }
}
