import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tables', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('restaurant_id').notNullable().references('restaurants.id').onDelete('CASCADE');
    t.text('label').notNullable();
    t.integer('seats').notNullable().defaultTo(4);
    // Random, at least 128 bits, base64url; rotating it kills every printed copy.
    t.text('qr_token').notNullable().unique();
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamps(true, true);
    t.unique(['restaurant_id', 'id']);
    t.unique(['restaurant_id', 'label']);
  });
  await knex.raw(`
    alter table tables
      add constraint tables_seats check (seats between 1 and 100),
      add constraint tables_qr_token_format check (qr_token ~ '^[A-Za-z0-9_-]{22,64}$'),
      add constraint tables_label_length check (char_length(label) between 1 and 40)
  `);

  await knex.schema.createTable('table_sessions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('restaurant_id').notNullable();
    t.uuid('table_id').notNullable();
    t.timestamp('opened_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_activity_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('closed_at', { useTz: true });
    t.text('closed_reason');
    t.unique(['restaurant_id', 'id']);
    // A session belongs to a table of the same restaurant.
    t.foreign(['restaurant_id', 'table_id']).references(['restaurant_id', 'id']).inTable('tables').onDelete('CASCADE');
  });
  await knex.raw(`
    alter table table_sessions
      add constraint table_sessions_closed_reason check (
        (closed_at is null and closed_reason is null)
        or (closed_at is not null and closed_reason in ('idle', 'staff', 'qr_rotated', 'table_removed')))
  `);
  // At most one open session per table: concurrent first scans race here, not in code.
  await knex.raw('create unique index table_sessions_one_open on table_sessions (table_id) where closed_at is null');
  // The idle sweeper looks for open sessions by last activity.
  await knex.raw(
    'create index table_sessions_open_activity on table_sessions (last_activity_at) where closed_at is null',
  );

  // The people at a table: one row per phone that joined the session.
  await knex.schema.createTable('diners', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('restaurant_id').notNullable();
    t.uuid('session_id').notNullable();
    t.text('display_name').notNullable();
    t.text('color').notNullable();
    t.timestamp('joined_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.foreign(['restaurant_id', 'session_id'])
      .references(['restaurant_id', 'id'])
      .inTable('table_sessions')
      .onDelete('CASCADE');
    t.unique(['session_id', 'display_name']);
  });
  await knex.raw(`
    alter table diners
      add constraint diners_display_name_length check (char_length(display_name) between 1 and 40),
      add constraint diners_color_format check (color ~ '^#[0-9a-f]{6}$')
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('diners');
  await knex.schema.dropTable('table_sessions');
  await knex.schema.dropTable('tables');
}
