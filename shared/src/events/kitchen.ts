import type { KitchenAck, KitchenBump, KitchenRecall, KitchenSyncAck, OrderChangeAck } from '../schemas/kitchen.js';
import type { Order } from '../schemas/orders.js';

/**
 * The `/kitchen` namespace, for paired kitchen devices. Handshake:
 * `auth: { token: deviceToken }`; a revoked or unknown token is refused with
 * `connect_error` data `{ code: 'UNAUTHENTICATED' }`, and a device revoked
 * while connected is disconnected.
 *
 * Postgres is the truth: on every (re)connect a kiosk calls `kitchen:sync` and
 * replaces its open orders with the answer. Pushed events are at least once:
 * de-duplicate by `eventId`, and keep an order only if its `version` is newer.
 */
export interface KitchenClientEvents {
  /** Every open order of the restaurant (placed, accepted, preparing, ready), oldest first. */
  'kitchen:sync': (request: Record<string, never>, ack: (answer: KitchenSyncAck) => void) => void;
  /** This device has the order (shown and printed): records the ack and moves `placed → accepted`. Idempotent. */
  'kitchen:ack': (request: KitchenAck, ack: (answer: OrderChangeAck) => void) => void;
  /** Moves an order forward (`accepted → preparing → ready → served`), if it is still at `expectedVersion`. */
  'kitchen:bump': (request: KitchenBump, ack: (answer: OrderChangeAck) => void) => void;
  /** Moves `ready` or `served` one step back, if it is still at `expectedVersion`. */
  'kitchen:recall': (request: KitchenRecall, ack: (answer: OrderChangeAck) => void) => void;
}

export interface KitchenOrderEvent {
  /** The outbox id: the same event delivered twice carries the same id. */
  eventId: string;
  order: Order;
}

export interface KitchenServerEvents {
  /** A new order. */
  'kitchen:order': (event: KitchenOrderEvent) => void;
  /** An order changed elsewhere (another device, the owner, a cancellation). */
  'kitchen:orderUpdated': (event: KitchenOrderEvent) => void;
}
