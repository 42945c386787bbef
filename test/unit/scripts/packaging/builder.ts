/**
 * Reads electron-builder.yml with electron-builder's own code (app-builder-lib, which
 * electron-builder is built on), so these checks see the configuration exactly as a real
 * `electron-builder` run would.
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Configuration, PlatformSpecificBuildOptions } from 'electron-builder';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { findAndReadConfig } from 'app-builder-lib/out/util/config/load';

export const root = resolve(import.meta.dirname, '../../../..');

/** The YAML as written, parsed by electron-builder's reader. */
export async function readRawConfig(): Promise<{ config: Configuration; file: string | null }> {
  const read = await findAndReadConfig<Configuration>({
    packageKey: 'build',
    configFilename: 'electron-builder',
    projectDir: root,
    packageMetadata: null,
  });
  if (!read) throw new Error('electron-builder.yml not found');
  return { config: read.result, file: read.configFile };
}

/** The configuration electron-builder would build with (package.json `build` key, extends, …). */
export function effectiveConfig(): Promise<Configuration> {
  return getConfig(root, null, null);
}

export function validateWithBuilder(config: Configuration): Promise<void> {
  return validateConfiguration(config, { isEnabled: false } as Parameters<typeof validateConfiguration>[1]);
}

export type Filter = (file: string, stat: { isDirectory(): boolean }) => boolean;
interface Matcher {
  from: string;
  createFilter(): Filter;
}
interface FileMatcherModule {
  getMainFileMatchers(
    appDir: string,
    destination: string,
    macroExpander: (pattern: string) => string,
    platformSpecificBuildOptions: PlatformSpecificBuildOptions,
    platformPackager: unknown,
    outDir: string,
    isElectronCompile: boolean,
  ): Matcher[];
}

// Internal to app-builder-lib (not in its typings) but it is the code that decides what is packed.
const fileMatcher = createRequire(import.meta.url)('app-builder-lib/out/fileMatcher.js') as FileMatcherModule;

const identity = (pattern: string) => pattern;
const fakeStat = (isDir: boolean) => ({ isDirectory: () => isDir });

/**
 * Would `relPath` (a file relative to the project, outside node_modules) be copied into app.asar? electron-builder
 * walks the tree and skips a directory its filter rejects, so every ancestor must pass too.
 */
export function packagedFilesFilter(config: Configuration, platform: PlatformSpecificBuildOptions = {}): (relPath: string) => boolean {
  const outDir = resolve(root, config.directories?.output ?? 'dist');
  const info = {
    projectDir: root,
    buildResourcesDir: resolve(root, config.directories?.buildResources ?? 'build'),
    isPrepackedAppAsar: false,
    config,
    debugLogger: { isEnabled: false },
  };
  const appFilters = fileMatcher
    .getMainFileMatchers(root, '/app', identity, platform, { info }, outDir, false)
    .map((m) => ({ from: m.from, filter: m.createFilter() }));

  return (relPath) => {
    const parts = relPath.split('/');
    const passes = (filter: Filter) =>
      parts.every((_, i) => filter(resolve(root, ...parts.slice(0, i + 1)), fakeStat(i < parts.length - 1)));
    // Production dependencies are collected by a separate walker (never devDependencies).
    if (parts[0] === 'node_modules') throw new Error('node_modules is not decided by the files patterns');
    return appFilters.some(({ from, filter }) => from === root && passes(filter));
  };
}
