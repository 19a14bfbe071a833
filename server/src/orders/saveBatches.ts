import type { Knex } from '../platform/db.js';
import { AppError } from '../platform/errors.js';
import { saveOrders, SubmitAlreadySaved, type OrderToSave, type SavedOrder } from './saveOrder.js';
import { StockClaimLost, withStockLock, type StockLockOptions } from './stock.js';

export interface SaveBatchOptions {
  /** The most orders one statement saves. */
  maxBatch: number;
  /** Each order's optimistic lock, when it is saved on its own. */
  lock: StockLockOptions;
}

interface Waiting {
  order: OrderToSave;
  resolve(saved: SavedOrder): void;
  reject(error: unknown): void;
}

/**
 * The orders of this process, saved in batches: one save statement in flight
 * at a time, and every order that became ready meanwhile goes in the next
 * one, first come first served. A batch is one round trip and one commit for
 * all its orders, and a popular item's row is updated once per batch.
 *
 * Without it, orders that all want one item queue on its row: each waits for
 * the last one's commit, and Postgres, whose commit wakes them all, lets one
 * win while the others lose the optimistic lock and come back for another
 * try. Batched, they share the commit instead of queueing for it.
 *
 * A batch is all or nothing. When it cannot be saved whole (a claim lost its
 * optimistic lock or found too little, an order was already saved, an item
 * was just deleted), each of its orders is saved on its own, with its own
 * optimistic lock and answer (withStockLock): exactly as if it had come
 * alone. Any other failure (Postgres away) is every order's answer.
 */
export function createSaveBatches(db: Knex, options: SaveBatchOptions) {
  let queue: Waiting[] = [];
  let flying = false;

  async function saveAlone({ order, resolve, reject }: Waiting): Promise<void> {
    try {
      resolve(
        await withStockLock(db, order.restaurantId, order.claims, options.lock, () =>
          retryOnDeadlock(async () => (await saveOrders(db, [order]))[0]!),
        ),
      );
    } catch (error) {
      reject(error);
    }
  }

  async function saveBatch(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) return saveAlone(batch[0]!);
    try {
      const saved = await retryOnDeadlock(() =>
        saveOrders(
          db,
          batch.map((waiting) => waiting.order),
        ),
      );
      batch.forEach((waiting, index) => waiting.resolve(saved[index]!));
      return;
    } catch (error) {
      if (!isOneOrdersProblem(error)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      if (error instanceof StockClaimLost) options.lock.onRetry?.();
    }
    for (const waiting of batch) await saveAlone(waiting);
  }

  async function fly(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, options.maxBatch);
      queue = queue.slice(batch.length);
      await saveBatch(batch);
    }
    flying = false;
  }

  return {
    /** Saves the order, with others of the moment; rejects as saveOrders would for this order alone. */
    save(order: OrderToSave): Promise<SavedOrder> {
      return new Promise((resolve, reject) => {
        queue.push({ order, resolve, reject });
        if (!flying) {
          flying = true;
          void fly();
        }
      });
    },
  };
}
export type SaveBatches = ReturnType<typeof createSaveBatches>;

/** A failure that one order of a batch can cause, and that saving each alone sorts out. */
function isOneOrdersProblem(error: unknown): boolean {
  return (
    error instanceof StockClaimLost ||
    error instanceof SubmitAlreadySaved ||
    (error instanceof AppError && error.code === 'ITEM_UNAVAILABLE')
  );
}

const DEADLOCK = '40P01';

/**
 * Postgres breaks a lock cycle (with another instance's statement) by failing
 * one of them; that statement saved nothing, so it is simply run again (a
 * few times at most).
 */
async function retryOnDeadlock<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK || attempt >= attempts) throw error;
    }
  }
}
