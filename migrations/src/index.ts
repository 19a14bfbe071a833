import type { Knex } from 'knex';
import * as m001 from './migrations/001_restaurants_and_staff.js';
import * as m002 from './migrations/002_tables_and_sessions.js';
import * as m003 from './migrations/003_menu.js';
import * as m004 from './migrations/004_orders_and_outbox.js';
import * as m005 from './migrations/005_kitchen_devices.js';
import * as m006 from './migrations/006_order_item_cart_price.js';
import * as m007 from './migrations/007_stock_claim_lost.js';
import * as m008 from './migrations/008_order_cart_fingerprint.js';

export { seedDemo, DEMO } from './seed/demo.js';
export type { DemoSummary } from './seed/demo.js';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/**
 * The migrations, in order. Listed here rather than globbed from disk so that
 * the same list runs from TypeScript sources (tests) and compiled JavaScript
 * (production) alike. A new migration is a new file and a new line.
 */
const MIGRATIONS: ReadonlyArray<readonly [name: string, migration: Migration]> = [
  ['001_restaurants_and_staff', m001],
  ['002_tables_and_sessions', m002],
  ['003_menu', m003],
  ['004_orders_and_outbox', m004],
  ['005_kitchen_devices', m005],
  ['006_order_item_cart_price', m006],
  ['007_stock_claim_lost', m007],
  ['008_order_cart_fingerprint', m008],
];

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve(MIGRATIONS.map(([name]) => name)),
  getMigrationName: (name) => name,
  getMigration: (name) => {
    const found = MIGRATIONS.find(([candidate]) => candidate === name);
    if (!found) throw new Error(`unknown migration ${name}`);
    return Promise.resolve(found[1]);
  },
};

export const migratorConfig: Knex.MigratorConfig = {
  migrationSource,
  tableName: 'knex_migrations',
};
