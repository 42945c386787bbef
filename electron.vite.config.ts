import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { inlineStyleHashes, rendererMetaPolicy } from './main/shared/content-security-policy';

/**
 * Writes the page's head. The style sheets it links are inlined, so the first paint (the
 * search field index.html draws) waits for no request (issue #13, fast start), and the one
 * CSP definition goes in with their hashes: main computes the same from the built page
 * (`inlineStyleHashes`), so the page and the headers cannot drift.
 */
const pageHead = (): Plugin => ({
  name: 'skyhook-page-head',
  transformIndexHtml: {
    order: 'post',
    handler: (html, { bundle }) => {
      let page = html;
      for (const asset of Object.values(bundle ?? {})) {
        if (asset.type !== 'asset' || !asset.fileName.endsWith('.css')) continue;
        const link = `<link rel="stylesheet" crossorigin href="./${asset.fileName}">`;
        if (!page.includes(link)) continue;
        page = page.replace(link, () => `<style>${String(asset.source)}</style>`);
        // Inlined: nothing loads it any more.
        if (bundle) Reflect.deleteProperty(bundle, asset.fileName);
      }
      const content = rendererMetaPolicy(inlineStyleHashes(page));
      return { html: page, tags: [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content }, injectTo: 'head-prepend' }] };
    },
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
    plugins: [pageHead(), react()],
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
