import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Unit tests of the diner app: stores, composables and components in happy-dom. The browser tests are vitest.e2e.config.ts. */
export default defineConfig({
  root: here('.'),
  plugins: [vue()],
  resolve: { alias: { '@tableside/shared': here('../shared/src/index.ts') } },
  test: {
    name: 'pwa',
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
  },
});
