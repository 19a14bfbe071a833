import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const INSTALLER = fileURLToPath(new URL('../../../.ci/chromium.sh', import.meta.url));

/**
 * Global setup of the browser tests (the PWA's e2e, the kiosk's display):
 * they drive Debian's Chromium, which a fresh machine does not have. The
 * same script as CI's installs it when /usr/bin/chromium is missing, so
 * `npm test` works on a new machine without a step done by hand.
 */
export default function ensureChromium(): void {
  if (process.env.CHROME_PATH) return;
  const installed = spawnSync('bash', [INSTALLER], { stdio: 'inherit' });
  if (installed.status !== 0) throw new Error('the browser tests need Chromium at /usr/bin/chromium (see above)');
}
