import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { RunningTestServer, TestEnv } from '../../../server/src/test/harness.js';
import { PWA_DIST, SCREENSHOTS } from './paths.js';
import type { Phone } from './phones.js';

const WAIT_MS = 15_000;

/** Signs in to the owner app at /admin and resolves on the live orders board. */
export async function signInAsOwner(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/admin`, { timeout: WAIT_MS });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * The server with the built PWA, on a port known in advance: the admin API
 * only takes writes whose Origin is PUBLIC_URL, so PUBLIC_URL must be the
 * address the browser uses.
 */
export async function startServerForOwners(
  env: TestEnv,
  overrides: Record<string, string> = {},
): Promise<RunningTestServer> {
  const port = await freePort();
  return env.startServer({
    PWA_DIST_DIR: PWA_DIST,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...overrides,
  });
}

/** A 10-inch tablet held in landscape (1024 × 768), in its own browser context (its own cookies). */
export async function openTablet(browser: Browser, options: { width?: number; height?: number } = {}): Promise<Phone> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1024, height: options.height ?? 768 },
    deviceScaleFactor: 1,
    hasTouch: true,
    locale: 'en-GB',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // A refused request (401, 403, 409) is logged by the browser itself; those are what the tests provoke.
    const expected = /Failed to load resource: the server responded with a status of (401|403|409)/;
    if (message.type() === 'error' && !expected.test(message.text())) errors.push(message.text());
  });
  return {
    context,
    page,
    errors,
    shot: async (name) => {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), animations: 'disabled' });
    },
    close: () => context.close(),
  };
}
