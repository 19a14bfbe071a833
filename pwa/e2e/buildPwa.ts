import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * Global setup of the browser tests: the PWA built once, exactly as `npm run
 * build` builds it, into pwa/dist. Vitest runs with NODE_ENV=test, which
 * would make Vite build in development mode (no service worker, Vue's dev
 * build), so the build gets NODE_ENV=production for its duration.
 */
export default async function buildPwa(): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
