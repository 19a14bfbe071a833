import { describe, expect, it } from 'vitest';
import type { Knex } from '../platform/db.js';
import { checkBooks, stockOf } from './lib/books.js';
import { waitUntil } from './lib/childProcess.js';
import { useFaultWorld } from './lib/faultWorld.js';
import { expectOnlyRetryableFailures } from './lib/refusals.js';
import { ORDERS_STREAM } from './lib/stream.js';
import { startTraffic } from './lib/traffic.js';

// A backend whose client died is ended at once, rolling back what it held, as with a real crash.
const world = useFaultWorld({ postgresSettings: { client_connection_check_interval: '100ms' } });

/**
 * The test's scalpel: a process whose Postgres connections are named
 * `stalled-*` hangs in the statement that marks outbox rows published,
 * that is after it appended them to the stream and before that is recorded.
 */
async function stallMarkingPublished(db: Knex): Promise<void> {
  await db.raw(`
    create function fault_stall_publish() returns trigger language plpgsql as $$
    begin
      if current_setting('application_name') like 'stalled-%' then perform pg_sleep(600); end if;
      return new;
    end $$;
    create trigger fault_stall_publish before update of published_at on outbox
      for each row execute function fault_stall_publish();
  `);
}

/** Backends of `applicationName` asleep in the stall, that is processes hanging between append and record. */
async function stalled(db: Knex, applicationName: string): Promise<number> {
  const [row] = await db('pg_stat_activity')
    .where({ application_name: applicationName, wait_event: 'PgSleep' })
    .count('* as n');
  return Number(row!.n);
}

/** Outbox rows older than any batch of marks waits, still not recorded as published. */
async function unrecorded(db: Knex): Promise<number> {
  const [row] = await db('outbox')
    .whereNull('published_at')
    .where('created_at', '<', db.raw(`now() - interval '500 milliseconds'`))
    .count('* as n');
  return Number(row!.n);
}

async function copiesByEvent(redis: ReturnType<typeof world.redis.client>): Promise<Map<string, number>> {
  const entries = (await redis.xrange(ORDERS_STREAM, '-', '+')) as [string, string[]][];
  const copies = new Map<string, number>();
  for (const [, fields] of entries) {
    const { id } = JSON.parse(fields[1]!) as { id: string };
    copies.set(id, (copies.get(id) ?? 0) + 1);
  }
  return copies;
}

describe('the outbox relay killed between publishing and recording it, a second relay running at once', () => {
  it('delivers every order to the kiosk and prints it once, however many times it went out', async () => {
    await stallMarkingPublished(world.db);
    const stalledUrl = (name: string) => `${world.postgres.url}?application_name=${name}`;
    // The stall lasts until the process is killed, however slow the machine: no statement timeout ends it first.
    const quick = {
      RELAY_MIN_AGE_MS: '1000',
      RELAY_INTERVAL_MS: '100',
      STREAM_CLAIM_IDLE_MS: '1000',
      DATABASE_STATEMENT_TIMEOUT_MS: '600000',
    };
    // `doomed` takes orders, appends them to the stream and dies before recording it: only the relays can finish.
    // Its first batch of published marks hangs, and every later batch waits behind it.
    const doomed = await world.server('doomed', {
      ...quick,
      ROLE: 'client-api,realtime',
      DATABASE_URL: stalledUrl('stalled-api'),
    });
    const steady = await world.server('steady', { ...quick, ROLE: 'client-api,admin-api,realtime' });
    const restaurant = await world.restaurant(6);
    const stockBefore = await stockOf(world.db, restaurant.dishes);
    const kitchen = await world.kitchen(steady.url, restaurant.id);
    const redis = world.redis.client();

    const traffic = world.track(
      startTraffic({
        urls: [doomed.url, steady.url],
        socketUrls: [steady.url],
        tables: restaurant.tables,
        dishes: restaurant.dishes,
        ordersPerTable: 6,
      }),
    );
    await waitUntil(
      async () => (await stalled(world.db, 'stalled-api')) === 1 && (await unrecorded(world.db)) >= 3,
      20_000,
      'orders of doomed on the stream and not recorded',
    );
    await doomed.kill();
    await waitUntil(async () => (await stalled(world.db, 'stalled-api')) === 0, 10_000, "doomed's backends gone");

    // The first relay appends the orphaned rows again, then hangs before recording it.
    const first = await world.server('relay-1', { ...quick, ROLE: 'relay', DATABASE_URL: stalledUrl('stalled-relay') });
    await waitUntil(async () => (await stalled(world.db, 'stalled-relay')) === 1, 10_000, 'the first relay hanging');
    const second = await world.server('relay-2', { ...quick, ROLE: 'relay' });
    await first.kill();
    await traffic.done;
    await waitUntil(
      async () => (await world.db('outbox').whereNull('published_at').count('* as n'))[0]!.n === 0,
      10_000,
      'every outbox row published',
    );

    await checkBooks({ db: world.db, restaurantId: restaurant.id, confirmed: traffic.confirmed, kitchen, stockBefore });
    // Some orders really went out three times: by doomed, by the killed relay and by the second one.
    const copies = await copiesByEvent(redis);
    expect([...copies.values()].filter((count) => count >= 3).length).toBeGreaterThanOrEqual(3);
    expect(second.exited()).toBe(false);
    expectOnlyRetryableFailures(traffic);
  });
});
