import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineProject({
  // Tests run the TypeScript sources of the workspace packages, never a stale build.
  resolve: {
    alias: {
      '@tableside/shared': here('../shared/src/index.ts'),
      '@tableside/migrations': here('../migrations/src/index.ts'),
    },
  },
  test: {
    name: 'kiosk',
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // The kiosk's tests run against the real server: the same migrated template database as the server's.
    globalSetup: [here('../server/src/test/ensureChromium.ts'), here('../server/src/test/globalSetup.ts')],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
