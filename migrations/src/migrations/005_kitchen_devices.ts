import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('kitchen_devices', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('restaurant_id').notNullable().references('restaurants.id').onDelete('CASCADE');
    t.text('name').notNullable();
    // sha256 of the device token; the token itself is shown to the device once.
    t.text('token_hash').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_seen_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
    t.unique(['restaurant_id', 'id']);
    t.index(['restaurant_id']);
  });
  await knex.raw(`
    alter table kitchen_devices
      add constraint kitchen_devices_name_length check (char_length(name) between 1 and 60)
  `);

  // Short, single-use, expiring codes an owner shows to a new kiosk.
  await knex.schema.createTable('kitchen_pairing_codes', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('restaurant_id').notNullable().references('restaurants.id').onDelete('CASCADE');
    t.text('code_hash').notNullable().unique();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.uuid('device_id').references('kitchen_devices.id').onDelete('SET NULL');
    t.uuid('created_by').references('staff_users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('order_acks', (t) => {
    t.uuid('restaurant_id').notNullable();
    t.uuid('order_id').notNullable();
    t.uuid('device_id').notNullable();
    t.timestamp('acked_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // A device acknowledges an order once, however often it retries.
    t.primary(['order_id', 'device_id']);
    t.foreign(['restaurant_id', 'order_id']).references(['restaurant_id', 'id']).inTable('orders').onDelete('CASCADE');
    t.foreign(['restaurant_id', 'device_id'])
      .references(['restaurant_id', 'id'])
      .inTable('kitchen_devices')
      .onDelete('CASCADE');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('order_acks');
  await knex.schema.dropTable('kitchen_pairing_codes');
  await knex.schema.dropTable('kitchen_devices');
}
