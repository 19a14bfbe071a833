import type { Knex } from 'knex';

/**
 * One order per cart. Two diners of a table who confirm the same cart at the
 * same moment, each phone with its own Idempotency-Key, must not send the
 * kitchen the same food twice. An order records which cart it was, as the
 * server read it: a hash of its version and its lines' ids and quantities.
 * The second submit of that cart hits this index and is answered with the
 * first order. The version alone would not do: a cart Redis lost starts
 * again at version 0, but its new lines have new ids.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('orders', (t) => {
    t.text('cart_fingerprint');
  });
  await knex.raw(
    'create unique index orders_session_id_cart_fingerprint_unique on orders (session_id, cart_fingerprint)',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index orders_session_id_cart_fingerprint_unique');
  await knex.schema.alterTable('orders', (t) => {
    t.dropColumn('cart_fingerprint');
  });
}
