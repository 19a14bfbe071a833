import { seedDemo, type DemoSummary } from '@tableside/migrations';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editMenuItem } from '../../server/src/menu/index.js';
import { closeTableSession } from '../../server/src/tables/index.js';
import { useTestEnv, type RunningTestServer } from '../../server/src/test/harness.js';
import { connectKiosk, pairKiosk, type ConnectedKiosk } from '../../server/src/test/kitchen.js';
import { addDish, cartBarSays, closeSheet, joinTable, openCart, openDish, waitForStatus } from './lib/diner.js';
import { PWA_DIST } from './lib/paths.js';
import { launchChromium, openPhone, type Phone } from './lib/phones.js';

const env = useTestEnv();
let server: RunningTestServer;
let demo: DemoSummary;
let browser: Browser;
let anna: Phone;
let ben: Phone;
let kiosk: ConnectedKiosk;

beforeAll(async () => {
  demo = await seedDemo(env.db);
  [server, browser] = await Promise.all([env.startServer({ PWA_DIST_DIR: PWA_DIST }), launchChromium()]);
  [anna, ben] = await Promise.all([openPhone(browser), openPhone(browser)]);
});

afterAll(async () => {
  kiosk?.close();
  await browser?.close();
});

const table1 = () => demo.tables[0]!.qrToken;
const itemId = async (name: string) =>
  (await env
    .db('menu_items')
    .where({ restaurant_id: demo.restaurantId, name })
    .first<{ id: string; version: number }>())!;

