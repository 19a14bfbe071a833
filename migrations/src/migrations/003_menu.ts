import type { Knex } from 'knex';

/**
 * Every menu row carries `version`, bumped by every write to it. Owners' edits
 * (If-Match) and diners' orders (stock decrements) both compare-and-set it, so
 * neither silently overwrites the other.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('menu_categories', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('restaurant_id').notNullable().references('restaurants.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.integer('position').notNullable().defaultTo(0);
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
    t.unique(['restaurant_id', 'id']);
    t.index(['restaurant_id', 'position']);
  });

  await knex.schema.createTable('menu_items', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('restaurant_id').notNullable();
    t.uuid('category_id').notNullable();
    t.text('name').notNullable();
    t.text('description').notNullable().defaultTo('');
    t.integer('price_cents').notNullable();
    t.specificType('allergens', 'text[]').notNullable().defaultTo('{}');
    t.text('image_url');
    t.boolean('available').notNullable().defaultTo(true);
    // null = not tracked; otherwise units left, never negative (see the check below).
    t.integer('stock');
    t.integer('version').notNullable().defaultTo(1);
    t.integer('position').notNullable().defaultTo(0);
    t.timestamps(true, true);
    t.unique(['restaurant_id', 'id']);
    t.foreign(['restaurant_id', 'category_id'])
      .references(['restaurant_id', 'id'])
      .inTable('menu_categories')
      .onDelete('CASCADE');
    t.index(['category_id', 'position']);
    t.index(['restaurant_id']);
  });
  await knex.raw(`
    alter table menu_items
      add constraint menu_items_stock_not_negative check (stock >= 0),
      add constraint menu_items_price_not_negative check (price_cents >= 0),
      add constraint menu_items_version_positive check (version >= 1),
      add constraint menu_items_name_length check (char_length(name) between 1 and 120)
  `);

  await knex.schema.createTable('modifier_groups', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('restaurant_id').notNullable();
    t.uuid('item_id').notNullable();
    t.text('name').notNullable();
    t.integer('min_choices').notNullable().defaultTo(0);
    t.integer('max_choices').notNullable().defaultTo(1);
    t.integer('position').notNullable().defaultTo(0);
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
    t.unique(['restaurant_id', 'id']);
    t.foreign(['restaurant_id', 'item_id'])
      .references(['restaurant_id', 'id'])
      .inTable('menu_items')
      .onDelete('CASCADE');
    t.index(['item_id', 'position']);
  });
  await knex.raw(`
    alter table modifier_groups
      add constraint modifier_groups_choices check (min_choices >= 0 and max_choices >= 1 and min_choices <= max_choices)
  `);

  await knex.schema.createTable('modifier_options', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('restaurant_id').notNullable();
    t.uuid('group_id').notNullable();
    t.text('name').notNullable();
    // May be negative ("no cheese"); a line's price is checked not to go below zero.
    t.integer('price_delta_cents').notNullable().defaultTo(0);
    t.boolean('available').notNullable().defaultTo(true);
    t.integer('position').notNullable().defaultTo(0);
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
    t.unique(['restaurant_id', 'id']);
    t.foreign(['restaurant_id', 'group_id'])
      .references(['restaurant_id', 'id'])
      .inTable('modifier_groups')
      .onDelete('CASCADE');
    t.index(['group_id', 'position']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('modifier_options');
  await knex.schema.dropTable('modifier_groups');
  await knex.schema.dropTable('menu_items');
  await knex.schema.dropTable('menu_categories');
}
