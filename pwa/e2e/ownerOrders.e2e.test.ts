import { seedDemo, type DemoSummary } from '@tableside/migrations';
import type { Order } from '@tableside/shared';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestEnv, type RunningTestServer } from '../../server/src/test/harness.js';
import { fillCart, seat, submitOrder } from '../../server/src/test/orders.js';
import { addDish, joinTable, openCart, waitForStatus } from './lib/diner.js';
import { openTablet, signInAsOwner, startServerForOwners } from './lib/owner.js';
import { launchChromium, openPhone, type Phone } from './lib/phones.js';

const WAIT_MS = 15_000;
const env = useTestEnv();
let server: RunningTestServer;
let demo: DemoSummary;
let browser: Browser;
let tablet: Phone;
let anna: Phone;

beforeAll(async () => {
  demo = await seedDemo(env.db);
  [server, browser] = await Promise.all([startServerForOwners(env), launchChromium()]);
  [tablet, anna] = await Promise.all([openTablet(browser), openPhone(browser)]);
});

afterAll(async () => {
  await browser?.close();
});

const staffAccount = { email: 'staff@harbour-lane.test', password: 'tableside-demo' };
const ticket = (number: number) => tablet.page.locator(`[data-order="${number}"]`);
const column = (status: string) => tablet.page.locator(`[data-column="${status}"]`);
const navLinks = async (page = tablet.page) =>
  (await page.getByRole('navigation', { name: 'Screens' }).getByRole('link').allInnerTexts()).map((text) =>
    text.trim(),
  );

