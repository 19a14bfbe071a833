import type { Knex } from 'knex';

/**
 * What the diner's cart showed for a line, next to what was charged: when the
 * menu price changed between adding and ordering, the order says so.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('order_items', (t) => {
    t.integer('cart_unit_price_cents');
  });
  await knex.raw('alter table order_items add constraint order_items_cart_price check (cart_unit_price_cents >= 0)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('order_items', (t) => {
    t.dropColumn('cart_unit_price_cents');
  });
}
