import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..', '..');

/** Static value imports of a module (not `import type`, not `import()`), as written. */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^;'"]*?\sfrom\s+)?'([^']+)'/gm)) found.push(match[1] ?? '');
  return found;
}

/** Every package a module loads before its code runs: its static imports, followed through the project's own files. */
function packagesLoadedBy(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(file)) {
      if (!spec.startsWith('.')) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec));
        continue;
      }
      const base = resolve(dirname(file), spec);
      const next = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
      if (next) visit(next);
    }
  };
  visit(join(root, entry));
  return packages;
}

/**
 * Issue #13, fast start: what the bridge must not load before it serves the page, and what
 * main's services must not load before a connection or an image needs it. A static import
 * added anywhere below these entries shows up here.
 */
describe('what starting loads', () => {
  it('the bridge entry serves the page with Node alone: no schemas, WebSocket, settings or native modules', () => {
    const loaded = [...packagesLoadedBy('main/headless/start.ts')];
    expect(loaded.filter((name) => !name.startsWith('node:'))).toEqual([]);
  });

  it("main's services leave Box's SDK, MSAL and sharp to their first use", () => {
    const loaded = packagesLoadedBy('main/headless/serve.ts');
    for (const heavy of ['box-node-sdk', '@azure/msal-node', 'sharp']) expect(loaded.has(heavy), heavy).toBe(false);
    // The walk does see packages: the IPC schemas are loaded at start.
    expect(loaded.has('zod')).toBe(true);
  });

  it('the page’s first scripts (the bridge shim, the entry, the app up to its lazy parts) load no zod', () => {
    // The shim opens the socket as soon as it runs, and the app paints the search field
    // sooner without ~100 KB of schemas only the wizards need. The entry itself loads nothing
    // before the drawn field is painted: React and the app come after (renderer/src/main.tsx).
    const entries = [
      ['renderer/bridge/shim.ts', false],
      ['renderer/src/main.tsx', false],
      ['renderer/src/boot.tsx', true],
    ] as const;
    for (const [entry, react] of entries) {
      const loaded = packagesLoadedBy(entry);
      expect(loaded.has('zod'), entry).toBe(false);
      expect(loaded.has('react'), entry).toBe(react);
    }
  });
});
