import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { inlineStyleHashes, rendererMetaPolicy } from './main/shared/content-security-policy';

/**
 * The page's style sheet goes into index.html itself, so the first paint (the search field
 * index.html draws) waits for no request (issue #13, fast start). Replaced before Vite reads
 * the page, so the style sheet never joins the script graph: no chunk asks for it as a file.
 */
const inlineStyleSheet = (): Plugin => ({
  name: 'skyhook-inline-style-sheet',
  transformIndexHtml: {
    order: 'pre',
    handler: (html) =>
      html.replace(/<link rel="stylesheet" href="\.\/(src\/[\w/-]+\.css)" \/>/g, (_link, path: string) => {
        const css = readFileSync(resolve('renderer', path), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
        return `<style>${css}</style>`;
      }),
  },
});

/**
 * Writes the one CSP definition into the built page, with the hashes of its inline styles:
 * main computes the same from the built page (`inlineStyleHashes`) for its headers, so the
 * page and the headers cannot drift.
 */
const cspMeta = (): Plugin => ({
  name: 'skyhook-csp-meta',
  transformIndexHtml: {
    order: 'post',
    handler: (html) => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: rendererMetaPolicy(inlineStyleHashes(html)) },
        injectTo: 'head-prepend',
      },
    ],
  },
});

// One build serves both compositions: `index` is the Electron main process and `headless`
// is the same services behind the browser bridge, for machines without the Electron binary.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('main/electron/index.ts'),
          headless: resolve('main/headless/start.ts'),
          // The name index's worker thread, loaded by path (main/index/index-worker-client.ts).
          'index-worker': resolve('main/index/index-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot load modules: bundle zod in and emit CommonJS.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [inlineStyleSheet(), cspMeta(), react()],
    build: {
      outDir: 'out/renderer',
      // The first paint parses this bundle: minified it is a third of the size (issue #13).
      minify: true,
      // Names the chunks the entry imports, so the browser bridge serves them before it loads
      // main's services (main/bridge/page-files.ts).
      manifest: true,
      rollupOptions: {
        input: {
          index: resolve('renderer/index.html'),
          'bridge-shim': resolve('renderer/bridge/shim.ts'),
        },
        output: { entryFileNames: '[name].js' },
      },
    },
  },
});
