import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Geolocation, type Page } from 'playwright-core';
import { SCREENSHOTS } from './paths.js';

/** Debian's Chromium, headless, with nothing phoning home. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Phone {
  context: BrowserContext;
  page: Page;
  /** Errors the page threw or logged: a test ends by checking there were none. */
  errors: string[];
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** A mid-size phone (390 × 844) in its own browser context: its own storage, service worker and network. */
export async function openPhone(
  browser: Browser,
  options: { geolocation?: Geolocation; permissions?: string[]; locale?: string } = {},
): Promise<Phone> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: options.locale ?? 'en-GB',
    ...(options.geolocation ? { geolocation: options.geolocation } : {}),
    permissions: options.permissions ?? [],
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // Offline, the browser itself logs every refused request and socket; those are the point of the test.
    const offline = /ERR_INTERNET_DISCONNECTED|Failed to load resource|WebSocket connection to .* failed/;
    if (message.type() === 'error' && !offline.test(message.text())) {
      errors.push(message.text());
    }
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
