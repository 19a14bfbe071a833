import { randomUUID } from 'node:crypto';
import type { CartLine, CartLineOption, JoinTableResponse } from '@tableside/shared';
import { createCartStore } from '../cart/index.js';
import type { Redis, Keys } from '../platform/redis.js';
import { buildCategory, buildItem, buildRestaurant, buildTable, type ItemRow } from './factories.js';
import type { TestEnv } from './harness.js';
import { join } from './tables.js';
import { waitFor } from './wait.js';

/** A diner who joined a table through the API, ready to order. */
export interface SeatedDiner {
  qrToken: string;
  joined: JoinTableResponse;
}

export async function seat(baseUrl: string, qrToken: string, displayName?: string): Promise<SeatedDiner> {
  return { qrToken, joined: await join(baseUrl, qrToken, displayName ? { displayName } : {}) };
}

/**
 * Puts lines straight into a table's cart in Redis, as the cart socket would
 * have after validating them; returns the cart version. `unitPriceCents`
 * defaults to the item's price.
 */
export async function fillCart(
  redis: Redis,
  keys: Keys,
  diner: SeatedDiner,
  lines: { item: ItemRow; quantity: number; unitPriceCents?: number; note?: string; options?: CartLineOption[] }[],
): Promise<number> {
  const carts = createCartStore(redis, keys, { ttlSeconds: 3600 });
  const addedBy = {
    dinerId: diner.joined.diner.id,
    displayName: diner.joined.diner.displayName,
    color: diner.joined.diner.color,
  };
  let version = (await carts.read(diner.joined.session.id)).version;
  for (const { item, quantity, unitPriceCents, note, options } of lines) {
    const line: CartLine = {
      lineId: randomUUID(),
      itemId: item.id,
      name: item.name,
      unitPriceCents: unitPriceCents ?? item.price_cents,
      quantity,
      options: options ?? [],
      ...(note ? { note } : {}),
      addedBy,
    };
    const ack = await carts.apply(diner.joined.session.id, randomUUID(), { type: 'add', line }, addedBy);
    if (!ack.ok) throw new Error(`could not fill the cart: ${ack.error.message}`);
    version = ack.version;
  }
  return version;
}

/** Every diner submits the cart they confirmed, all at once. */
export function submitEach(baseUrl: string, seated: { diner: SeatedDiner; cartVersion: number }[]) {
  return Promise.all(seated.map(({ diner, cartVersion }) => submitOrder(baseUrl, diner, { cartVersion })));
}

export function submitOrder(
  baseUrl: string,
  diner: SeatedDiner,
  body: unknown,
  options: { key?: string | null; headers?: Record<string, string> } = {},
): Promise<Response> {
  const key = options.key === undefined ? randomUUID() : options.key;
  return fetch(`${baseUrl}/api/v1/tables/${diner.qrToken}/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${diner.joined.dinerToken}`,
      ...(key === null ? {} : { 'idempotency-key': key }),
      ...options.headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/**
 * What the order tests of a file arrange with, on its own database and
 * Redis prefix: a restaurant with a category to add items and tables to, a
 * diner seated with a filled cart, an item's stock, and a count of rows.
 */
export function orderFixtures(env: TestEnv) {
  async function seatedWithCart(url: string, qrToken: string, lines: Parameters<typeof fillCart>[3]) {
    const diner = await seat(url, qrToken);
    const cartVersion = await fillCart(env.redis, env.keys, diner, lines);
    return { diner, cartVersion };
  }
  return {
    async aRestaurant(overrides: Record<string, unknown> = {}) {
      const restaurant = await buildRestaurant(env.db, overrides);
      const category = await buildCategory(env.db, restaurant);
      const item = (values: Record<string, unknown>) => buildItem(env.db, category, values);
      return { restaurant, item, table: () => buildTable(env.db, restaurant) };
    },
    seatedWithCart,
    /** `count` diners, each seated at a new table of `shop` with `lines` in its cart. */
    seatedAtTables(
      url: string,
      shop: { table(): Promise<{ qr_token: string }> },
      count: number,
      lines: Parameters<typeof fillCart>[3],
    ) {
      return Promise.all(
        Array.from({ length: count }, async () => seatedWithCart(url, (await shop.table()).qr_token, lines)),
      );
    },
    /** Holds every order's transaction at its outbox insert (a trigger), until released. */
    async holdOrdersAtOutbox() {
      await env.db.raw(`
        create table hold_order (held boolean not null);
        insert into hold_order values (true);
        create function hold_order() returns trigger language plpgsql as $$
        begin
          while (select held from hold_order) loop perform pg_sleep(0.01); end loop;
          return new;
        end $$;
        create trigger hold_order after insert on outbox for each row execute function hold_order();
      `);
      const backendsThat = async (where: string) =>
        (await env.db.raw(`select 1 from pg_stat_activity where datname = current_database() and ${where}`)).rows
          .length > 0 || undefined;
      return {
        /** Resolves once an order is held before its commit. */
        held: () => waitFor(() => backendsThat(`wait_event = 'PgSleep'`), 10_000, 'the order held before its commit'),
        /** Resolves once a statement waits on a row lock or a unique index entry of the held one. */
        waitingBehind: () =>
          waitFor(() => backendsThat(`wait_event_type = 'Lock'`), 10_000, 'a save waiting on a lock'),
        release: () => env.db('hold_order').update({ held: false }),
        remove: () =>
          env.db.raw('drop trigger hold_order on outbox; drop function hold_order(); drop table hold_order;'),
      };
    },
    async stockOf(item: ItemRow) {
      return (await env.db('menu_items').where({ id: item.id }).first('stock', 'version')) as {
        stock: number;
        version: number;
      };
    },
    /** Rows of one restaurant in a table (the tests of a file share its database). */
    async count(table: string, restaurant: { id: string }): Promise<number> {
      const row = await env
        .db(table)
        .where({ restaurant_id: restaurant.id })
        .count<{ count: number }>('* as count')
        .first();
      return row?.count ?? 0;
    },
  };
}
