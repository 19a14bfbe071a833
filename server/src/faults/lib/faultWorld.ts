import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, onTestFailed } from 'vitest';
import type { Knex } from '../../platform/db.js';
import {
  buildCategory,
  buildItem,
  buildRestaurant,
  buildTable,
  type ItemRow,
  type TableRow,
} from '../../test/factories.js';
import { startKitchen, type Kitchen } from './kitchen.js';
import { startPrivatePostgres, type PrivatePostgres } from './privatePostgres.js';
import { startPrivateRedis, type PrivateRedis } from './privateRedis.js';
import { startServerProcess, type ServerProcess } from './serverProcess.js';
import type { Traffic } from './traffic.js';

export interface FaultRestaurant {
  id: string;
  dishes: ItemRow[];
  tables: TableRow[];
}

export interface FaultWorld {
  readonly redis: PrivateRedis;
  readonly postgres: PrivatePostgres;
  /** A pool on the private database, for arranging and for the books. */
  readonly db: Knex;
  /** A real server process on the private Postgres and Redis; `env` adds or overrides configuration. */
  server(name: string, env?: Record<string, string>): Promise<ServerProcess>;
  /** A restaurant with two stock-tracked dishes and `tables` tables. */
  restaurant(tables: number): Promise<FaultRestaurant>;
  kitchen(serverUrl: string, restaurantId: string): Promise<Kitchen>;
  /** Closes `what` after the file, whatever happens. */
  track<T extends Traffic | { close(): Promise<void> }>(what: T): T;
}

export const DISH_STOCK = 1_000;

/**
 * A fault test file's own Postgres cluster and Redis server, which its
 * scenarios may kill and restart while other test files run on the machine's
 * shared ones; created once for the file, removed after it with every server
 * process, kiosk and diner it started. A failing test prints the servers' logs.
 */
export function useFaultWorld(options: { postgresSettings?: Record<string, string> } = {}): FaultWorld {
  let redis: PrivateRedis | undefined;
  let postgres: PrivatePostgres | undefined;
  let db: Knex | undefined;
  let logDir = '';
  const servers: ServerProcess[] = [];
  const closers: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    logDir = await mkdtemp(join(tmpdir(), 'tableside-fault-logs-'));
    [redis, postgres] = await Promise.all([
      startPrivateRedis(),
      startPrivatePostgres({ settings: options.postgresSettings }),
    ]);
    db = postgres.db();
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await Promise.all(servers.map((server) => server.kill()));
    await postgres?.close();
    await redis?.close();
    if (logDir) await rm(logDir, { recursive: true, force: true });
  });

  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useFaultWorld(): ${what} exists only inside tests and hooks`);
    return value;
  };

  return {
    get redis() {
      return required(redis, 'Redis');
    },
    get postgres() {
      return required(postgres, 'Postgres');
    },
    get db() {
      return required(db, 'the database');
    },
    async server(name, env = {}) {
      const server = await startServerProcess({
        name,
        logFile: join(logDir, `${name}.log`),
        env: {
          DATABASE_URL: this.postgres.url,
          REDIS_URL: this.redis.url,
          REDIS_KEY_PREFIX: 'fault:',
          ...env,
        },
      });
      servers.push(server);
      onTestFailed(() => console.error(`--- ${name}'s last errors ---\n${server.errors()}`));
      return server;
    },
    async restaurant(tables) {
      const restaurant = await buildRestaurant(this.db, { name: 'Fault Line Diner' });
      const category = await buildCategory(this.db, restaurant);
      const dishes = [
        await buildItem(this.db, category, { name: 'Soup', price_cents: 650, stock: DISH_STOCK }),
        await buildItem(this.db, category, { name: 'Burger', price_cents: 1450, stock: DISH_STOCK }),
      ];
      const rows: TableRow[] = [];
      for (let i = 1; i <= tables; i++) rows.push(await buildTable(this.db, restaurant, { label: `T${i}` }));
      return { id: restaurant.id, dishes, tables: rows };
    },
    async kitchen(serverUrl, restaurantId) {
      return this.track(await startKitchen({ serverUrl, db: this.db, restaurantId }));
    },
    track(what) {
      closers.push(() => what.close());
      return what;
    },
  };
}
