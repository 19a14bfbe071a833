import { seedDemo, type DemoSummary } from '@tableside/migrations';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, buildStaffUser } from '../../server/src/test/admin.js';
import { useTestEnv, type RunningTestServer } from '../../server/src/test/harness.js';
import { joinTable, openDish } from './lib/diner.js';
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
  await signInAsOwner(tablet.page, server.url, demo.owner.email, demo.owner.password);
});

afterAll(async () => {
  await browser?.close();
});

const itemRow = (name: string, page: Page = tablet.page) => page.locator(`li[data-item="${name}"]`);
const item = (name: string) =>
  env.db('menu_items').where({ name }).first<{
    id: string;
    available: boolean;
    stock: number | null;
    price_cents: number;
    version: number;
    description: string;
  }>();

/** A colleague on another tablet, editing through the same API. */
async function colleague() {
  const user = await buildStaffUser(env.db, demo.restaurantId, 'manager');
  const client = adminClient(server.url);
  const send = (method: string, path: string, body?: unknown) =>
    client.request(method, path, body, { origin: server.url });
  const login = await send('POST', '/login', { email: user.email, password: user.password });
  expect(login.status).toBe(200);
  client.cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  return send;
}

async function openMenu(): Promise<void> {
  const page = tablet.page;
  if (!page.url().endsWith('/admin/menu')) {
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Menu' }).click();
    await page.waitForURL('**/admin/menu');
  }
  await itemRow('Burrata').waitFor();
}

