import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The diner app in real Chromium against the real server, Postgres and Redis.
 * The server's global setup builds the template database; ours builds the
 * PWA once into pwa/dist. Files run one at a time: each drives two browser
 * contexts and a server, which is what two cores can take.
 */
export default defineConfig({
  root: here('.'),
  resolve: {
    alias: {
      '@tableside/shared': here('../shared/src/index.ts'),
      '@tableside/migrations': here('../migrations/src/index.ts'),
    },
  },
  test: {
    name: 'pwa-e2e',
    environment: 'node',
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: ['../server/src/test/ensureChromium.ts', '../server/src/test/globalSetup.ts', 'e2e/buildPwa.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
