import type { Order } from '../schemas/orders.js';

/**
 * The `/staff` namespace, for the owner app. The handshake is authenticated by
 * the same session cookie as the admin API (sent by the browser). Every order
 * event of the restaurant arrives here, at least once: de-duplicate by
 * `eventId`; after a reconnect, re-read open orders from the API.
 */
export interface StaffServerEvents {
  'order:placed': (event: { eventId: string; order: Order }) => void;
  'order:updated': (event: { eventId: string; order: Order }) => void;
}

export type StaffClientEvents = Record<string, never>;
