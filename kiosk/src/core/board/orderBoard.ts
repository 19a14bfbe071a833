import { OPEN_ORDER_STATUSES, type Order } from '@tableside/shared';

/** What one piece of news did to the board. */
export type BoardChange =
  | { kind: 'added'; order: Order }
  | { kind: 'updated'; order: Order; previous: Order }
  | { kind: 'closed'; order: Order; previous: Order | undefined }
  | { kind: 'unchanged' };

const OPEN = new Set<string>(OPEN_ORDER_STATUSES);
/** Event ids remembered for de-duplication: far more than arrive between two syncs. */
const REMEMBERED_EVENTS = 4_096;

/**
 * The restaurant's open orders as this device knows them. Postgres is the
 * truth: a sync replaces the board, pushed events are merged by version (an
 * older or equal version never overwrites a newer one), and an event seen
 * before (same id, delivered again) is ignored.
 */
export class OrderBoard {
  #orders = new Map<string, { order: Order; seq: number }>();
  #seq = 0;
  #events = new Set<string>();

  /** A point in the board's history, to pass to `replaceWith` for the sync asked now. */
  mark(): number {
    return this.#seq;
  }

  get(orderId: string): Order | undefined {
    return this.#orders.get(orderId)?.order;
  }

  orders(): Order[] {
    return [...this.#orders.values()].map((entry) => entry.order);
  }

  /** False if the event was seen before; remembers it otherwise. */
  firstSight(eventId: string): boolean {
    if (this.#events.has(eventId)) return false;
    this.#events.add(eventId);
    if (this.#events.size > REMEMBERED_EVENTS) this.#events.delete(this.#events.values().next().value!);
    return true;
  }

  /** Merges one order by version. */
  merge(order: Order): BoardChange {
    const known = this.#orders.get(order.id);
    if (known && known.order.version >= order.version) return { kind: 'unchanged' };
    if (!OPEN.has(order.status)) {
      this.#orders.delete(order.id);
      return known ? { kind: 'closed', order, previous: known.order } : { kind: 'unchanged' };
    }
    this.#orders.set(order.id, { order, seq: ++this.#seq });
    return known ? { kind: 'updated', order, previous: known.order } : { kind: 'added', order };
  }

  /**
   * Makes the board the server's list of open orders, as of a sync asked at
   * `mark`. An order missing from the list was closed meanwhile, unless news
   * of it arrived after the sync was asked (placed after the server read the list).
   */
  replaceWith(open: Order[], mark: number): BoardChange[] {
    const changes = open.map((order) => this.merge(order));
    const listed = new Set(open.map((order) => order.id));
    for (const [id, entry] of this.#orders) {
      if (listed.has(id) || entry.seq > mark) continue;
      this.#orders.delete(id);
      changes.push({ kind: 'closed', order: entry.order, previous: entry.order });
    }
    return changes.filter((change) => change.kind !== 'unchanged');
  }
}
