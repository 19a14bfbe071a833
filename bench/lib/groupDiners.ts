import type { CartState, DinerClientEvents, DinerServerEvents } from '@tableside/shared';
import type { Socket } from 'socket.io-client';
import { joinTable } from './joinTable.js';
import { mapLimited } from './limited.js';
import { createSocketPool } from './loadSockets.js';
import type { GroupRestaurant } from './restaurantGroup.js';

export type DinerSocket = Socket<DinerServerEvents, DinerClientEvents>;

/** A diner who joined through the real API and holds a diner token, not yet connected. */
export interface JoinedDiner {
  /** The instance this diner's phone talks to, HTTP and socket alike. */
  url: string;
  dinerToken: string;
}

export interface GroupTable {
  /** Its place in the group's list of tables: the fan-out recorder's table number. */
  index: number;
  restaurant: GroupRestaurant;
  tableId: string;
  qrToken: string;
}

export interface JoinedTable extends GroupTable {
  diners: JoinedDiner[];
}

export interface SeatedTable extends GroupTable {
  diners: (JoinedDiner & { socket: DinerSocket })[];
}

/** What the diners' sockets received that was not theirs, as they received it. */
export interface DinerLeaks {
  /** Cart states with a line whose dish is not on the table's restaurant's menu. */
  cartLines: number;
  /** `order:placed` events whose order names another table. */
  ordersOfOtherTables: number;
}

export interface SeatedGroup {
  tables: SeatedTable[];
  /** Calls `listener` with every `cart:state` any diner receives: its table's index and version. */
  onCartState(listener: (table: number, version: number) => void): void;
  /** The order ids each table's diners heard of (`order:placed`, `order:status`), by table index. */
  ordersHeard: Set<string>[];
  leaks: DinerLeaks;
  /** Sockets the server dropped since they connected. */
  disconnects(): number;
  sockets(): number;
  close(): void;
}

/** Tables joining, or connecting their diners one after the other, at once. */
const TABLES_AT_ONCE = 32;

/**
 * Joins `dinersPerTable` diners at every table of every restaurant through
 * `POST /join`, diner d of a table on `urls[d % urls.length]` (so every
 * table's cart spans the instances), without connecting their sockets yet.
 */
export async function joinGroup(
  restaurants: GroupRestaurant[],
  urls: string[],
  dinersPerTable: number,
): Promise<JoinedTable[]> {
  const tables: GroupTable[] = restaurants
    .flatMap((restaurant) =>
      restaurant.tables.map((table) => ({ restaurant, tableId: table.id, qrToken: table.qrToken })),
    )
    .map((table, index) => ({ ...table, index }));
  return mapLimited(tables, TABLES_AT_ONCE, async (table) => {
    const diners: JoinedDiner[] = [];
    for (let d = 0; d < dinersPerTable; d++) {
      const url = urls[d % urls.length]!;
      diners.push({ url, dinerToken: await joinTable(url, table.qrToken) });
    }
    return { ...table, diners };
  });
}

/**
 * Connects every joined diner to `/diner` (WebSocket, no reconnection) and
 * waits for each one's first cart, then watches what the sockets receive for
 * anything of another table or restaurant.
 */
export async function connectGroup(joined: JoinedTable[]): Promise<SeatedGroup> {
  const pool = createSocketPool();
  const cartListeners: ((table: number, version: number) => void)[] = [];
  const ordersHeard = joined.map(() => new Set<string>());
  const leaks: DinerLeaks = { cartLines: 0, ordersOfOtherTables: 0 };
  let sockets = 0;

  function watch(table: GroupTable, socket: DinerSocket): void {
    const menu = table.restaurant.menuItemIds;
    socket.on('cart:state', (state: CartState) => {
      if (state.lines.some((line) => !menu.has(line.itemId))) leaks.cartLines++;
      for (const listener of cartListeners) listener(table.index, state.version);
    });
    socket.on('order:placed', ({ order }) => {
      if (order.table.id !== table.tableId) leaks.ordersOfOtherTables++;
      ordersHeard[table.index]!.add(order.id);
    });
    socket.on('order:status', ({ orderId }) => ordersHeard[table.index]!.add(orderId));
  }

  try {
    const tables = await mapLimited(joined, TABLES_AT_ONCE, async (table) => {
      const diners = [];
      for (const diner of table.diners) {
        const { socket } = await pool.open<CartState>(`${diner.url}/diner`, { token: diner.dinerToken }, 'cart:state');
        sockets++;
        watch(table, socket as DinerSocket);
        diners.push({ ...diner, socket: socket as DinerSocket });
      }
      return { ...table, diners };
    });
    return {
      tables,
      onCartState: (listener) => void cartListeners.push(listener),
      ordersHeard,
      leaks,
      disconnects: pool.disconnects,
      sockets: () => sockets,
      close: pool.close,
    };
  } catch (error) {
    pool.close();
    throw error;
  }
}
