import type { Knex } from 'knex';

export const ORDER_STATUSES = ['placed', 'accepted', 'preparing', 'ready', 'served', 'cancelled'] as const;
export const OPEN_ORDER_STATUSES = ['placed', 'accepted', 'preparing', 'ready'] as const;
export const ACTOR_TYPES = ['diner', 'kitchen', 'staff', 'system'] as const;
export const LOCATION_VERDICTS = ['not_required', 'ip', 'gps', 'ip_and_gps'] as const;

const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

export async function up(knex: Knex): Promise<void> {
  // One row per restaurant and business day; `last_number` is taken with
  // UPDATE ... RETURNING in a statement of its own, so ticket numbers are never
  // handed out twice (an order that then fails leaves a gap).
  await knex.schema.createTable('ticket_counters', (t) => {
    t.uuid('restaurant_id').notNullable().references('restaurants.id').onDelete('CASCADE');
    t.date('business_date').notNullable();
    t.integer('last_number').notNullable().defaultTo(0);
    t.primary(['restaurant_id', 'business_date']);
  });

  await knex.schema.createTable('orders', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('restaurant_id').notNullable();
    t.uuid('table_id').notNullable();
    t.uuid('session_id').notNullable();
    t.date('business_date').notNullable();
    t.integer('number').notNullable();
    t.text('status').notNullable().defaultTo('placed');
    t.integer('subtotal_cents').notNullable();
    t.integer('total_cents').notNullable();
    t.specificType('currency', 'char(3)').notNullable();
    t.text('note');
    t.uuid('idempotency_key').notNullable();
    // The cart version the diner confirmed; a reused key with another version is refused.
    t.integer('cart_version').notNullable();
    t.uuid('placed_by_diner_id').references('diners.id').onDelete('SET NULL');
    // Evidence of where the order came from, and what the location check concluded.
    t.specificType('client_ip', 'inet');
    t.double('gps_lat');
    t.double('gps_lng');
    t.double('gps_accuracy_m');
    t.double('location_distance_m');
    t.text('location_verdict').notNullable();
    t.text('cancel_reason');
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
    t.unique(['restaurant_id', 'id']);
    t.unique(['restaurant_id', 'business_date', 'number']);
    // A retried submit (same key, same session) finds the first order instead of making a second.
    t.unique(['session_id', 'idempotency_key']);
    t.foreign(['restaurant_id', 'table_id']).references(['restaurant_id', 'id']).inTable('tables').onDelete('CASCADE');
    t.foreign(['restaurant_id', 'session_id'])
      .references(['restaurant_id', 'id'])
      .inTable('table_sessions')
      .onDelete('CASCADE');
  });
  await knex.raw(`
    alter table orders
      add constraint orders_status check (status in (${list(ORDER_STATUSES)})),
      add constraint orders_location_verdict check (location_verdict in (${list(LOCATION_VERDICTS)})),
      add constraint orders_money_not_negative check (subtotal_cents >= 0 and total_cents >= 0),
      add constraint orders_number_positive check (number >= 1),
      add constraint orders_currency_format check (currency ~ '^[A-Z]{3}$'),
      add constraint orders_cancel_reason check ((status = 'cancelled') = (cancel_reason is not null))
  `);
  // The kitchen's and the owner's board: open orders of one restaurant, oldest first.
  await knex.raw(`
    create index orders_open_by_restaurant on orders (restaurant_id, created_at)
    where status in (${list(OPEN_ORDER_STATUSES)})
  `);
  await knex.raw('create index orders_by_session on orders (session_id, created_at)');
  await knex.raw('create index orders_by_restaurant_created on orders (restaurant_id, created_at desc)');

  await knex.schema.createTable('order_items', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('restaurant_id').notNullable();
    t.uuid('order_id').notNullable();
    // Snapshot: the ticket keeps what was ordered even if the menu item changes or goes.
    t.uuid('menu_item_id').references('menu_items.id').onDelete('SET NULL');
    t.text('name').notNullable();
    t.integer('unit_price_cents').notNullable();
    t.integer('quantity').notNullable();
    t.integer('line_total_cents').notNullable();
    t.jsonb('options').notNullable().defaultTo('[]');
    t.text('note');
    t.uuid('added_by_diner_id').references('diners.id').onDelete('SET NULL');
    t.text('added_by_name');
    t.integer('position').notNullable();
    t.foreign(['restaurant_id', 'order_id']).references(['restaurant_id', 'id']).inTable('orders').onDelete('CASCADE');
    t.index(['order_id', 'position']);
    t.index(['menu_item_id']);
  });
  await knex.raw(`
    alter table order_items
      add constraint order_items_quantity check (quantity between 1 and 99),
      add constraint order_items_money check (unit_price_cents >= 0 and line_total_cents = unit_price_cents * quantity)
  `);

  await knex.schema.createTable('order_events', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('restaurant_id').notNullable();
    t.uuid('order_id').notNullable();
    t.text('from_status');
    t.text('to_status').notNullable();
    t.text('actor_type').notNullable();
    t.uuid('actor_id');
    t.text('reason');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.foreign(['restaurant_id', 'order_id']).references(['restaurant_id', 'id']).inTable('orders').onDelete('CASCADE');
    t.index(['order_id', 'created_at']);
  });
  await knex.raw(`
    alter table order_events
      add constraint order_events_from_status check (from_status is null or from_status in (${list(ORDER_STATUSES)})),
      add constraint order_events_to_status check (to_status in (${list(ORDER_STATUSES)})),
      add constraint order_events_actor_type check (actor_type in (${list(ACTOR_TYPES)}))
  `);

  // Events written in the same transaction as the change they describe. The
  // relay publishes rows whose `published_at` is still null; the row id is the
  // event id every receiver de-duplicates by.
  await knex.schema.createTable('outbox', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('restaurant_id').notNullable().references('restaurants.id').onDelete('CASCADE');
    t.text('stream').notNullable().defaultTo('orders');
    t.text('type').notNullable();
    t.jsonb('payload').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('published_at', { useTz: true });
    t.integer('publish_attempts').notNullable().defaultTo(0);
  });
  await knex.raw('create index outbox_unpublished on outbox (created_at) where published_at is null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('outbox');
  await knex.schema.dropTable('order_events');
  await knex.schema.dropTable('order_items');
  await knex.schema.dropTable('orders');
  await knex.schema.dropTable('ticket_counters');
}
