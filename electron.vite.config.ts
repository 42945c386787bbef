import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// One build serves both compositions: `index` is the Electron main process and `headless`
// is the same services behind the browser bridge, for machines without the Electron binary.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('main/electron/index.ts'),
          headless: resolve('main/headless/serve.ts'),
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
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
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
