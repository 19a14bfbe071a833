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
  /** With `ack`: acks the server still refused or left unanswered after retries, and the first refusal. */
  ackFailures(): { count: number; first?: string };
  close(): void;
}

export interface KioskOptions {
  /** Ack every new order (`kitchen:ack`), as a kiosk does once it has shown and printed it. */
  ack?: boolean;
}

const CONNECT_TIMEOUT_MS = 15_000;
const ACK_TIMEOUT_MS = 10_000;
const ACK_TRIES = 5;
const ACK_RETRY_MS = 1_000;

/** The letters and digits a pairing code may hold (Crockford base32). */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Pairs a kitchen device with a restaurant (the demo one unless `slug` names
 * another) through the real API: a pairing code is stored as the owner's "new
 * code" button stores it (the SHA-256 of the code without its dash), then
 * `POST /api/v1/kitchen/pair` trades it for the device token. The code is
 * random enough for many kiosks to pair in one run.
 */
export async function pairKiosk(url: string, slug: string = DEMO_SLUG): Promise<string> {
  const code = `B${Array.from({ length: 7 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')}`;
  await queryBenchDatabase(
    `insert into kitchen_pairing_codes (restaurant_id, code_hash, expires_at)
     select id, $2, now() + interval '10 minutes' from restaurants where slug = $1`,
    [slug, createHash('sha256').update(code).digest('hex')],
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
export async function connectKiosk(url: string, token: string, options: KioskOptions = {}): Promise<ConnectedKiosk> {
  const socket: Socket<KitchenServerEvents, KitchenClientEvents> = io(`${url}/kitchen`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const receipts: KitchenReceipt[] = [];
  let dropped = false;
  let closed = false;
  const ackFailures: { count: number; first?: string } = { count: 0 };
  socket.on('kitchen:order', ({ eventId, order }) => {
    receipts.push({
      eventId,
      orderId: order.id,
      createdAt: Date.parse(order.createdAt),
      receivedAt: performance.now(),
      receivedAtEpochMs: Date.now(),
    });
    if (options.ack) ackOrder(order.id, 1);
  });
  // As the kiosk's ack queue does: an ack that failed is sent again (it is idempotent), a few times here.
  function ackOrder(orderId: string, attempt: number): void {
    if (closed) return;
    socket.timeout(ACK_TIMEOUT_MS).emit('kitchen:ack', { orderId }, (error, answer) => {
      const refused = error ? 'kitchen:ack unanswered' : answer.ok ? undefined : `kitchen:ack ${answer.error.code}`;
      if (!refused || closed) return;
      if (attempt < ACK_TRIES) {
        setTimeout(() => ackOrder(orderId, attempt + 1), ACK_RETRY_MS);
        return;
      }
      ackFailures.count++;
      ackFailures.first ??= refused;
    });
  }
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
  return {
    receipts,
    dropped: () => dropped,
    ackFailures: () => ackFailures,
    close() {
      closed = true;
      socket.close();
    },
  };
}
