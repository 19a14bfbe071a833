import { menuSchema, type Menu } from '@tableside/shared';
import { describe, expect, it } from 'vitest';
import {
  buildCategory,
  buildGroup,
  buildItem,
  buildOption,
  buildRestaurant,
  buildTable,
  type ItemRow,
} from '../test/factories.js';
import { useTestEnv } from '../test/harness.js';
import { errorOf } from '../test/http.js';
import { waitFor } from '../test/wait.js';
import { editMenuItem } from './editMenuItem.js';
import { updateMenuItem } from './repo.js';

const env = useTestEnv();

async function aRestaurantWithMenu() {
  const restaurant = await buildRestaurant(env.db, { low_stock_threshold: 5 });
  const table = await buildTable(env.db, restaurant);
  const drinks = await buildCategory(env.db, restaurant, { name: 'Drinks', position: 2 });
  const mains = await buildCategory(env.db, restaurant, { name: 'Mains', position: 1 });
  const burger = await buildItem(env.db, mains, {
    name: 'Burger',
    price_cents: 1450,
    allergens: ['gluten', 'milk'],
    position: 1,
  });
  const special = await buildItem(env.db, mains, { name: 'Special', stock: 3, position: 2 });
  const steak = await buildItem(env.db, mains, { name: 'Steak', stock: 40, position: 3 });
  const gone = await buildItem(env.db, mains, { name: 'Gone', stock: 0, position: 4 });
  const off = await buildItem(env.db, drinks, { name: 'Cider', available: false });
  const cooking = await buildGroup(env.db, burger, { name: 'Cooking', min_choices: 1, max_choices: 1 });
  await buildOption(env.db, cooking, { name: 'Medium', position: 1 });
  await buildOption(env.db, cooking, { name: 'Well done', position: 2, available: false });
  const extras = await buildGroup(env.db, burger, { name: 'Extras', min_choices: 0, max_choices: 3, position: 1 });
  await buildOption(env.db, extras, { name: 'Bacon', price_delta_cents: 200 });
  return { restaurant, table, items: { burger, special, steak, gone, off } };
}

const menuUrl = (url: string, qrToken: string) => `${url}/api/v1/tables/${qrToken}/menu`;

async function getMenu(url: string, qrToken: string, etag?: string) {
  const response = await fetch(menuUrl(url, qrToken), { headers: etag ? { 'if-none-match': etag } : {} });
  return { response, etag: response.headers.get('etag') };
}

const itemNamed = (menu: Menu, name: string) =>
  menu.categories.flatMap((category) => category.items).find((item) => item.name === name)!;

describe('the menu', () => {
  it('lists categories and items in order, with groups, options and stock as diners may see it', async () => {
    const { url } = await env.startServer();
    const { table, items } = await aRestaurantWithMenu();
    const { response } = await getMenu(url, table.qr_token);
    expect(response.status).toBe(200);
    const menu = menuSchema.strict().parse(await response.json());

    expect(menu.categories.map((category) => category.name)).toEqual(['Mains', 'Drinks']);
    expect(menu.categories[0]!.items.map((item) => item.name)).toEqual(['Burger', 'Special', 'Steak', 'Gone']);
    expect(itemNamed(menu, 'Burger')).toEqual({
      id: items.burger.id,
      name: 'Burger',
      description: '',
      priceCents: 1450,
      allergens: ['gluten', 'milk'],
      imageUrl: null,
      available: true,
      stockStatus: 'in_stock',
      modifierGroups: [
        {
          id: expect.any(String),
          name: 'Cooking',
          min: 1,
          max: 1,
          options: [
            { id: expect.any(String), name: 'Medium', priceDeltaCents: 0, available: true },
            { id: expect.any(String), name: 'Well done', priceDeltaCents: 0, available: false },
          ],
        },
        {
          id: expect.any(String),
          name: 'Extras',
          min: 0,
          max: 3,
          options: [{ id: expect.any(String), name: 'Bacon', priceDeltaCents: 200, available: true }],
        },
      ],
    });
    expect(itemNamed(menu, 'Special')).toMatchObject({ stockStatus: 'low', stockLeft: 3 });
    expect(itemNamed(menu, 'Gone')).toMatchObject({ stockStatus: 'sold_out' });
    expect(itemNamed(menu, 'Cider')).toMatchObject({ available: false });
  });

  it('never shows an exact count above the low threshold, nor anything of another restaurant', async () => {
    const { url } = await env.startServer();
    const { table, items } = await aRestaurantWithMenu();
    const other = await aRestaurantWithMenu();
    await env.db('menu_items').where({ id: other.items.burger.id }).update({ name: 'Secret burger' });
    await env.db('menu_items').where({ id: items.steak.id }).update({ stock: 4073 });
    const { response } = await getMenu(url, table.qr_token);
    const text = await response.text();
    expect(itemNamed(JSON.parse(text) as Menu, 'Steak')).not.toHaveProperty('stockLeft');
    expect(text).not.toContain(':4073');
    expect(text).not.toContain('Secret burger');
    expect(text).not.toContain(other.restaurant.id);
  });
});

