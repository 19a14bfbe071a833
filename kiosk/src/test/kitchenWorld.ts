import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CartLine, Order } from '@tableside/shared';
import { afterAll } from 'vitest';
import { createCartStore } from '../../../server/src/cart/index.js';
import {
  buildCategory,
  buildGroup,
  buildItem,
  buildOption,
  buildRestaurant,
  buildTable,
  type ItemRow,
  type TableRow,
} from '../../../server/src/test/factories.js';
import { useTestEnv, type TestEnv } from '../../../server/src/test/harness.js';
import { newPairingCode } from '../../../server/src/test/kitchen.js';
import { seat, submitOrder, type SeatedDiner } from '../../../server/src/test/orders.js';
import { waitFor } from '../../../server/src/test/wait.js';
import { startKioskCore, type KioskCore } from '../core/kioskCore.js';
import type { KioskTimings } from '../core/timings.js';
import type { KioskState, PrinterAddress } from '../core/kioskApi.js';

export { waitFor };

/** Short enough that a test sees reconnects and printer polls within a second or two. */
export const TEST_TIMINGS = {
  backoff: { baseMs: 100, capMs: 800 },
  resyncMs: 5_000,
  answerTimeoutMs: 3_000,
  printerPollMs: 100,
  busyRetryMs: 200,
};

export interface Dish {
  item: ItemRow;
  /** Its options by name. */
  options: Record<string, { id: string; name: string; priceDeltaCents: number }>;
}

export interface Restaurant {
  id: string;
  soup: Dish;
  burger: Dish;
  /** A new table; its label is unique unless given. */
  table(label?: string): Promise<TableRow>;
}

export interface OrderLine {
  dish: Dish;
  quantity: number;
  options?: string[];
  note?: string;
}

/**
 * A test file's kitchen: the real server against this file's own Postgres
 * database and Redis prefix, restaurants with dishes, diners who order, and
 * kiosk cores paired with it, all cleaned up after the file.
 */
export function useKitchenWorld() {
  const env: TestEnv = useTestEnv();
  const cores = new Set<KioskCore>();
  const dirs: string[] = [];

  afterAll(async () => {
    for (const core of cores) await core.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function dish(categoryId: { id: string; restaurant_id: string; name: string }, name: string, price: number) {
    return { item: await buildItem(env.db, categoryId, { name, price_cents: price }), options: {} } as Dish;
  }

  return {
    env,

    async dataDir(): Promise<string> {
      const dir = await mkdtemp(join(tmpdir(), 'tableside-kiosk-'));
      dirs.push(dir);
      return dir;
    },

    /** A restaurant serving soup and a burger with options. */
    async restaurant(): Promise<Restaurant> {
      const restaurant = await buildRestaurant(env.db, { name: 'Harbour Test' });
      const category = await buildCategory(env.db, restaurant);
      const soup = await dish(category, 'Tomato soup', 650);
      const burger = await dish(category, 'Burger', 1450);
      const group = await buildGroup(env.db, burger.item, { name: 'Extras', max_choices: 3 });
      for (const [name, delta] of [
        ['Cheddar', 150],
        ['Bacon', 200],
        ['No onions', 0],
      ] as const) {
        const option = await buildOption(env.db, group, { name, price_delta_cents: delta });
        burger.options[name] = { id: option.id, name, priceDeltaCents: delta };
      }
      return {
        id: restaurant.id,
        soup,
        burger,
        table: (label) => buildTable(env.db, restaurant, label ? { label } : {}),
      };
    },

    /** A diner (a new one at `at` if it is a table) orders `lines` through the real API; resolves to the 201's order. */
    async placeOrder(url: string, at: TableRow | SeatedDiner, lines: OrderLine[], note?: string): Promise<Order> {
      const diner = 'qrToken' in at ? at : await seat(url, at.qr_token, 'Ana');
      const carts = createCartStore(env.redis, env.keys, { ttlSeconds: 3600 });
      const addedBy = {
        dinerId: diner.joined.diner.id,
        displayName: diner.joined.diner.displayName,
        color: diner.joined.diner.color,
      };
      let version = 0;
      for (const line of lines) {
        const options = (line.options ?? []).map((name) => line.dish.options[name]!);
        const cartLine: CartLine = {
          lineId: randomUUID(),
          itemId: line.dish.item.id,
          name: line.dish.item.name,
          unitPriceCents: line.dish.item.price_cents + options.reduce((sum, option) => sum + option.priceDeltaCents, 0),
          quantity: line.quantity,
          options,
          ...(line.note ? { note: line.note } : {}),
          addedBy,
        };
        const ack = await carts.apply(diner.joined.session.id, randomUUID(), { type: 'add', line: cartLine }, addedBy);
        if (!ack.ok) throw new Error(`could not fill the cart: ${ack.error.message}`);
        version = ack.version;
      }
      const response = await submitOrder(url, diner, { cartVersion: version, ...(note ? { note } : {}) });
      if (response.status !== 201) throw new Error(`order refused: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { order: Order }).order;
    },

    /** Pairs a new kiosk core with `restaurant` through its own pairing flow, and waits until it is online. */
    async startKiosk(options: {
      serverUrl: string;
      restaurant: Restaurant;
      printer?: PrinterAddress;
      dataDir?: string;
      timings?: KioskTimings;
    }): Promise<KioskCore> {
      const core = await startKioskCore({
        dataDir: options.dataDir ?? (await this.dataDir()),
        settings: { printer: options.printer ?? { kind: 'none' }, paperWidthMm: 80, timeZone: 'UTC' },
        timings: options.timings ?? TEST_TIMINGS,
      });
      cores.add(core);
      const paired = await core.pair({
        serverUrl: options.serverUrl,
        code: await newPairingCode(env.db, options.restaurant.id),
        deviceName: 'Pass',
        restaurantName: 'Harbour Test',
      });
      if (!paired.ok) throw new Error(`pairing failed: ${paired.message}`);
      await until(core, (state) => state.connection.status === 'online', 'the kiosk online');
      return core;
    },

    /** Stops a core early (a restart in the test); the file's cleanup skips it. */
    async stopKiosk(core: KioskCore): Promise<void> {
      cores.delete(core);
      await core.stop();
    },

    track(core: KioskCore): KioskCore {
      cores.add(core);
      return core;
    },
  };
}

/** Waits until the core's state satisfies `ready`; resolves to that state. */
export function until(
  core: KioskCore,
  ready: (state: KioskState) => boolean,
  what: string,
  timeoutMs = 8_000,
): Promise<KioskState> {
  return waitFor(
    () => {
      const state = core.state();
      return ready(state) ? state : undefined;
    },
    timeoutMs,
    what,
  );
}
