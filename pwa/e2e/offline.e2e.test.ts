import { seedDemo, type DemoSummary } from '@tableside/migrations';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestEnv, type RunningTestServer } from '../../server/src/test/harness.js';
import { addDish, cartBarSays, closeSheet, joinTable, openCart, waitForStatus } from './lib/diner.js';
import { PWA_DIST } from './lib/paths.js';
import { launchChromium, openPhone, type Phone } from './lib/phones.js';

const env = useTestEnv();
let server: RunningTestServer;
let demo: DemoSummary;
let browser: Browser;
let anna: Phone;
let ben: Phone;

beforeAll(async () => {
  demo = await seedDemo(env.db);
  [server, browser] = await Promise.all([env.startServer({ PWA_DIST_DIR: PWA_DIST }), launchChromium()]);
  [anna, ben] = await Promise.all([openPhone(browser), openPhone(browser)]);
});

afterAll(async () => {
  await browser?.close();
});

const table = () => demo.tables[5]!.qrToken;

/** How many lines of `dish` the phone's cart shows, and their quantities. */
async function linesOf(phone: Phone, dish: string): Promise<string[]> {
  await openCart(phone.page);
  const quantities = await phone.page.locator(`[data-line="${dish}"] .stepper__value`).allInnerTexts();
  await closeSheet(phone.page);
  return quantities;
}

describe('a phone that loses the network', () => {
  it('is installed: the worker controls the page once it has loaded', async () => {
    await joinTable(anna.page, server.url, table(), 'Anna');
    await joinTable(ben.page, server.url, table(), 'Ben');
    await addDish(anna.page, 'Burrata');
    await cartBarSays(ben.page, '1 item · €12.50');
    await anna.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
    const manifest = await anna.page.evaluate(async () => (await fetch('/manifest.webmanifest')).json());
    expect(manifest).toMatchObject({ start_url: '/t/', scope: '/t/', display: 'standalone' });
  });

  it('opens from the cache with the last menu and cart, and says it is offline', async () => {
    await anna.context.setOffline(true);
    await anna.page.reload();
    await anna.page.getByTestId('offline-banner').waitFor();
    await anna.page.locator('[data-item="Harbour burger"]').waitFor();
    await cartBarSays(anna.page, '1 item · €12.50');
    await anna.shot('30-offline-menu');
  });

  it('keeps a dish added offline, then sends it once when the network is back', async () => {
    await addDish(anna.page, 'Sourdough & cultured butter');
    await cartBarSays(anna.page, '2 items · €18.00');
    await openCart(anna.page);
    await anna.page.locator('[data-line="Sourdough & cultured butter"]').getByText('Waiting for the network').waitFor();
    await anna.shot('31-offline-cart');
    await closeSheet(anna.page);

    await anna.context.setOffline(false);
    await cartBarSays(ben.page, '2 items · €18.00');
    await anna.page.getByTestId('offline-banner').waitFor({ state: 'detached' });
    expect(await linesOf(ben, 'Sourdough & cultured butter')).toEqual(['1']);
    expect(await linesOf(anna, 'Sourdough & cultured butter')).toEqual(['1']);
  });

  it('holds an order placed offline, says so, and sends it with the same key once online', async () => {
    await anna.context.setOffline(true);
    await openCart(anna.page);
    await anna.page.getByRole('button', { name: 'Review order' }).click();
    await anna.page.getByTestId('place-order').click();
    await anna.page.getByTestId('checkout-progress').filter({ hasText: 'You’re offline' }).waitFor();
    await anna.shot('32-offline-order');
    expect(await env.db('orders').pluck('id')).toHaveLength(0);

    await anna.context.setOffline(false);
    await anna.page.waitForURL('**/orders');
    await waitForStatus(anna.page, 1, 'placed');
    await ben.page.getByRole('link', { name: /Orders/ }).click();
    await waitForStatus(ben.page, 1, 'placed');
    const orders = await env.db('orders').select('total_cents');
    expect(orders).toEqual([{ total_cents: 1800 }]);
    const errors = [...anna.errors, ...ben.errors];
    expect(errors, errors.join('\n')).toEqual([]);
  });
});
