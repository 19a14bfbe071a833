/**
 * Turns at each stock-tracked item, for the orders of this process: one
 * order at a time per item, first come first served, for the statement that
 * takes its stock and saves it (saveOrder).
 *
 * Postgres alone would let every order that wants a popular item wait on
 * its row; each commit then wakes them all, one wins, and the rest lose the
 * optimistic lock (the version moved) and try again. Queued here instead,
 * an order reaches the row when the previous one has committed: its first
 * try holds, and the orders of a busy item go in the order they came. The
 * row lock and the version check still decide between instances.
 */
export function createStockTurns() {
  /** Per item, the promise the next order waits for: the end of the last turn given out. */
  const lastTurn = new Map<string, Promise<void>>();

  async function turnAt(itemId: string): Promise<() => void> {
    const previous = lastTurn.get(itemId) ?? Promise.resolve();
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    lastTurn.set(itemId, ended);
    await previous;
    return () => {
      end();
      if (lastTurn.get(itemId) === ended) lastTurn.delete(itemId);
    };
  }

  return {
    /**
     * Waits for a turn at every item, taken in id order (as the rows are
     * updated) so that two orders never wait for each other; resolves to the
     * function that ends them all. Call it once the order has committed or
     * failed.
     */
    async wait(itemIds: readonly string[]): Promise<() => void> {
      const ends: (() => void)[] = [];
      for (const itemId of [...new Set(itemIds)].sort()) ends.push(await turnAt(itemId));
      return () => {
        for (const end of ends) end();
      };
    },
    /** Items with an order in its turn or waiting for one (for tests: every turn ends). */
    get busyItems(): number {
      return lastTurn.size;
    },
  };
}
export type StockTurns = ReturnType<typeof createStockTurns>;
