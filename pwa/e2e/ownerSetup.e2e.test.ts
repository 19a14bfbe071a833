import { readFile } from 'node:fs/promises';
import { DEMO, seedDemo, type DemoSummary } from '@tableside/migrations';
import type { PairDeviceResponse } from '@tableside/shared';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectKiosk, type ConnectedKiosk } from '../../server/src/test/kitchen.js';
import { useTestEnv, type RunningTestServer } from '../../server/src/test/harness.js';
import { openTablet, signInAsOwner, startServerForOwners } from './lib/owner.js';
import { launchChromium, openPhone, type Phone } from './lib/phones.js';

const WAIT_MS = 15_000;
const env = useTestEnv();
let server: RunningTestServer;
let demo: DemoSummary;
let browser: Browser;
let tablet: Phone;
const kiosks: ConnectedKiosk[] = [];

/** Standing at the bar of the demo restaurant; and about 1.1 km north, across the harbour. */
const AT_THE_BAR = { latitude: DEMO.latitude + 0.0002, longitude: DEMO.longitude, accuracy: 12 };
const ACROSS_THE_HARBOUR = { latitude: DEMO.latitude + 0.01, longitude: DEMO.longitude, accuracy: 12 };

beforeAll(async () => {
  demo = await seedDemo(env.db);
  [server, browser] = await Promise.all([startServerForOwners(env), launchChromium()]);
  tablet = await openTablet(browser);
  await tablet.context.grantPermissions(['geolocation'], { origin: server.url });
  await tablet.context.setGeolocation(AT_THE_BAR);
  await signInAsOwner(tablet.page, server.url, demo.owner.email, demo.owner.password);
});

afterAll(async () => {
  for (const kiosk of kiosks) kiosk.close();
  await browser?.close();
});

async function openScreen(name: string, path: string): Promise<void> {
  await tablet.page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name, exact: true }).click();
  await tablet.page.waitForURL(`**/admin/${path}`);
}