async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the menu on the owner’s tablet', () => {
  it('lists categories and items in menu order, each with its availability and stock', async () => {
    const page = tablet.page;
    await openMenu();
    const categories = await page
      .locator('section[data-category]')
      .evaluateAll((sections) => sections.map((section) => section.getAttribute('data-category')));
    expect(categories).toEqual(['Starters', 'Mains', 'Pizza', 'Sides', 'Desserts', 'Drinks']);
    expect(await itemRow('Fresh oysters').getByLabel('Stock of Fresh oysters').inputValue()).toBe('24');
    expect(await itemRow('Burrata').getByLabel('Stock of Burrata').inputValue()).toBe('');
    await tablet.shot('admin-menu-10-menu');
  });

  it('86ing an item shows it sold out on a diner’s phone at once, and the diner cannot add it', async () => {
    await joinTable(anna.page, server.url, demo.tables[0]!.qrToken, 'Anna');
    const dinerCard = anna.page.locator('[data-item="Burrata"]');
    expect(await dinerCard.getByText('Not available').count()).toBe(0);

    await itemRow('Burrata').getByLabel('Available: Burrata').uncheck();
    await itemRow('Burrata').locator('.badge', { hasText: 'Sold out' }).waitFor();
    await dinerCard.getByText('Not available').waitFor({ timeout: WAIT_MS });
    expect((await item('Burrata'))?.available).toBe(false);
    await openDish(anna.page, 'Burrata');
    expect(await anna.page.getByTestId('add-to-cart').isDisabled()).toBe(true);
    await anna.shot('admin-menu-11-diner-sold-out');
    await tablet.shot('admin-menu-11-menu-86');

    await itemRow('Burrata').getByLabel('Available: Burrata').check();
    await anna.page.getByRole('dialog').getByTestId('add-to-cart').and(anna.page.locator(':enabled')).waitFor();
    expect((await item('Burrata'))?.available).toBe(true);
  });

  it('sets, adjusts and stops counting stock right in the list; at none left diners see it sold out', async () => {
    await openMenu();
    const row = itemRow('Fresh oysters');
    const count = row.getByLabel('Stock of Fresh oysters');
    await count.fill('5');
    await count.press('Enter');
    await until(async () => (await item('Fresh oysters'))?.stock === 5);
    await row.getByRole('button', { name: 'One more Fresh oysters' }).click();
    await until(async () => (await count.inputValue()) === '6');
    await row.getByRole('button', { name: 'One less Fresh oysters' }).click();
    await row.getByRole('button', { name: 'One less Fresh oysters' }).click();
    await until(async () => (await count.inputValue()) === '4');
    expect((await item('Fresh oysters'))?.stock).toBe(4);

    await count.fill('-3');
    await count.press('Enter');
    await row.getByRole('alert').filter({ hasText: 'Stock:' }).waitFor();
    expect((await item('Fresh oysters'))?.stock).toBe(4);

    // None left: diners see it sold out at once.
    await count.fill('0');
    await count.press('Enter');
    await anna.page.locator('[data-item="Fresh oysters"]').getByText('Sold out').waitFor({ timeout: WAIT_MS });
    await tablet.shot('admin-menu-11-stock');

    await count.fill('');
    await count.press('Enter');
    await until(async () => (await item('Fresh oysters'))?.stock === null);
    expect(await row.getByRole('button', { name: 'One more Fresh oysters' }).isDisabled()).toBe(true);
  });

  it('shows what a colleague changed meanwhile and re-applies the user’s change on top, on request', async () => {
    const page = tablet.page;
    const calamari = (await item('Crispy calamari'))!;
    await itemRow('Crispy calamari').getByRole('button', { name: 'Edit Crispy calamari' }).click();
    const editor = page.getByTestId('item-editor');
    await editor.getByLabel('Price (EUR)').waitFor();

    // Meanwhile a colleague raises the price; this tablet still shows the old one.
    const api = await colleague();
    const raised = await api('PATCH', `/menu/items/${calamari.id}`, {
      priceCents: 1250,
      expectedVersion: calamari.version,
    });
    expect(raised.status).toBe(200);

    await editor.getByLabel('Price (EUR)').fill('11.90');
    await editor.getByLabel('Allergens').fill('molluscs, gluten');
    await editor.getByRole('button', { name: 'Save' }).click();
    const conflict = page.getByTestId('menu-conflict');
    await conflict.waitFor();
    expect(await conflict.getByRole('heading').innerText()).toBe('Crispy calamari changed meanwhile');
    const price = conflict.locator('tr[data-field="priceCents"]');
    expect((await price.locator('td').allInnerTexts()).map((text) => text.trim())).toEqual([
      '€11.00',
      '€12.50',
      '€11.90',
    ]);
    expect(await conflict.locator('tr[data-field="allergens"] td').last().innerText()).toBe('molluscs, gluten');
    expect((await item('Crispy calamari'))?.price_cents).toBe(1250);
    await tablet.shot('admin-menu-12-menu-conflict');

    await conflict.getByRole('button', { name: 'Apply my change again' }).click();
    await conflict.waitFor({ state: 'hidden' });
    await until(async () => (await item('Crispy calamari'))?.price_cents === 1190);
    await until(async () => (await editor.getByLabel('Price (EUR)').inputValue()) === '11.90');
  });

  it('a discarded change leaves the colleague’s version as it is', async () => {
    const page = tablet.page;
    const editor = page.getByTestId('item-editor');
    const calamari = (await item('Crispy calamari'))!;
    const api = await colleague();
    const described = await api('PATCH', `/menu/items/${calamari.id}`, {
      description: 'Lemon aioli.',
      expectedVersion: calamari.version,
    });
    expect(described.status).toBe(200);

    await editor.getByLabel('Description').fill('Smoked paprika mayo.');
    await editor.getByRole('button', { name: 'Save' }).click();
    const conflict = page.getByTestId('menu-conflict');
    await conflict.getByRole('button', { name: 'Keep it as it is now' }).click();
    await conflict.waitFor({ state: 'hidden' });
    await until(async () => (await editor.getByLabel('Description').inputValue()) === 'Lemon aioli.');
    expect((await item('Crispy calamari'))?.description).toBe('Lemon aioli.');
  });

  it('edits an item’s fields and choices, showing what is wrong next to the field', async () => {
    const page = tablet.page;
    const editor = page.getByTestId('item-editor');
    await editor.getByLabel('Image address').fill('ftp://images.example/calamari.jpg');
    await editor.getByRole('button', { name: 'Save' }).click();
    await editor.getByText('Enter a web address that starts with https://.').waitFor();
    expect(await editor.getByLabel('Image address').getAttribute('aria-describedby')).toContain('error');
    await editor.getByLabel('Image address').fill('');

    await editor.getByLabel('New group').fill('Dip');
    await editor.getByRole('button', { name: 'Add group' }).click();
    const dip = editor.locator('fieldset[data-group="Dip"]');
    await dip.getByLabel('New option').fill('Aioli');
    await dip.getByLabel('Price change (EUR)').fill('1.50');
    await dip.getByRole('button', { name: 'Add option' }).click();
    await dip.locator('li[data-option="Aioli"]').waitFor();
    const option = await env.db('modifier_options').where({ name: 'Aioli' }).first<{ price_delta_cents: number }>();
    expect(option?.price_delta_cents).toBe(150);
    await tablet.shot('admin-menu-13-menu-editor');
    await editor.getByRole('button', { name: 'Close' }).first().click();
    await editor.waitFor({ state: 'hidden' });
  });

  it('moves an item up with its button, and diners get the new order', async () => {
    await itemRow('Burrata').getByRole('button', { name: 'Move Burrata up' }).click();
    await until(async () => {
      const names = await tablet.page
        .locator('section[data-category="Starters"] li[data-item]')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-item')));
      return names[0] === 'Burrata';
    });
    await until(async () => {
      const first = await anna.page.locator('[data-item]').first().getAttribute('data-item');
      return first === 'Burrata';
    });
    expect([...tablet.errors, ...anna.errors]).toEqual([]);
  });
});
