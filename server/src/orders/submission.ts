import { EMPTY_CART, type Cart } from '@tableside/shared';
import type { Deps } from '../createServer.js';
import type { CartStore } from '../cart/index.js';
import { preparedAs } from '../platform/db.js';
import {
  dinerAtTableWith,
  tableWithSessionOf,
  tableWithSessionSql,
  type AuthenticatedDiner,
  type SessionPolicy,
  type TableContext,
  type TableWithSessionRow,
} from '../tables/index.js';
import { itemIdsOf, PRICING_COLUMNS, pricingOf, type PricingColumns, type PricingData } from './pricing.js';

/** What a submit is checked and priced from. */
export interface Submission extends PricingData {
  table: TableContext;
  diner: AuthenticatedDiner;
  /** The table's cart as the server holds it. */
  cart: Cart;
}

/** The table, the session, and the restaurant's rules with the cart's items: one indexed lookup and a join. */
const SUBMISSION_SQL = tableWithSessionSql(PRICING_COLUMNS);

/**
 * A submit's grounds, in two round trips: the cart from Redis, by the session
 * the diner token names; then one query for the table, that session, the
 * restaurant's rules and the cart's items. The diner is checked as on every
 * diner route (dinerAtTable: the same errors, in the same order) before any
 * of it is used. A token that is not ours reads no cart.
 */
export async function readSubmission(
  deps: Pick<Deps, 'db' | 'clock'> & { carts: CartStore },
  policy: SessionPolicy,
  qrToken: string | undefined,
  dinerToken: string | undefined,
): Promise<Submission> {
  const { table, found, ...diner } = await dinerAtTableWith(
    deps,
    policy,
    qrToken,
    dinerToken,
    async (valid, claims) => {
      const cart = claims ? await deps.carts.read(claims.sessionId) : EMPTY_CART;
      const { rows } = await deps.db
        .raw<{ rows: TableWithSessionRow<PricingColumns>[] }>(SUBMISSION_SQL, {
          qrToken: valid,
          sessionId: claims?.sessionId ?? null,
          itemIds: itemIdsOf(cart.lines),
        })
        .options(preparedAs('orders.submission'));
      const row = rows[0];
      if (!row) return undefined;
      const { rest, ...tableWithSession } = tableWithSessionOf(row);
      return { ...tableWithSession, cart, ...pricingOf(rest, tableWithSession.table.currency) };
    },
  );
  return { table, diner, cart: found.cart, restaurant: found.restaurant, items: found.items };
}