describe('menu revalidation', () => {
  it('answers 304 to its own ETag, and a new ETag and price after an owner changes a price', async () => {
    const { url, server } = await env.startServer();
    const { restaurant, table, items } = await aRestaurantWithMenu();
    const first = await getMenu(url, table.qr_token);
    expect(first.response.status).toBe(200);
    expect(first.etag).toMatch(/^"menu-[0-9a-f-]+-\d+"$/);

    const again = await getMenu(url, table.qr_token, first.etag!);
    expect(again.response.status).toBe(304);
    expect(again.etag).toBe(first.etag);
    expect((await getMenu(url, table.qr_token, `W/${first.etag}, "other"`)).response.status).toBe(304);

    await editMenuItem(server.deps, {
      restaurantId: restaurant.id,
      itemId: items.burger.id,
      expectedVersion: items.burger.version,
      patch: { priceCents: 1590 },
    });
    const changed = await getMenu(url, table.qr_token, first.etag!);
    expect(changed.response.status).toBe(200);
    expect(changed.etag).not.toBe(first.etag);
    expect(itemNamed((await changed.response.json()) as Menu, 'Burger').priceCents).toBe(1590);
  });

  it('costs no query at all when nothing changed, for a 304 and for a full body alike', async () => {
    // Only the diners' API: the relay's polling would show up among the queries.
    const { url, server } = await env.startServer({ ROLE: 'client-api' });
    const { table } = await aRestaurantWithMenu();
    const { etag } = await getMenu(url, table.qr_token);
    const queries: string[] = [];
    server.deps.db.on('query', (query: { sql: string }) => queries.push(query.sql));
    await getMenu(url, table.qr_token, etag!);
    await getMenu(url, table.qr_token);
    expect(queries).toEqual([]);
  });

  it('shows an edit made through one instance on another as soon as the bus carries it', async () => {
    const one = await env.startServer();
    const two = await env.startServer();
    const { restaurant, table, items } = await aRestaurantWithMenu();
    const before = (await getMenu(two.url, table.qr_token)).etag;
    await editMenuItem(one.server.deps, {
      restaurantId: restaurant.id,
      itemId: items.burger.id,
      expectedVersion: items.burger.version,
      patch: { available: false },
    });
    const after = await waitFor(
      async () => {
        const { etag, response } = await getMenu(two.url, table.qr_token, before!);
        return response.status === 200 && etag !== before ? etag : undefined;
      },
      2_000,
      'the new ETag on the other instance',
    );
    expect(after).not.toBe(before);
  });

  it('moves the ETag when stock crosses the low threshold or sells out, not for a change diners cannot see', async () => {
    const { url, server } = await env.startServer();
    const { restaurant, table, items } = await aRestaurantWithMenu();
    let item: ItemRow = items.steak;
    const setStock = async (stock: number) => {
      item = (await editMenuItem(server.deps, {
        restaurantId: restaurant.id,
        itemId: item.id,
        expectedVersion: item.version,
        patch: { stock },
      })) as ItemRow;
      return (await getMenu(url, table.qr_token)).etag;
    };
    const start = (await getMenu(url, table.qr_token)).etag;
    expect(await setStock(39)).toBe(start);
    expect(await setStock(6)).toBe(start);
    const low = await setStock(5);
    expect(low).not.toBe(start);
    const lower = await setStock(4);
    expect(lower).not.toBe(low);
    expect(await setStock(0)).not.toBe(lower);
  });

  it('refuses an edit made on a stale version with VERSION_CONFLICT and the current row, writing nothing', async () => {
    const { restaurant, items } = await aRestaurantWithMenu();
    const edit = (expectedVersion: number, priceCents: number) =>
      updateMenuItem(env.db, {
        restaurantId: restaurant.id,
        itemId: items.burger.id,
        expectedVersion,
        patch: { priceCents },
      });
    await edit(items.burger.version, 1500);
    await expect(edit(items.burger.version, 1600)).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
      details: { current: expect.objectContaining({ price_cents: 1500, version: items.burger.version + 1 }) },
    });
    const row = await env.db('menu_items').where({ id: items.burger.id }).first();
    expect(row.price_cents).toBe(1500);
  });

  it("does not let one restaurant's edit reach another's item", async () => {
    const mine = await aRestaurantWithMenu();
    const theirs = await aRestaurantWithMenu();
    await expect(
      updateMenuItem(env.db, {
        restaurantId: mine.restaurant.id,
        itemId: theirs.items.burger.id,
        expectedVersion: 1,
        patch: { priceCents: 1 },
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers a table code of the wrong shape without a query', async () => {
    const { url, server } = await env.startServer({ ROLE: 'client-api' });
    const queries: string[] = [];
    server.deps.db.on('query', (query: { sql: string }) => queries.push(query.sql));
    const response = await fetch(menuUrl(url, 'not-a-code'));
    expect((await errorOf(response)).code).toBe('INVALID_TOKEN');
    expect(queries).toEqual([]);
  });
});
