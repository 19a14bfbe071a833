import type {
  CartAck,
  CartAdd,
  CartClear,
  CartRemove,
  CartSetQuantity,
  CartState,
  CartSyncAck,
} from '../schemas/cart.js';
import type { Order, OrderStatus } from '../schemas/orders.js';
import type { Diner } from '../schemas/tables.js';

/**
 * The `/diner` namespace. Handshake: `auth: { token: dinerToken }`; a refused
 * connection's `connect_error` carries `data: { code, message }`
 * (UNAUTHENTICATED, SESSION_CLOSED).
 *
 * On connect the server sends `cart:state` (the whole cart) and the room gets
 * `table:diners`.
 */
export interface DinerClientEvents {
  'cart:add': (op: CartAdd, ack: (answer: CartAck) => void) => void;
  'cart:setQuantity': (op: CartSetQuantity, ack: (answer: CartAck) => void) => void;
  'cart:remove': (op: CartRemove, ack: (answer: CartAck) => void) => void;
  'cart:clear': (op: CartClear, ack: (answer: CartAck) => void) => void;
  /** The whole current cart: after a version gap, or whenever in doubt. */
  'cart:sync': (request: Record<string, never>, ack: (answer: CartSyncAck) => void) => void;
}

export interface TableDiner extends Diner {
  online: boolean;
}

export interface DinerServerEvents {
  /**
   * The table's cart after a change, in version order (each state's version is
   * the previous one's plus one). A jump means a state was missed: `cart:sync`.
   */
  'cart:state': (state: CartState) => void;
  /** Everyone who joined this sitting, and who has the app open right now. */
  'table:diners': (diners: TableDiner[]) => void;
  /** The sitting is over (closed by staff, idle, or the QR code was replaced); the cart is gone. */
  'table:closed': (event: { reason: string }) => void;
  /** Something diners see in the menu changed: refetch it (the ETag makes that cheap). */
  'menu:changed': (event: { version: number }) => void;
  /**
   * An order of this sitting was placed (by anyone at the table). At least
   * once: de-duplicate by `eventId`.
   */
  'order:placed': (event: { eventId: string; order: Order }) => void;
  /** An order of this sitting moved (accepted, preparing, ready, served, cancelled). At least once. */
  'order:status': (event: OrderStatusEvent) => void;
}

export interface OrderStatusEvent {
  eventId: string;
  orderId: string;
  number: number;
  status: OrderStatus;
  version: number;
  /** When the change happened (ISO 8601). */
  at: string;
}
