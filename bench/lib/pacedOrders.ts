import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CartAck, PlaceOrderResponse } from '@tableside/shared';
import type { OrderingDiner } from './orderLoad.js';
import type { OrderPoster } from './orderRequests.js';

/** An order a diner placed, with what the benchmark times it from. */
export interface PlacedOrder {
  orderId: string;
  number: number;
  /** The order's `createdAt`: its transaction's start on Postgres's clock, epoch ms (before the commit). */
  createdAt: number;
  /** Date.now() when the 201 was complete (after the commit). */
  answeredAt: number;
}

const ACK_TIMEOUT_MS = 10_000;

/** Puts `dishes` (one unit each) in the diner's cart over its socket, then submits it. */
export async function placeOne(diner: OrderingDiner, poster: OrderPoster, dishes: string[]): Promise<PlacedOrder> {
  let cartVersion = 0;
  for (const itemId of dishes) {
    const ack = await new Promise<CartAck>((resolve, reject) =>
      diner.socket
        .timeout(ACK_TIMEOUT_MS)
        .emit('cart:add', { opId: randomUUID(), itemId, quantity: 1, optionIds: [] }, (error, answer) =>
          error ? reject(error) : resolve(answer),
        ),
    );
    if (!ack.ok) throw new Error(`cart:add ${ack.error.code}`);
    cartVersion = ack.version;
  }
  const answer = await poster.post(diner.qrToken, diner.dinerToken, cartVersion);
  const answeredAt = Date.now();
  if (answer.status !== 201) throw new Error(`POST .../orders answered ${answer.status}: ${answer.body.slice(0, 200)}`);
  const { order } = JSON.parse(answer.body) as PlaceOrderResponse;
  return { orderId: order.id, number: order.number, createdAt: Date.parse(order.createdAt), answeredAt };
}

/**
 * Open loop: starts an order every 1/perSecond s on its own schedule, whatever
 * the earlier ones are doing, each by a diner not busy with one (a table's
 * cart holds one order at a time). Resolves once every order was answered.
 */
export async function placeAtRate(
  diners: OrderingDiner[],
  poster: OrderPoster,
  options: { perSecond: number; count: number; dishes(): string[] },
): Promise<{ placed: PlacedOrder[]; failures: string[] }> {
  const idle = [...diners];
  const placed: PlacedOrder[] = [];
  const failures: string[] = [];
  const running: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < options.count; i++) {
    await sleep(Math.max(0, start + (i * 1000) / options.perSecond - performance.now()));
    const diner = idle.shift();
    if (!diner) {
      failures.push('no idle diner: the server fell behind the rate');
      continue;
    }
    running.push(
      placeOne(diner, poster, options.dishes())
        .then((order) => void placed.push(order))
        .catch((error: unknown) => void failures.push(String(error)))
        .finally(() => idle.push(diner)),
    );
  }
  await Promise.all(running);
  return { placed, failures };
}
