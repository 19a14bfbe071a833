import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The kitchen display, built into `dist/renderer` with relative paths: loaded
 * from a file by Electron, served by the agent to any browser on its box.
 */
export default defineConfig({
  root: here('src/renderer'),
  base: './',
  plugins: [vue()],
  build: {
    outDir: here('dist/renderer'),
    emptyOutDir: true,
    // Electron 41's Chromium, and any browser of the last years.
    target: 'chrome120',
  },
});
