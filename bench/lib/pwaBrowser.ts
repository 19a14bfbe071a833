import type { JoinTableResponse } from '@tableside/shared';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser } from 'playwright-core';

/** A mid-range phone: 4× slower CPU than this machine, 390 × 844. */
const CPU_SLOWDOWN = 4;
/** A poor restaurant Wi-Fi, for the second measurement: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trips. */
export const POOR_WIFI = { latency: 150, downloadThroughput: 200_000, uploadThroughput: 94_000 };

export interface PageFigures {
  /** first-contentful-paint from the Performance API, ms after navigation start. */
  fcpMs: number;
  /** When the screen's real content was there (the restaurant's name; the first dish). */
  readyMs: number;
  /** Every script the page fetched, with what went over the wire. */
  scripts: { url: string; transferBytes: number; decodedBytes: number }[];
}

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

/*
 * What runs in the page is written as plain JavaScript: bench/ is type-checked
 * without the DOM, and tsx would wrap functions passed from here in a helper
 * the page does not have.
 */

/** Puts `storage` in localStorage and marks `content-shown` when `selector` first matches (noted by the page itself). */
function markContentShown(storage: Record<string, string>, selector: string): string {
  return `
    if (location.protocol === 'http:') {
      for (const [key, value] of Object.entries(${JSON.stringify(storage)})) localStorage.setItem(key, value);
    }
    const observer = new MutationObserver(() => {
      if (!document.querySelector(${JSON.stringify(selector)})) return;
      performance.mark('content-shown');
      observer.disconnect();
    });
    observer.observe(document, { childList: true, subtree: true });`;
}

const READ_FIGURES = `(() => {
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const shown = performance.getEntriesByName('content-shown')[0];
  const scripts = performance.getEntriesByType('resource')
    .filter((entry) => entry.name.endsWith('.js'))
    .map((entry) => ({ url: entry.name, transferBytes: entry.transferSize, decodedBytes: entry.decodedBodySize }));
  return { fcpMs: fcp ? fcp.startTime : NaN, readyMs: shown ? shown.startTime : NaN, scripts };
})()`;

/** Joins the table through the API, as the landing page's button does. */
export async function joinTable(baseUrl: string, qrToken: string): Promise<JoinTableResponse> {
  const response = await fetch(`${baseUrl}/api/v1/tables/${qrToken}/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ displayName: 'Bench' }),
  });
  if (!response.ok) throw new Error(`join answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as JoinTableResponse;
}

/**
 * Opens `url` in a fresh context (cold: no HTTP cache, no service worker)
 * with the CPU slowed down, waits for `readySelector`, and reads the paint
 * and resource timings. `storage` is put in localStorage first (a diner who
 * already joined the table).
 */
export async function measurePage(
  browser: Browser,
  url: string,
  readySelector: string,
  options: { storage?: Record<string, string>; network?: typeof POOR_WIFI } = {},
): Promise<PageFigures> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    serviceWorkers: 'block',
  });
  try {
    await context.addInitScript({ content: markContentShown(options.storage ?? {}, readySelector) });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    if (options.network) {
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, ...options.network });
    }
    await page.goto(url, { waitUntil: 'load' });
    const deadline = Date.now() + 60_000;
    while (!(await page.evaluate<boolean>("performance.getEntriesByName('content-shown').length > 0"))) {
      if (Date.now() > deadline) throw new Error(`${readySelector} never appeared on ${url}`);
      await sleep(50);
    }
    return await page.evaluate<PageFigures>(READ_FIGURES);
  } finally {
    await context.close();
  }
}
