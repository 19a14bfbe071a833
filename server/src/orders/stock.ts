import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from '../platform/db.js';
import { appError } from '../platform/errors.js';

export interface StockClaim {
  itemId: string;
  name: string;
  quantity: number;
}

/**
 * A claim of the order's statement (saveOrder) found its row changed since
 * it was read, or short: the statement saved and took nothing.
 */
export class StockClaimLost extends Error {
  constructor() {
    super('a stock claim lost its optimistic lock');
  }
}

export interface StockLockOptions {
  /** Tries in all, the first included, before STOCK_CONTENDED. */
  retryLimit: number;
  onRetry?: () => void;
}

/** The longest pause between two tries, ms; the pause is random up to 2^try ms below it. */
const MAX_BACKOFF_MS = 50;

/**
 * Runs `save` (which takes the claims with an optimistic lock, all or none)
 * until it holds. When it loses, the claims' rows are read again: fewer
 * units left than claimed is SOLD_OUT, naming the item and what is left;
 * otherwise another writer only moved the version, and `save` runs again
 * after a short jittered pause, so a conflict never turns into a false
 * SOLD_OUT. After `retryLimit` tries: STOCK_CONTENDED.
 */
export async function withStockLock<T>(
  db: Knex,
  restaurantId: string,
  claims: StockClaim[],
  options: StockLockOptions,
  save: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await save();
    } catch (error) {
      if (!(error instanceof StockClaimLost)) throw error;
    }
    const left = await readStock(db, restaurantId, claims);
    // An item deleted or no longer tracked since has nothing to take (undefined or null): not short.
    const short = claims.find((claim) => (left.get(claim.itemId) ?? Infinity) < claim.quantity);
    if (short) throw soldOut(short, left.get(short.itemId)!);
    if (attempt >= options.retryLimit) {
      throw appError('STOCK_CONTENDED', undefined, 'So many orders at once! Please try again.');
    }
    options.onRetry?.();
    await sleep(Math.random() * Math.min(MAX_BACKOFF_MS, 2 ** attempt));
  }
}

/** The claims' items' stock now (null: not tracked), by item id. */
async function readStock(db: Knex, restaurantId: string, claims: StockClaim[]): Promise<Map<string, number | null>> {
  const rows = await db('menu_items')
    .where({ restaurant_id: restaurantId })
    .whereIn(
      'id',
      claims.map((claim) => claim.itemId),
    )
    .select<{ id: string; stock: number | null }[]>('id', 'stock');
  return new Map(rows.map((row) => [row.id, row.stock]));
}

/** SOLD_OUT for a claim of which only `left` units remain. */
export function soldOut(claim: StockClaim, left: number) {
  return appError(
    'SOLD_OUT',
    { itemId: claim.itemId, name: claim.name, left },
    left === 0
      ? `Sorry, ${claim.name} just sold out.`
      : `Sorry, only ${left} × ${claim.name} left. Lower the quantity to order.`,
  );
}
