import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { OWNER_ASSETS, isOwnerChunk, isOwnerStylesheet, pwaManifest, pwaWorkbox } from './pwa.config.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const api = process.env.TABLESIDE_API ?? 'http://localhost:3000';

export default defineConfig({
  root: here('.'),
  resolve: {
    // The browser bundle compiles shared's TypeScript directly: one copy of every schema and type.
    alias: { '@tableside/shared': here('../shared/src/index.ts') },
  },
  plugins: [
    vue(),
    VitePWA({
      registerType: 'prompt',
      // src/modules/pwa.ts registers the worker with workbox-window once the page has loaded.
      injectRegister: false,
      manifest: pwaManifest,
      workbox: pwaWorkbox,
    }),
  ],
  define: {
    // Composition API only: the options API and devtools hooks stay out of the diner's download.
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    rolldownOptions: {
      // shared/ is schemas and pure functions: whatever the diner app does not import can go.
      // All but zodConfig.ts, which exists for its side effect (see there), and index.ts, which imports it first.
      treeshake: {
        moduleSideEffects: (id) => !id.includes('/shared/src/') || /\/shared\/src\/(index|zodConfig)\.ts$/.test(id),
      },
      output: {
        // The owner app's chunks and page styles get a folder of their own, which the diner's worker leaves alone.
        chunkFileNames: (chunk) => `${isOwnerChunk(chunk.moduleIds) ? OWNER_ASSETS : 'assets/'}[name]-[hash].js`,
        assetFileNames: (asset) =>
          `${isOwnerStylesheet(asset.originalFileNames) ? OWNER_ASSETS : 'assets/'}[name]-[hash][extname]`,
      },
    },
    // .vite/manifest.json maps source folders to chunks: bench/pwa.ts checks that no owner code loads on /t/*.
    manifest: true,
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: true },
      '/socket.io': { target: api, ws: true, changeOrigin: true },
      '/healthz': { target: api },
    },
  },
});
