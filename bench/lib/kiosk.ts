import { createHash, randomInt } from 'node:crypto';
import type { KitchenClientEvents, KitchenServerEvents, PairDeviceResponse } from '@tableside/shared';
import { io, type Socket } from 'socket.io-client';
import { queryBenchDatabase } from './benchDatabase.js';
import { DEMO_SLUG } from './cartFixtures.js';

/** One `kitchen:order` as the kiosk received it. */
export interface KitchenReceipt {
  eventId: string;
  orderId: string;
  /** The order's `createdAt` (Postgres's now() in its transaction), epoch ms. */
  createdAt: number;
  /** When it arrived: performance.now() ms, and epoch ms to compare with `createdAt`. */
  receivedAt: number;
  receivedAtEpochMs: number;
}

export interface ConnectedKiosk {
  /** Every `kitchen:order` received, duplicates included, in arrival order. */
  receipts: KitchenReceipt[];
  /** Whether the server dropped the socket since it connected. */
  dropped(): boolean;
  close(): void;
}

const CONNECT_TIMEOUT_MS = 15_000;

/**
 * Pairs a kitchen device with the demo restaurant through the real API: a
 * pairing code is stored as the owner's "new code" button stores it (the
 * SHA-256 of the code without its dash), then `POST /api/v1/kitchen/pair`
 * trades it for the device token.
 */
export async function pairKiosk(url: string): Promise<string> {
  const code = `BENCH${String(randomInt(1000)).padStart(3, '0')}`;
  await queryBenchDatabase(
    `insert into kitchen_pairing_codes (restaurant_id, code_hash, expires_at)
     select id, $2, now() + interval '10 minutes' from restaurants where slug = $1`,
    [DEMO_SLUG, createHash('sha256').update(code).digest('hex')],
  );
  const response = await fetch(`${url}/api/v1/kitchen/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: `${code.slice(0, 4)}-${code.slice(4)}`, deviceName: 'Bench pass' }),
  });
  const body = await response.text();
  if (response.status !== 201) throw new Error(`pairing answered ${response.status}: ${body.slice(0, 300)}`);
  return (JSON.parse(body) as PairDeviceResponse).token;
}

/** Connects a paired kiosk to `${url}/kitchen` (WebSocket, no reconnection) and records every new order pushed. */
export async function connectKiosk(url: string, token: string): Promise<ConnectedKiosk> {
  const socket: Socket<KitchenServerEvents, KitchenClientEvents> = io(`${url}/kitchen`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const receipts: KitchenReceipt[] = [];
  let dropped = false;
  socket.on('kitchen:order', ({ eventId, order }) =>
    receipts.push({
      eventId,
      orderId: order.id,
      createdAt: Date.parse(order.createdAt),
      receivedAt: performance.now(),
      receivedAtEpochMs: Date.now(),
    }),
  );
  socket.on('disconnect', (reason) => {
    if (reason !== 'io client disconnect') dropped = true;
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the kiosk could not connect to ${url}/kitchen`)),
        CONNECT_TIMEOUT_MS,
      );
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('connect_error', (error) => {
        clearTimeout(timer);
        reject(new Error(`${url}/kitchen refused the kiosk: ${error.message}`, { cause: error }));
      });
    });
  } catch (error) {
    socket.close();
    throw error;
  }
  return { receipts, dropped: () => dropped, close: () => socket.close() };
}
