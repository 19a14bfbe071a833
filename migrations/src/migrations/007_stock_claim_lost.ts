import type { Knex } from 'knex';

/**
 * An order is saved and its stock taken in one statement (no BEGIN and COMMIT
 * round trips). When one of its optimistic-lock updates matches no row (the
 * version moved, or too little is left), the statement must not commit the
 * others: it calls this, which fails the whole statement with SQLSTATE TS409,
 * and the server re-reads the stock to answer SOLD_OUT or try again.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function stock_claim_lost() returns void language plpgsql as $$
    begin
      raise exception 'a stock claim lost its optimistic lock' using errcode = 'TS409';
    end
    $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function stock_claim_lost()');
}
