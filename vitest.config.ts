import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Tests run the TypeScript sources of the workspace packages, never a stale build.
const alias = {
  '@tableside/shared': here('./shared/src/index.ts'),
  '@tableside/migrations': here('./migrations/src/index.ts'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'shared', include: ['shared/src/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['server/src/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'server/src/faults/**'],
          // One template database, migrated once per run; each test file clones it.
          globalSetup: ['server/src/test/globalSetup.ts'],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // Real server processes against a private Postgres and Redis per file, which the scenarios kill and
          // restart; one file at a time, so a scenario's timing never depends on another's load.
          name: 'faults',
          include: ['server/src/faults/**/*.fault.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      // The PWA and the kiosk bring their own configs (environment, plugins); the PWA's browser tests have one more.
      '{pwa,kiosk}/vitest.config.ts',
      'pwa/vitest.e2e.config.ts',
    ],
  },
});
