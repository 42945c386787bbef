import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import type { Configuration, PlatformSpecificBuildOptions } from 'electron-builder';
import { beforeAll, describe, expect, it } from 'vitest';
import { effectiveConfig, packagedFilesFilter, root } from './builder';

let config: Configuration;
beforeAll(async () => {
  config = await effectiveConfig();
});

/** A project tree like ours after `npm run build`, with every kind of file that must stay out. */
const shouldShip = [
  'package.json',
  'out/main/index.js',
  'out/main/chunks/vault-Bq3x.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
  'out/renderer/assets/index-D4f2.js',
  'out/renderer/assets/index-D4f2.css',
  'out/renderer/assets/inter-latin.woff2',
];
const mustNotShip = [
  'out/main/index.js.map',
  'out/renderer/assets/index-D4f2.js.map',
  'out/main/headless.js',
  'out/renderer/bridge-shim.js',
  'main/electron/index.ts',
  'main/vault/vault.ts',
  'preload/contract.ts',
  'preload/index.ts',
  'renderer/index.html',
  'renderer/src/App.tsx',
  'test/unit/packaging/fuses.test.ts',
  'test/fakes/box/server.ts',
  'test/fakes/microsoft/authority.ts',
  'test/e2e/foundation.test.ts',
  'test/harness/bridge.ts',
  '.ci/check.sh',
  'docs/guide.md',
  'seeds/000-box-ccg.md',
  'reference/box-openapi.yaml',
  'assets/icon.svg',
  'assets/icons/icon.icns',
  'assets/samples/aurora-gradient.png',
  'scripts/make-icons.mjs',
  'scripts/packaging/after-pack.mjs',
  'scripts/packaging/entitlements.mac.plist',
  'electron-builder.yml',
  'electron.vite.config.ts',
  'vitest.config.ts',
  'eslint.config.js',
  'tsconfig.json',
  'package-lock.json',
  'dist/Skyhook-0.1.0-mac-arm64.dmg',
  'dist/linux-unpacked/resources/app.asar',
  'test-results/trace.zip',
  '.git/config',
  '.env',
];

const platforms: [string, () => PlatformSpecificBuildOptions][] = [
  ['mac', () => config.mac ?? {}],
  ['win', () => config.win ?? {}],
  ['linux', () => config.linux ?? {}],
];

describe.each(platforms)('files packed into app.asar on %s', (_name, platform) => {
  it('are exactly the build output and package.json', () => {
    const ships = packagedFilesFilter(config, platform());
    expect(shouldShip.filter((f) => !ships(f))).toEqual([]);
    expect(mustNotShip.filter((f) => ships(f))).toEqual([]);
  });
});

describe('the filter itself', () => {
  it('would notice a too-broad pattern', () => {
    // Guards the guard: with electron-builder's default (everything) the list above must fail.
    const ships = packagedFilesFilter({ ...config, files: undefined });
    expect(mustNotShip.filter((f) => ships(f)).length).toBeGreaterThan(10);
  });
});

// After `npm run build` (part of `npm test`) check the real output: everything the app loads at
// run time must be inside the packed set, or the installed app starts with a missing module.
const built = existsSync(join(root, 'out/main/index.js'));

function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/\b(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g),
    ...text.matchAll(/\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g),
    ...text.matchAll(/\bimport\s*['"](\.{1,2}\/[^'"]+)['"]/g),
    ...text.matchAll(/\brequire\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g),
  ].map((m) => m[1] ?? '');
  return specifiers.map((s) => join(dirname(file), s));
}

function reachableFrom(entries: string[]): string[] {
  const seen = new Set<string>();
  const queue = entries.filter((e) => existsSync(e));
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (seen.has(file)) continue;
    seen.add(file);
    if (/\.(c|m)?js$/.test(file)) queue.push(...localImports(file).filter((f) => existsSync(f)));
  }
  return [...seen].map((f) => relative(root, f).split('\\').join(posix.sep));
}

describe.skipIf(!built)('the built output', () => {
  it('ships every module the main process and preload load', () => {
    const ships = packagedFilesFilter(config);
    const needed = reachableFrom([join(root, 'out/main/index.js'), join(root, 'out/preload/index.cjs')]);
    expect(needed).toContain('out/main/index.js');
    expect(needed.filter((f) => !ships(f))).toEqual([]);
  });

  it('ships every script and stylesheet the renderer page references', () => {
    const ships = packagedFilesFilter(config);
    const html = readFileSync(join(root, 'out/renderer/index.html'), 'utf8');
    const refs = [...html.matchAll(/\b(?:src|href)="(\.?\/?[^"':]+)"/g)]
      .map((m) => (m[1] ?? '').replace(/^\.?\//, ''))
      .filter((ref) => ref && !ref.startsWith('#'))
      .map((ref) => `out/renderer/${ref}`);
    const needed = reachableFrom(refs.map((r) => join(root, r)));
    expect(needed.filter((f) => !ships(f))).toEqual([]);
  });
});
