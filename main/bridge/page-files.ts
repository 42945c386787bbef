import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One entry of Vite's build manifest (renderer/.vite/manifest.json), as far as read here. */
interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

function readManifest(rendererDir: string): Record<string, ManifestChunk | undefined> {
  try {
    return JSON.parse(readFileSync(join(rendererDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk | undefined>;
  } catch {
    // No manifest (a build without one): the page's own head is all that is known.
    return {};
  }
}

/**
 * The files a page loads before the app runs, as request paths ("./index.js" → "/index.js"):
 * the scripts and style sheets index.html names, and, from the build manifest, the chunks its
 * entry imports (React and the app, loaded after the first paint: renderer/src/main.tsx) with
 * what they import and their style sheets; not what those load later (the admin pages).
 */
export function pageFiles(rendererDir: string, indexHtml: string): Set<string> {
  const files = new Set(
    [...indexHtml.matchAll(/<(?:script[^>]*\ssrc|link rel="stylesheet"[^>]*\shref)="\.?([^"]+)"/g)].map((m) => m[1] ?? ''),
  );
  const manifest = readManifest(rendererDir);
  // The entry is the page's own: its head names what it loads (its style sheet is inlined).
  const seen = new Set(['index.html']);
  const add = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(key)) return;
    seen.add(key);
    files.add(`/${chunk.file}`);
    for (const css of chunk.css ?? []) files.add(`/${css}`);
    for (const imported of chunk.imports ?? []) add(imported);
  };
  const entry = manifest['index.html'];
  for (const key of [...(entry?.imports ?? []), ...(entry?.dynamicImports ?? [])]) add(key);
  return files;
}