async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('tables and QR codes', () => {
  it('lists the tables with their codes and adds one, showing what is wrong next to the field', async () => {
    const page = tablet.page;
    await openScreen('Tables & QR', 'tables');
    await page.locator('li[data-table="Table 12"]').waitFor();
    expect(await page.locator('li[data-table]').count()).toBe(12);
    expect(
      await page.locator('li[data-table="Table 1"] img').evaluate((img: HTMLImageElement) => img.naturalWidth),
    ).toBeGreaterThan(0);
    await tablet.shot('admin-setup-20-tables');

    await page.getByRole('button', { name: 'Add table' }).click();
    await page.getByLabel('Table name or number').fill('Table 1');
    await page.getByLabel('Seats').fill('0');
    await page.getByRole('button', { name: 'Create table' }).click();
    await page.getByText('At least 1.').waitFor();
    await page.getByLabel('Seats').fill('2');
    await page.getByRole('button', { name: 'Create table' }).click();
    // The label is taken: only the server knows, and says so at the field.
    await page.getByText('There is already a table called “Table 1”.').waitFor();
    expect(await page.getByLabel('Table name or number').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Table name or number').fill('Terrace 1');
    await page.getByRole('button', { name: 'Create table' }).click();
    await page.locator('li[data-table="Terrace 1"]').waitFor();
    expect(await env.db('tables').where({ label: 'Terrace 1', seats: 2 }).first()).toBeTruthy();
  });

  it('rotates a table’s code after a warning: the old link then shows the “ask the staff” page', async () => {
    const page = tablet.page;
    const row = page.locator('li[data-table="Table 3"]');
    const oldLink = await row.getByTestId('diner-link').innerText();
    expect(oldLink).toBe(`${server.url}/t/${demo.tables[2]!.qrToken}`);
    await row.getByRole('button', { name: 'New QR code' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Give Table 3 a new QR code?' });
    await confirm.getByText('Printed copies of the current code stop working').waitFor();
    await tablet.shot('admin-setup-21-rotate-confirm');
    await confirm.getByRole('button', { name: 'Make a new code' }).click();
    await until(async () => (await row.getByTestId('diner-link').innerText()) !== oldLink);

    const diner = await openPhone(browser);
    await diner.page.goto(oldLink);
    await diner.page.getByRole('heading', { name: 'We can’t find this table' }).waitFor({ timeout: WAIT_MS });
    await diner.shot('admin-setup-21-old-code');
    await diner.page.goto(await row.getByTestId('diner-link').innerText());
    await diner.page.getByLabel('Your name (optional)').waitFor({ timeout: WAIT_MS });
    await diner.close();
  });

  it('downloads the A4 sheet of table tents as a PDF', async () => {
    const [download] = await Promise.all([
      tablet.page.waitForEvent('download'),
      tablet.page.getByTestId('qr-sheet').click(),
    ]);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  });

  it('deactivates a table after a warning', async () => {
    const page = tablet.page;
    const row = page.locator('li[data-table="Terrace 1"]');
    await row.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Deactivate' }).click();
    await row.getByText('Inactive').waitFor();
    expect((await env.db('tables').where({ label: 'Terrace 1' }).first<{ active: boolean }>())?.active).toBe(false);
  });
});

describe('location rules', () => {
  it('tests proposed rules from this tablet before saving, with the server’s verdict', async () => {
    const page = tablet.page;
    await openScreen('Location', 'location');
    await page.getByRole('radio', { name: /Guests inside the restaurant’s radius/ }).check();
    await page.getByRole('button', { name: 'Use this tablet’s location' }).click();
    await page.getByText('Location taken, accurate to about 12 m.').waitFor();
    expect(Number(await page.getByLabel('Latitude').inputValue())).toBeCloseTo(AT_THE_BAR.latitude, 5);
    await page.getByLabel('Latitude').fill(String(DEMO.latitude));
    await page.getByLabel('Radius (metres)').fill('120');

    const result = page.getByTestId('dry-run-result');
    await page.getByRole('button', { name: 'Test from this tablet' }).click();
    await result.and(page.locator('[data-accepted="true"]')).waitFor();
    expect(await result.innerText()).toContain('This tablet is inside the restaurant’s radius.');
    expect(await result.innerText()).toContain('the ones on screen (not saved)');
    await result.scrollIntoViewIfNeeded();
    await tablet.shot('admin-setup-30-location-accepted');

    await tablet.context.setGeolocation(ACROSS_THE_HARBOUR);
    await page.getByRole('button', { name: 'Test from this tablet' }).click();
    await result.and(page.locator('[data-accepted="false"]')).waitFor();
    expect(await result.innerText()).toMatch(/You seem to be about 1\d{3} m from the restaurant/);
    await tablet.context.setGeolocation(AT_THE_BAR);
    // Nothing was saved by testing.
    expect((await env.db('restaurants').first<{ location_policy: string }>())?.location_policy).toBe('off');
  });

  it('validates networks as they are typed, adds the one this tablet is on, and saves', async () => {
    const page = tablet.page;
    await page.getByRole('radio', { name: /Our Wi-Fi and inside the radius/ }).check();
    // The demo allows its own loopback networks; start from none.
    const removeButtons = page.getByRole('button', { name: /^Remove / });
    while ((await removeButtons.count()) > 0) await removeButtons.first().click();
    await page.getByRole('button', { name: 'Save location rules' }).click();
    await page.getByText('An IP check needs at least one network.').waitFor();

    await page.getByLabel('Network', { exact: true }).fill('10.0.0.0/33');
    await page.getByText('Enter a network like 192.168.1.0/24.').waitFor();
    await page.getByLabel('Network', { exact: true }).fill('10.0.0.0/8');
    await page.getByRole('button', { name: 'Add network' }).click();
    await page.locator('li[data-cidr="10.0.0.0/8"]').waitFor();

    const result = page.getByTestId('dry-run-result');
    await page.getByRole('button', { name: 'Test from this tablet' }).click();
    await result.and(page.locator('[data-accepted="false"]')).waitFor();
    expect(await result.innerText()).toContain('Please connect to the restaurant’s Wi-Fi to order, then try again.');

    await page.getByRole('button', { name: 'Add the network I’m on now' }).click();
    await page.locator('li[data-cidr="127.0.0.1/32"]').waitFor();
    await page.getByRole('button', { name: 'Test from this tablet' }).click();
    await result.and(page.locator('[data-accepted="true"]')).waitFor();
    expect(await result.innerText()).toContain('on the restaurant’s network and inside its radius');

    await page.getByRole('button', { name: 'Save location rules' }).click();
    await page.getByText('Saved. New orders follow these rules.').waitFor();
    const saved = await env
      .db('restaurants')
      .first<{ location_policy: string; geofence_radius_m: number; allowed_cidrs: string }>(
        'location_policy',
        'geofence_radius_m',
        env.db.raw('allowed_cidrs::text as allowed_cidrs'),
      );
    expect(saved).toEqual({
      location_policy: 'ip_and_gps',
      geofence_radius_m: 120,
      allowed_cidrs: '{10.0.0.0/8,127.0.0.1/32}',
    });
    await page.getByRole('button', { name: 'Test from this tablet' }).click();
    await result.and(page.locator('[data-accepted="true"]')).waitFor();
    expect(await result.innerText()).toContain('the saved ones');
    await result.scrollIntoViewIfNeeded();
    await tablet.shot('admin-setup-31-location-saved');
  });
});

describe('kitchen devices', () => {
  it('shows a pairing code large with its countdown; a kiosk pairs with it and shows up online', async () => {
    const page = tablet.page;
    await openScreen('Kitchen devices', 'devices');
    await page.getByText('No kitchen devices yet.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Pair a new device' }).click();
    const code = (await page.getByTestId('pairing-code').innerText()).trim();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(await page.getByTestId('pairing').innerText()).toMatch(/Expires in (10:00|9:5\d)/);
    await tablet.shot('admin-setup-40-pairing-code');

    const response = await fetch(`${server.url}/api/v1/kitchen/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, deviceName: 'Grill' }),
    });
    expect(response.status).toBe(201);
    const paired = (await response.json()) as PairDeviceResponse;
    const kiosk = await connectKiosk(server.url, paired.token);
    kiosks.push(kiosk);
    const grill = page.locator('li[data-device="Grill"]');
    await grill.getByText('Online').waitFor({ timeout: WAIT_MS });
    await page.getByRole('heading', { name: 'Grill is paired' }).waitFor();
    await tablet.shot('admin-setup-41-devices');
  });

  it('revokes a device after a warning, which disconnects it', async () => {
    const page = tablet.page;
    const kiosk = kiosks[0]!;
    const disconnected = new Promise<void>((resolve) => kiosk.socket.once('disconnect', () => resolve()));
    await page.locator('li[data-device="Grill"]').getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('alertdialog', { name: 'Revoke Grill?' }).getByRole('button', { name: 'Revoke' }).click();
    await page.locator('li[data-device="Grill"]').waitFor({ state: 'detached' });
    await disconnected;
  });
});

describe('staff', () => {
  it('invites someone, with the server’s field errors next to the fields, changes their role and removes them', async () => {
    const page = tablet.page;
    await openScreen('Staff', 'staff');
    const me = page.locator(`li[data-staff="${demo.owner.email}"]`);
    await me.getByText('You').waitFor();
    expect(await me.getByRole('button', { name: /Remove/ }).count()).toBe(0);
    await tablet.shot('admin-setup-50-staff');

    await page.getByRole('button', { name: 'Invite someone' }).click();
    await page.getByLabel('Email').fill('carl@harbour-lane.test');
    await page.getByLabel('Name', { exact: true }).fill('Carl Cook');
    await page.getByLabel('First password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('At least 10 characters.', { exact: true }).waitFor();
    // An address that already has an account: only the server knows, and says so at the field.
    await page.getByLabel('Email').fill('staff@harbour-lane.test');
    await page.getByLabel('First password').fill('a long first password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('already has an account').waitFor();
    await tablet.shot('admin-setup-51-staff-invite-error');
    await page.getByLabel('Email').fill('carl@harbour-lane.test');
    await page.getByRole('button', { name: 'Create account' }).click();
    const carl = page.locator('li[data-staff="carl@harbour-lane.test"]');
    await carl.waitFor();

    await carl.getByLabel('Role of Carl Cook').selectOption('manager');
    await until(
      async () =>
        (await env.db('staff_users').where({ email: 'carl@harbour-lane.test' }).first<{ role: string }>())?.role ===
        'manager',
    );
    await carl.getByRole('button', { name: 'Remove Carl Cook' }).click();
    await page.getByRole('alertdialog', { name: 'Remove Carl Cook?' }).getByRole('button', { name: 'Remove' }).click();
    await carl.waitFor({ state: 'detached' });
    expect(await env.db('staff_users').where({ email: 'carl@harbour-lane.test' }).first()).toBeUndefined();
    // The refused invite is a 400 the browser logs; nothing else went wrong.
    expect(tablet.errors.filter((error) => !error.includes('status of 400'))).toEqual([]);
  });
});

describe('on a phone', () => {
  it('the same screens fit a phone held upright', async () => {
    const phone = await openTablet(browser, { width: 390, height: 844 });
    await signInAsOwner(phone.page, server.url, demo.owner.email, demo.owner.password);
    for (const [path, ready, name] of [
      ['menu', 'li[data-item="Burrata"]', 'admin-setup-60-phone-menu'],
      ['tables', 'li[data-table="Table 1"]', 'admin-setup-61-phone-tables'],
      ['location', 'fieldset', 'admin-setup-62-phone-location'],
      ['devices', 'h1', 'admin-setup-63-phone-devices'],
    ] as const) {
      await phone.page.goto(`${server.url}/admin/${path}`);
      await phone.page.locator(ready).first().waitFor();
      const overflow = await phone.page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
      await phone.shot(name);
    }
    await phone.close();
  });
});