describe('two phones at table 1', () => {
  it('an unknown or replaced code sends the diner to the staff, not to a blank page', async () => {
    await anna.page.goto(`${server.url}/t/ThisCodeWasReplaced0000`);
    await anna.page.getByRole('heading', { name: 'We can’t find this table' }).waitFor();
    await anna.shot('00-unknown-table');
  });

  it('join the table; the second sees who is already there', async () => {
    await anna.page.goto(`${server.url}/t/${table1()}`);
    await anna.page.getByText('You’re the first one here.').waitFor();
    expect(await anna.page.getByRole('heading', { level: 1 }).innerText()).toBe('Harbour Lane Bistro');
    await anna.shot('01-landing');
    await joinTable(anna.page, server.url, table1(), 'Anna');
    await anna.shot('02-menu');

    await ben.page.goto(`${server.url}/t/${table1()}`);
    await ben.page.locator('.seated__diner', { hasText: 'Anna' }).waitFor();
    await ben.shot('03-landing-seated');
    await joinTable(ben.page, server.url, table1(), 'Ben');
  });

  it('A adds a dish with options; "Add" waits for the required choice; B sees the line', async () => {
    await openDish(anna.page, 'Harbour burger');
    const sheet = anna.page.getByRole('dialog');
    const add = sheet.getByTestId('add-to-cart');
    expect(await add.isDisabled()).toBe(true);
    expect(await sheet.getByText('Choose 1 for Cooking.').isVisible()).toBe(true);
    await sheet.getByLabel('Medium rare').check();
    await sheet.getByLabel('Smoked bacon').check();
    expect(await add.isEnabled()).toBe(true);
    expect(await add.innerText()).toBe('Add 1 · €18.50');
    await anna.shot('04-item-sheet');
    await add.click();
    await cartBarSays(anna.page, '1 item · €18.50');

    await cartBarSays(ben.page, '1 item · €18.50');
    await ben.page.getByTestId('announcer').filter({ hasText: 'Anna added Harbour burger.' }).waitFor();
    await openCart(ben.page);
    const line = ben.page.locator('[data-line="Harbour burger"]');
    await line.getByText('Added by Anna').waitFor();
    expect(await line.innerText()).toContain('Medium rare, Smoked bacon');
  });

  it('B changes the quantity; A sees it, highlighted', async () => {
    await ben.page.getByRole('button', { name: 'One more Harbour burger' }).click();
    await cartBarSays(ben.page, '2 items · €37.00');
    await ben.shot('05-cart-sheet');
    await closeSheet(ben.page);

    await cartBarSays(anna.page, '2 items · €37.00');
    await openCart(anna.page);
    expect(await anna.page.locator('[data-line="Harbour burger"] .stepper__value').innerText()).toBe('2');
  });

  it('A places the order: both phones see it placed, then accepted once the kitchen acks it', async () => {
    await anna.page.getByRole('button', { name: 'Review order' }).click();
    await anna.page.getByTestId('checkout-total').filter({ hasText: '€37.00' }).waitFor();
    await anna.shot('06-checkout');
    await anna.page.getByTestId('place-order').click();
    await anna.page.waitForURL('**/orders');
    await waitForStatus(anna.page, 1, 'placed');
    await cartBarSays(anna.page, 'empty');

    await ben.page.getByRole('link', { name: /Orders/ }).click();
    await waitForStatus(ben.page, 1, 'placed');
    const [order] = await env.db('orders').where({ restaurant_id: demo.restaurantId }).select('id');
    expect(order).toBeDefined();

    const device = await pairKiosk(server.url, env.db, demo.restaurantId);
    kiosk = await connectKiosk(server.url, device.token);
    expect((await kiosk.send('kitchen:ack', { orderId: order!.id })).ok).toBe(true);
    await Promise.all([waitForStatus(anna.page, 1, 'accepted'), waitForStatus(ben.page, 1, 'accepted')]);
    await ben.shot('07-track');
  });

  it('a reload, and a phone joining late, still show the table’s orders', async () => {
    await ben.page.reload();
    await waitForStatus(ben.page, 1, 'accepted');
    const cleo = await openPhone(browser);
    await joinTable(cleo.page, server.url, table1(), 'Cleo');
    await cleo.page.getByRole('link', { name: /Orders/ }).click();
    await waitForStatus(cleo.page, 1, 'accepted');
    await cleo.close();
  });

  it('a dish that sold out meanwhile is named, with the offer to remove it', async () => {
    await anna.page.getByRole('link', { name: 'Menu' }).click();
    await addDish(anna.page, 'Fresh oysters');
    await addDish(anna.page, 'Burrata');
    await cartBarSays(anna.page, '2 items');
    // Someone else at the restaurant had the last ones.
    await env
      .db('menu_items')
      .where({ id: (await itemId('Fresh oysters')).id })
      .update({ stock: 0 });

    await openCart(anna.page);
    await anna.page.getByRole('button', { name: 'Review order' }).click();
    await anna.page.getByTestId('place-order').click();
    const problem = anna.page.getByTestId('order-problem');
    await problem.waitFor();
    expect(await problem.getAttribute('data-code')).toBe('SOLD_OUT');
    expect(await problem.innerText()).toContain('Sorry, Fresh oysters just sold out.');
    await anna.shot('08-sold-out');

    await problem.getByRole('button', { name: 'Remove Fresh oysters from the cart' }).click();
    await cartBarSays(anna.page, '1 item · €12.50');
    await cartBarSays(ben.page, '1 item · €12.50');
    await closeSheet(anna.page);
  });

  it('a menu change updates badges and prices live, keeping scroll and the open sheet', async () => {
    await ben.page.getByRole('link', { name: 'Menu' }).click();
    await ben.page.getByRole('button', { name: 'Dry-aged ribeye 300 g', exact: true }).scrollIntoViewIfNeeded();
    const scrolled = await ben.page.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(0);
    await openDish(ben.page, 'Dry-aged ribeye 300 g');

    const ribeye = await itemId('Dry-aged ribeye 300 g');
    await editMenuItem(server.server.deps, {
      restaurantId: demo.restaurantId,
      itemId: ribeye.id,
      expectedVersion: ribeye.version,
      patch: { stock: 0, priceCents: 3600 },
    });

    const sheet = ben.page.getByRole('dialog');
    await sheet.getByTestId('add-to-cart').filter({ hasText: 'Sold out' }).waitFor();
    await sheet.getByText('€36.00').first().waitFor();
    await ben.shot('09-menu-changed-sheet');
    await closeSheet(ben.page);
    await ben.page.locator('[data-item="Dry-aged ribeye 300 g"] [data-testid="sold-out"]').waitFor();
    expect(await ben.page.evaluate(() => window.scrollY)).toBe(scrolled);
    await anna.page.locator('[data-item="Dry-aged ribeye 300 g"] [data-testid="sold-out"]').waitFor();
  });

  it('works by keyboard, and at 200% text without sideways scrolling', async () => {
    const page = ben.page;
    const dish = page.getByRole('button', { name: 'Burrata', exact: true });
    await dish.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('item-sheet').waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Burrata');

    await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
    // Against the phone's width: a mobile browser widens its layout viewport to fit content that overflows.
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - 390);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await ben.shot('11-menu-text-200');
    await openCart(page);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await ben.shot('12-cart-text-200');
    await closeSheet(page);
    await page.evaluate(() => (document.documentElement.style.fontSize = ''));
  });

  it('closing the table thanks every phone', async () => {
    const session = await env.db('table_sessions').whereNull('closed_at').first<{ id: string }>();
    await closeTableSession(server.server.deps, session!.id, 'staff');
    await Promise.all(
      [anna, ben].map((phone) => phone.page.getByText('Thank you for visiting Harbour Lane Bistro!').waitFor()),
    );
    await anna.shot('13-closed');
    const errors = [...anna.errors, ...ben.errors];
    expect(errors, errors.join('\n')).toEqual([]);
  });
});
