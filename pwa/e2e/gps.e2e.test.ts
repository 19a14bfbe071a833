import { DEMO, seedDemo, type DemoSummary } from '@tableside/migrations';
import type { Browser, Geolocation } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestEnv, type RunningTestServer } from '../../server/src/test/harness.js';
import { addDish, joinTable, openCart, waitForStatus } from './lib/diner.js';
import { PWA_DIST } from './lib/paths.js';
import { launchChromium, openPhone, type Phone } from './lib/phones.js';

const env = useTestEnv();
let server: RunningTestServer;
let demo: DemoSummary;
let browser: Browser;
const phones: Phone[] = [];

const AT_THE_BAR: Geolocation = { latitude: DEMO.latitude + 0.0002, longitude: DEMO.longitude, accuracy: 12 };
/** About 1.1 km north, across the harbour. */
const ACROSS_THE_HARBOUR: Geolocation = { latitude: DEMO.latitude + 0.01, longitude: DEMO.longitude, accuracy: 12 };

beforeAll(async () => {
  demo = await seedDemo(env.db);
  // The restaurant only takes orders from phones inside its 120 m geofence.
  await env.db('restaurants').where({ id: demo.restaurantId }).update({ location_policy: 'gps' });
  [server, browser] = await Promise.all([env.startServer({ PWA_DIST_DIR: PWA_DIST }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
});

/** A phone at table `n` with a Burrata in the cart, on the checkout with its location explanation. */
async function readyToOrder(n: number, options: Parameters<typeof openPhone>[1]): Promise<Phone> {
  const phone = await openPhone(browser, options);
  phones.push(phone);
  await joinTable(phone.page, server.url, demo.tables[n - 1]!.qrToken, `Guest at ${n}`);
  await addDish(phone.page, 'Burrata');
  await openCart(phone.page);
  await phone.page.getByRole('button', { name: 'Review order' }).click();
  await phone.page.getByRole('heading', { name: 'Confirm you’re at the restaurant' }).waitFor();
  return phone;
}

async function problemOf(phone: Phone): Promise<{ code: string | null; text: string }> {
  const problem = phone.page.getByTestId('order-problem');
  await problem.waitFor();
  return { code: await problem.getAttribute('data-code'), text: await problem.innerText() };
}

describe('ordering when the restaurant checks GPS', () => {
  it('explains why before the browser asks, then orders from inside the fence', async () => {
    const phone = await readyToOrder(2, { geolocation: AT_THE_BAR, permissions: ['geolocation'] });
    expect(await phone.page.getByText('only takes orders from guests at their tables').isVisible()).toBe(true);
    await phone.shot('20-gps-explainer');
    await phone.page.getByRole('button', { name: 'Share location and order' }).click();
    await phone.page.waitForURL('**/orders');
    await waitForStatus(phone.page, 1, 'placed');
    const order = await env.db('orders').first<{ location_verdict: string; gps_accuracy_m: number }>();
    expect(order).toMatchObject({ location_verdict: 'gps', gps_accuracy_m: 12 });
  });

  it('says how far away a phone outside the fence is, and orders nothing', async () => {
    const phone = await readyToOrder(3, { geolocation: ACROSS_THE_HARBOUR, permissions: ['geolocation'] });
    await phone.page.getByRole('button', { name: 'Share location and order' }).click();
    const problem = await problemOf(phone);
    expect(problem.code).toBe('OUTSIDE_GEOFENCE');
    expect(problem.text).toMatch(/You seem to be about 1\d{3} m from the restaurant/);
    await phone.shot('21-gps-outside');
    expect(await env.db('orders').pluck('id')).toHaveLength(1);

    // Back inside (the phone's fix improves): the same button tries again and the order goes through.
    await phone.context.setGeolocation(AT_THE_BAR);
    await phone.page.getByTestId('place-order').click();
    await phone.page.waitForURL('**/orders');
  });

  it('passes on the server’s verdict on a fix too rough to prove anything', async () => {
    const phone = await readyToOrder(4, {
      geolocation: { ...AT_THE_BAR, accuracy: 900 },
      permissions: ['geolocation'],
    });
    await phone.page.getByRole('button', { name: 'Share location and order' }).click();
    const problem = await problemOf(phone);
    expect(problem.code).toBe('LOCATION_TOO_INACCURATE');
    expect(problem.text).toContain('±900 m');
  });

  it('speaks German to a German phone, prices included', async () => {
    const phone = await openPhone(browser, { locale: 'de-DE', geolocation: AT_THE_BAR, permissions: ['geolocation'] });
    phones.push(phone);
    await phone.page.goto(`${server.url}/t/${demo.tables[5]!.qrToken}`);
    await phone.page.getByLabel('Dein Name (optional)').fill('Jana');
    await phone.page.getByRole('button', { name: 'Tisch beitreten' }).click();
    await phone.page.locator('[data-item="Burrata"]').getByText('12,50 €').waitFor();
    await phone.shot('23-german-menu');
    await addDish(phone.page, 'Burrata');
    await openCart(phone.page);
    await phone.page.getByRole('button', { name: 'Bestellung prüfen' }).click();
    await phone.page.getByRole('heading', { name: 'Bestätige, dass du im Restaurant bist' }).waitFor();
    expect(await phone.page.getByTestId('checkout-total').innerText()).toBe('12,50\u00a0€');
    expect(await phone.page.evaluate(() => document.documentElement.lang)).toBe('de');
    await phone.shot('24-german-checkout');
  });

  it('tells a diner who refused location what to do instead', async () => {
    const phone = await readyToOrder(7, { geolocation: AT_THE_BAR, permissions: [] });
    await phone.page.getByRole('button', { name: 'Share location and order' }).click();
    const failure = phone.page.getByTestId('location-failure');
    await failure.waitFor();
    expect(await failure.innerText()).toContain('Location is blocked for this site');
    await phone.shot('22-gps-denied');
    expect(phones.flatMap((each) => each.errors)).toEqual([]);
  });
});
