import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { seedDemo, type DemoSummary } from '@tableside/migrations';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestEnv, type RunningTestServer } from '../../server/src/test/harness.js';
import { addDish, joinTable, openCart } from './lib/diner.js';
import { PWA_DIST } from './lib/paths.js';
import { launchChromium, openPhone } from './lib/phones.js';

/**
 * The built app lives within the server's Content-Security-Policy: the
 * browser reports no violation anywhere a diner or an owner goes, and the
 * built index.html has no inline script or handler the policy would block.
 */
const env = useTestEnv();
let server: RunningTestServer;
let demo: DemoSummary;
let browser: Browser;

beforeAll(async () => {
  demo = await seedDemo(env.db);
  [server, browser] = await Promise.all([env.startServer({ PWA_DIST_DIR: PWA_DIST }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
});

describe('the Content-Security-Policy', () => {
  it('has nothing to block in the built index.html', async () => {
    const html = await readFile(join(PWA_DIST, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes, 'every script is a file').toMatch(/\bsrc="\/[^"]+"/);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
  });

  it('is never violated while a diner orders and an owner opens the sign-in page', async () => {
    const phone = await openPhone(browser);
    const violations: string[] = [];
    await phone.context.exposeFunction('reportCspViolation', (violation: string) => violations.push(violation));
    await phone.context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation(
          `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`,
        );
      });
    });

    const response = await phone.page.goto(`${server.url}/t/${demo.tables[0]!.qrToken}`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await joinTable(phone.page, server.url, demo.tables[0]!.qrToken, 'Csp');
    await addDish(phone.page, 'Burrata');
    await openCart(phone.page);
    // The owner app's code, loaded as far as its sign-in page (its own tests sign in).
    await phone.page.goto(`${server.url}/admin/sign-in`, { waitUntil: 'networkidle' });

    expect(violations).toEqual([]);
    expect(phone.errors.filter((error) => /Content Security Policy/i.test(error))).toEqual([]);
    await phone.close();
  });
});