describe('the owner app on a tablet', () => {
  it('refuses a wrong password next to the field, then signs the owner in to the live board', async () => {
    const page = tablet.page;
    await page.goto(`${server.url}/admin`);
    await page.waitForURL((url) => url.pathname === '/admin/sign-in' && url.searchParams.get('next') === '/admin');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Enter the email address you were invited with.').waitFor();
    await page.getByLabel('Email').fill(demo.owner.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .locator('#sign-in-password-error')
      .filter({ hasText: 'That email and password do not match.' })
      .waitFor();
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    await tablet.shot('admin-01-sign-in-error');

    await signInAsOwner(page, server.url, demo.owner.email, demo.owner.password);
    await page.getByText('No open orders.').waitFor();
    await page.locator('.connection[data-status="online"]').waitFor({ timeout: WAIT_MS });
    expect(await navLinks()).toEqual([
      'Live orders',
      'Today',
      'Open tables',
      'Menu',
      'Tables & QR',
      'Location',
      'Kitchen devices',
      'Staff',
    ]);
    expect(await page.getByText('Olivia Owner · Owner').isVisible()).toBe(true);
    await tablet.shot('admin-02-board-empty');
  });

  it('a diner’s order appears on the board live, highlighted, without a reload', async () => {
    await joinTable(anna.page, server.url, demo.tables[0]!.qrToken, 'Anna');
    await addDish(anna.page, 'Burrata');
    await addDish(anna.page, 'Fresh oysters');
    await openCart(anna.page);
    await anna.page.getByRole('button', { name: 'Review order' }).click();
    await anna.page.getByTestId('place-order').click();
    await anna.page.waitForURL('**/orders');

    const card = column('placed').locator('[data-order="1"]');
    await card.waitFor({ timeout: WAIT_MS });
    expect(await card.getAttribute('class')).toContain('ticket--fresh');
    const text = await card.innerText();
    expect(text).toContain('#1');
    expect(text).toContain('Table 1');
    expect(text).toContain('Burrata');
    expect(text).toContain('Fresh oysters');
    expect(await tablet.page.getByTestId('open-count').innerText()).toBe('1 open order');
    await tablet.shot('admin-03-board-new-order');
  });

  it('moves the order along from the card and from its detail; the diner sees each step', async () => {
    await ticket(1).getByRole('button', { name: 'Accept' }).click();
    await column('accepted').locator('[data-order="1"]').waitFor();
    await waitForStatus(anna.page, 1, 'accepted');

    await ticket(1)
      .getByRole('button', { name: /Open ticket 1/ })
      .click();
    const sheet = tablet.page.getByRole('dialog');
    await sheet.getByText('by staff').waitFor();
    await sheet.getByRole('button', { name: 'Start preparing' }).click();
    await column('preparing').locator('[data-order="1"]').waitFor();
    await sheet.locator('.detail__history li').nth(2).waitFor();
    expect(await sheet.locator('.detail__history').innerText()).toMatch(/placed[\s\S]*accepted[\s\S]*preparing/);
    await tablet.shot('admin-04-order-detail');
    await waitForStatus(anna.page, 1, 'preparing');
    await sheet.getByRole('button', { name: 'Close' }).click();
    await sheet.waitFor({ state: 'hidden' });
  });

  it('cancels an order with a reason, saying first what goes back into stock', async () => {
    const diner = await seat(server.url, demo.tables[1]!.qrToken, 'Ben');
    const oysters = await env
      .db('menu_items')
      .where({ restaurant_id: demo.restaurantId, name: 'Fresh oysters' })
      .first();
    const cartVersion = await fillCart(env.redis, env.keys, diner, [{ item: oysters, quantity: 2 }]);
    const placed = (await (await submitOrder(server.url, diner, { cartVersion })).json()) as { order: Order };
    expect(placed.order.number).toBe(2);
    await ticket(2).waitFor({ timeout: WAIT_MS });

    await ticket(2)
      .getByRole('button', { name: /Open ticket 2/ })
      .click();
    const sheet = tablet.page.getByRole('dialog');
    await sheet.getByRole('button', { name: 'Cancel order…' }).click();
    await sheet.getByRole('button', { name: 'Cancel the order' }).click();
    await sheet.getByText('Say why in a few words').waitFor();
    await sheet.getByLabel('Reason').fill('Kitchen ran out of ice');
    await sheet.getByText('2× Fresh oysters').waitFor();
    await tablet.shot('admin-05-cancel');
    await sheet.getByRole('button', { name: 'Cancel the order' }).click();
    await sheet.waitFor({ state: 'hidden' });
    await ticket(2).waitFor({ state: 'detached' });
    await tablet.page.locator('.notice', { hasText: 'Ticket 2 was cancelled.' }).getByRole('button').click();
    const row = await env.db('orders').where({ id: placed.order.id }).first();
    expect(row).toMatchObject({ status: 'cancelled', cancel_reason: 'Kitchen ran out of ice' });
  });

  it('Today shows the day’s figures from the server', async () => {
    await tablet.page.getByRole('link', { name: 'Today' }).click();
    await tablet.page.locator('[data-figure="orders"]').waitFor();
    expect(await tablet.page.locator('[data-figure="orders"]').innerText()).toContain('1');
    expect(await tablet.page.locator('[data-figure="orders"]').innerText()).toContain('1 cancelled, not counted');
    const total = (await env.db('orders').where({ number: 1, restaurant_id: demo.restaurantId }).first()).total_cents;
    const euros = `€${(total / 100).toFixed(2)}`;
    expect(await tablet.page.locator('[data-figure="revenue"]').innerText()).toContain(euros);
    expect(await tablet.page.getByRole('img', { name: /Orders per hour/ }).isVisible()).toBe(true);
    await tablet.page.locator('.top__item', { hasText: 'Burrata' }).waitFor();
    await tablet.shot('admin-06-today');
  });

  it('Open tables lists who is seated, and closes a table after a confirmation', async () => {
    await tablet.page.getByRole('link', { name: 'Open tables' }).click();
    const table1 = tablet.page.locator('[data-session="Table 1"]');
    await table1.waitFor();
    expect(await table1.innerText()).toContain('Anna');
    expect(await table1.innerText()).toContain('1 order');
    await tablet.page.locator('[data-session="Table 2"]').waitFor();
    await tablet.shot('admin-07-open-tables');

    await table1.getByRole('button', { name: 'Close table…' }).click();
    const confirm = tablet.page.getByRole('alertdialog');
    await confirm.getByText('Every phone at this table is signed out').waitFor();
    await tablet.shot('admin-08-close-table-confirm');
    await confirm.getByRole('button', { name: 'Close the table' }).click();
    await table1.waitFor({ state: 'detached' });
    await anna.page.getByText('Thank you for visiting Harbour Lane Bistro!').waitFor({ timeout: WAIT_MS });
  });

  it('a revoked session returns to sign-in, and back to the same page after signing in', async () => {
    const page = tablet.page;
    await page.getByRole('link', { name: 'Today' }).click();
    await page.waitForURL('**/admin/today');
    const revoked = await tablet.context.request.post(`${server.url}/api/v1/admin/logout`, {
      headers: { origin: server.url },
    });
    expect(revoked.status()).toBe(204);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.waitForURL(
      (url) => url.pathname === '/admin/sign-in' && url.searchParams.get('next') === '/admin/today',
      { timeout: WAIT_MS },
    );
    await page.getByText('Your session ended.').waitFor();
    await tablet.shot('admin-09-session-ended');
    await page.getByLabel('Email').fill(demo.owner.email);
    await page.getByLabel('Password').fill(demo.owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/admin/today`, { timeout: WAIT_MS });
    await page.locator('[data-figure="orders"]').waitFor();
    const errors = [...tablet.errors, ...anna.errors];
    expect(errors, errors.join('\n')).toEqual([]);
  });
});

describe('a staff-role user', () => {
  it('sees only the floor screens, is sent away from the menu, and the API refuses them', async () => {
    const phone = await openPhone(browser);
    try {
      await signInAsOwner(phone.page, server.url, staffAccount.email, staffAccount.password);
      expect(await navLinks(phone.page)).toEqual(['Live orders', 'Today']);
      await phone.page.locator('[data-order="1"]').waitFor();
      await phone.shot('admin-10-staff-phone-board');

      await phone.page.goto(`${server.url}/admin/menu`);
      await phone.page.waitForURL(`${server.url}/admin`);
      // The same from inside the app, without a page load (a link, the back button).
      await phone.page.evaluate(() => {
        history.pushState({}, '', '/admin/menu');
        dispatchEvent(new PopStateEvent('popstate'));
      });
      await phone.page.waitForURL(`${server.url}/admin`);
      const statuses = await phone.page.evaluate(async () => {
        const get = async (path: string) => (await fetch(`/api/v1/admin${path}`)).status;
        return {
          menu: await get('/menu'),
          tables: await get('/tables'),
          devices: await get('/devices'),
          staff: await get('/staff'),
          orders: await get('/orders'),
        };
      });
      expect(statuses).toEqual({ menu: 403, tables: 403, devices: 403, staff: 403, orders: 200 });
    } finally {
      await phone.close();
    }
  });
});

describe('a board that lost its connection', () => {
  it('says it is not live, and re-reads the open orders when the server is back', async () => {
    const page = tablet.page;
    await page.getByRole('link', { name: 'Live orders' }).click();
    await ticket(1).waitFor();
    const port = server.port;
    await server.close();
    await page.locator('.connection[data-status="offline"]').waitFor({ timeout: WAIT_MS });
    await page.getByText('Not live: the board may be out of date').waitFor();
    await tablet.shot('admin-11-board-offline');

    // Served while the board was away: no event will ever tell it.
    await env
      .db('orders')
      .where({ restaurant_id: demo.restaurantId, number: 1 })
      .update({ status: 'served', version: env.db.raw('version + 1') });
    server = await startServerForOwners(env, { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
    await page.locator('.connection[data-status="online"]').waitFor({ timeout: WAIT_MS });
    await ticket(1).waitFor({ state: 'detached', timeout: WAIT_MS });
    await page.getByText('No open orders.').waitFor();
  });
});
