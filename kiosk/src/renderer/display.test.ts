import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPairingCode } from '../../../server/src/test/kitchen.js';
import { startAgent, type RunningAgent } from '../agent/startAgent.js';
import { silentLog } from '../core/log.js';
import { startFakePrinter, type FakePrinter } from '../test/fakePrinter.js';
import { TEST_TIMINGS, useKitchenWorld, waitFor, type Restaurant } from '../test/kitchenWorld.js';

const world = useKitchenWorld();
const ARTIFACTS = fileURLToPath(new URL('../../../artifacts/', import.meta.url));
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browser: Browser;
let printer: FakePrinter;
let agent: RunningAgent;
let restaurant: Restaurant;
let serverUrl: string;

beforeAll(async () => {
  const rendererDir = await world.dataDir();
  await build({
    configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
    build: { outDir: rendererDir, emptyOutDir: true },
    logLevel: 'silent',
  });
  serverUrl = (await world.env.startServer()).url;
  restaurant = await world.restaurant();
  printer = await startFakePrinter();
  agent = await startAgent(
    {
      dataDir: await world.dataDir(),
      port: 0,
      rendererDir,
      settings: {
        serverUrl,
        restaurantName: 'Harbour Test',
        printer: { kind: 'tcp', host: printer.host, port: printer.port },
      },
      pairCode: await newPairingCode(world.env.db, restaurant.id),
    },
    { log: silentLog, timings: TEST_TIMINGS },
  );
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  await mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await printer?.close();
});

const cards = (page: Page) => page.locator('.rail .ticket');
const card = (page: Page, orderId: string) => page.locator(`.rail .ticket[data-order-id="${orderId}"]`);
const allDay = (page: Page) =>
  page
    .locator('.all-day-item')
    .evaluateAll((items) => items.map((item) => [...item.children].map((part) => part.textContent?.trim()).join(' ')));

describe('the kitchen display in a browser, through the agent', () => {
  it('shows new tickets with their lines, bumps on a tap, recalls, and keeps the all-day counts', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(agent.url);
    await page.getByText('No open tickets').waitFor();

    const first = await world.placeOrder(
      serverUrl,
      await restaurant.table('Table 4'),
      [
        { dish: restaurant.burger, quantity: 2, options: ['Cheddar', 'Bacon'], note: 'medium rare' },
        { dish: restaurant.soup, quantity: 1, note: 'no cream' },
      ],
      'Allergy: sesame',
    );
    const second = await world.placeOrder(serverUrl, await restaurant.table('Terrace 12'), [
      { dish: restaurant.burger, quantity: 1, options: ['No onions'] },
      { dish: restaurant.soup, quantity: 3 },
    ]);

    await card(page, second.id).waitFor();
    expect(await cards(page).count()).toBe(2);
    const firstCard = card(page, first.id);
    for (const text of [
      `#${first.number}`,
      'Burger',
      '+ Cheddar',
      '+ Bacon',
      'medium rare',
      'Tomato soup',
      'no cream',
    ]) {
      await expect(firstCard.getByText(text, { exact: true }).count()).resolves.toBe(1);
    }
    await expect(firstCard.getByText('Allergy: sesame').count()).resolves.toBe(1);
    expect(await allDay(page)).toEqual(['4 Tomato soup', '3 Burger']);
    await waitFor(() => (printer.tickets().length === 2 ? true : undefined), 5_000, 'both printed');
    await page.getByText('Printer ready').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}kiosk-display.png` });

    // A tap bumps: the card leaves the rail for the recall list, and the server has it ready.
    await firstCard.click();
    await firstCard.waitFor({ state: 'detached' });
    await page.locator(`.recall-button[data-order-id="${first.id}"]`).waitFor();
    expect(await allDay(page)).toEqual(['3 Tomato soup', '1 Burger']);
    await waitFor(
      async () =>
        (await world.env.db('orders').where({ id: first.id }).first()).status === 'ready' ? true : undefined,
      5_000,
      'ready on the server',
    );

    // The printer runs out of paper: the status bar says so and how many tickets wait; nothing is lost.
    printer.setCondition('paperOut');
    const third = await world.placeOrder(serverUrl, await restaurant.table('Bar 2'), [
      { dish: restaurant.soup, quantity: 1, note: 'to share' },
    ]);
    await page.getByText('Printer: out of paper, 1 ticket waiting').waitFor();
    await card(page, third.id).getByText('Not printed yet').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}kiosk-display-paper-out.png` });
    printer.setCondition('ready');
    await page.getByText('Printer ready').waitFor();

    // Recall brings it back to the line, in its place.
    await page.locator(`.recall-button[data-order-id="${first.id}"]`).click();
    await firstCard.waitFor();
    expect(await cards(page).evaluateAll((all) => all.map((each) => each.getAttribute('data-order-id')))).toEqual([
      first.id,
      second.id,
      third.id,
    ]);
    expect(await allDay(page)).toEqual(['5 Tomato soup', '3 Burger']);

    // The bump bar: 2 selects the second ticket, Enter bumps it, Backspace recalls it.
    await page.keyboard.press('2');
    await page.locator('.ticket--selected').waitFor();
    await page.keyboard.press('Enter');
    await card(page, second.id).waitFor({ state: 'detached' });
    await page.keyboard.press('Backspace');
    await card(page, second.id).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}kiosk-display-after-recall.png` });
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
