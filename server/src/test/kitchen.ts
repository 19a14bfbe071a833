import { randomUUID } from 'node:crypto';
import type {
  KitchenClientEvents,
  KitchenOrderEvent,
  KitchenServerEvents,
  PairDeviceResponse,
} from '@tableside/shared';
import { io, type Socket } from 'socket.io-client';
import { hashPairingCode } from '../kitchen/index.js';
import type { Knex } from '../platform/db.js';
import { json } from './http.js';

/** A pairing code for a restaurant, as the owner's "new code" button makes one. */
export async function newPairingCode(db: Knex, restaurantId: string, expiresInMs = 600_000): Promise<string> {
  const code = randomUUID()
    .replace(/-/g, '')
    .toUpperCase()
    .replace(/[ILOU]/g, '7')
    .slice(0, 8);
  await db('kitchen_pairing_codes').insert({
    restaurant_id: restaurantId,
    code_hash: hashPairingCode(code),
    expires_at: new Date(Date.now() + expiresInMs),
  });
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export async function pairKiosk(baseUrl: string, db: Knex, restaurantId: string): Promise<PairDeviceResponse> {
  const code = await newPairingCode(db, restaurantId);
  const response = await fetch(`${baseUrl}/api/v1/kitchen/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, deviceName: 'Pass' }),
  });
  if (response.status !== 201) throw new Error(`pairing failed: ${response.status} ${await response.text()}`);
  return json<PairDeviceResponse>(response);
}

/** A kitchen device's socket, recording what the server pushes. */
export interface ConnectedKiosk {
  socket: Socket<KitchenServerEvents, KitchenClientEvents>;
  orders: KitchenOrderEvent[];
  updates: KitchenOrderEvent[];
  send(event: keyof KitchenClientEvents, payload: unknown): Promise<{ ok: boolean; [key: string]: unknown }>;
  close(): void;
}

export async function connectKiosk(baseUrl: string, token: string): Promise<ConnectedKiosk> {
  const socket: ConnectedKiosk['socket'] = io(`${baseUrl}/kitchen`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const kiosk: ConnectedKiosk = {
    socket,
    orders: [],
    updates: [],
    send: (event, payload) =>
      new Promise((resolve) =>
        (socket.emit as (event: string, payload: unknown, ack: (answer: never) => void) => void)(
          event,
          payload,
          resolve,
        ),
      ),
    close: () => socket.close(),
  };
  socket.on('kitchen:order', (event) => kiosk.orders.push(event));
  socket.on('kitchen:orderUpdated', (event) => kiosk.updates.push(event));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(Object.assign(error, { data: (error as { data?: unknown }).data })));
  });
  return kiosk;
}
