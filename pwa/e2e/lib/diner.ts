import type { Page } from 'playwright-core';

const WAIT_MS = 15_000;

/** Scans the table's code and joins it under `name`; resolves on the menu. */
export async function joinTable(page: Page, baseUrl: string, qrToken: string, name: string): Promise<void> {
  await page.goto(`${baseUrl}/t/${qrToken}`);
  await page.getByLabel('Your name (optional)').fill(name);
  await page.getByRole('button', { name: 'Join table' }).click();
  await page.waitForURL(`**/t/${qrToken}/menu`, { timeout: WAIT_MS });
  await page.locator('[data-item]').first().waitFor({ timeout: WAIT_MS });
}

export async function openDish(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
  await page.getByTestId('item-sheet').waitFor();
}

/** Opens the dish, ticks the options named, and adds it. */
export async function addDish(page: Page, name: string, options: string[] = []): Promise<void> {
  await openDish(page, name);
  const sheet = page.getByRole('dialog');
  for (const option of options) await sheet.getByLabel(option, { exact: false }).check();
  await sheet.getByTestId('add-to-cart').click();
  await sheet.waitFor({ state: 'hidden' });
}

export async function openCart(page: Page): Promise<void> {
  await page.getByTestId('cart-bar').click();
  await page.getByRole('dialog').waitFor();
}

export async function closeSheet(page: Page): Promise<void> {
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
}

/** The cart bar's words, e.g. "View cart 2 items · €37.00". */
export async function cartBar(page: Page): Promise<string> {
  return (await page.getByTestId('cart-bar').innerText()).replace(/\s+/g, ' ').trim();
}

/** Waits until the cart bar says `text` (a part of it). */
export async function cartBarSays(page: Page, text: string): Promise<void> {
  await page
    .getByTestId('cart-bar')
    .filter({ hasText: text })
    .waitFor({ timeout: WAIT_MS })
    .catch(async () => {
      throw new Error(`cart bar never said "${text}"; it says "${await cartBar(page)}"`);
    });
}

/** The status an order shows in its timeline. */
export async function waitForStatus(page: Page, orderNumber: number, status: string): Promise<void> {
  await page
    .locator(`[data-order="${orderNumber}"] [aria-current="step"][data-status="${status}"]`)
    .waitFor({ timeout: WAIT_MS });
}
