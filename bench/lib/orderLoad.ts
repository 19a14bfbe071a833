import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  CartAck,
  CartState,
  DinerClientEvents,
  DinerServerEvents,
  ErrorBody,
  PlaceOrderResponse,
} from '@tableside/shared';
import type { Socket } from 'socket.io-client';
import { joinTable } from './joinTable.js';
import { mapLimited } from './limited.js';
import { createSocketPool } from './loadSockets.js';
import type { OrderPoster } from './orderRequests.js';

type DinerSocket = Socket<DinerServerEvents, DinerClientEvents>;

/** One phone at its own table, its cart socket kept open. */
export interface OrderingDiner {
  qrToken: string;
  dinerToken: string;
  socket: DinerSocket;
}

export interface SeatedDiners {
  diners: OrderingDiner[];
  /** Sockets the server dropped since they connected. */
  disconnects(): number;
  close(): void;
}

export type OrderOutcome = 'placed' | 'soldOut' | 'failed';

/** One cart filled and submitted, as the diner saw it. */
export interface OrderAttempt {
  diner: number;
  outcome: OrderOutcome;
  /** performance.now() when the POST went out; NaN when the cart could not be filled and nothing was sent. */
  sentAt: number;
  /** performance.now() when the POST's answer was complete (or the refusing cart ack came). */
  answeredAt: number;
  /** The POST's HTTP status; 0 when none was sent or none came. */
  status: number;
  /** What refused or failed: an error code (`SOLD_OUT`, `cart:add SOLD_OUT`, `503 STOCK_CONTENDED`) or a reason. */
  error?: string;
  /** The first words of the refusal's message, for the report. */
  message?: string;
  orderId?: string;
  /** The order's `createdAt` (Postgres's now() in its transaction), epoch ms. */
  createdAt?: number;
}

export interface OrderRun {
  /** The dishes of diner `diner`'s next cart, one unit of each. */
  dishes(diner: number): string[];
  /** performance.now() after which no diner starts another cart. */
  until: number;
  /** A diner stops at its first SOLD_OUT: the race for an item's last units. */
  stopOnSoldOut?: boolean;
}

const ACK_TIMEOUT_MS = 10_000;
const SEATING_CONCURRENCY = 16;

/** Seats one diner at each table through the real API: POST /join, then the `/diner` socket, kept open. */
export async function seatOrderingDiners(url: string, qrTokens: string[]): Promise<SeatedDiners> {
  const pool = createSocketPool();
  try {
    const diners = await mapLimited(qrTokens, SEATING_CONCURRENCY, async (qrToken) => {
      const dinerToken = await joinTable(url, qrToken);
      const { socket } = await pool.open<CartState>(`${url}/diner`, { token: dinerToken }, 'cart:state');
      return { qrToken, dinerToken, socket: socket as DinerSocket };
    });
    return { diners, disconnects: pool.disconnects, close: pool.close };
  } catch (error) {
    pool.close();
    throw error;
  }
}

type Answered = (error: Error | null, answer: CartAck) => void;

/** Resolves to a cart op's ack, or undefined if none came in time. */
function acked(emit: (answered: Answered) => void): Promise<CartAck | undefined> {
  return new Promise((resolve) => emit((error, answer) => resolve(error ? undefined : answer)));
}

function refusal(body: string): { code: string; message: string } {
  try {
    const { error } = JSON.parse(body) as ErrorBody;
    return { code: error.code, message: error.message };
  } catch {
    return { code: 'unreadable answer', message: body.slice(0, 120) };
  }
}

/** An attempt that ended before its POST was sent, or without one. */
function unsent(diner: number, outcome: OrderOutcome, error: string, message?: string): OrderAttempt {
  return { diner, outcome, sentAt: NaN, answeredAt: performance.now(), status: 0, error, message };
}

/** Fills the diner's cart with one unit of each dish, then submits it; only the POST is timed. */
async function orderOnce(
  diner: OrderingDiner,
  index: number,
  dishes: string[],
  poster: OrderPoster,
): Promise<OrderAttempt> {
  let cartVersion = -1;
  for (const itemId of dishes) {
    const ack = await acked((answered) =>
      diner.socket
        .timeout(ACK_TIMEOUT_MS)
        .emit('cart:add', { opId: randomUUID(), itemId, quantity: 1, optionIds: [] }, answered),
    );
    if (!ack) return unsent(index, 'failed', 'cart:add unanswered');
    if (!ack.ok) {
      const outcome = ack.error.code === 'SOLD_OUT' ? 'soldOut' : 'failed';
      return unsent(index, outcome, `cart:add ${ack.error.code}`, ack.error.message);
    }
    cartVersion = ack.version;
  }
  const sentAt = performance.now();
  const answer = await poster.post(diner.qrToken, diner.dinerToken, cartVersion);
  const answeredAt = performance.now();
  const attempt: OrderAttempt = { diner: index, outcome: 'failed', sentAt, answeredAt, status: answer.status };
  if (answer.status === 201) {
    const { order } = JSON.parse(answer.body) as PlaceOrderResponse;
    return { ...attempt, outcome: 'placed', orderId: order.id, createdAt: Date.parse(order.createdAt) };
  }
  if (answer.status === 0) return { ...attempt, error: 'no answer', message: answer.body };
  const { code, message } = refusal(answer.body);
  return {
    ...attempt,
    outcome: code === 'SOLD_OUT' ? 'soldOut' : 'failed',
    error: `${answer.status} ${code}`,
    message,
  };
}

/**
 * Closed loop: every diner fills its cart (three `cart:add` over its socket),
 * submits it, and starts again at once, until `run.until`. A cart that was
 * not ordered is cleared before the next one. Resolves to every attempt, once
 * the last answer is in; never rejects (what goes wrong is an attempt that failed).
 */
export async function driveOrders(
  diners: OrderingDiner[],
  poster: OrderPoster,
  run: OrderRun,
): Promise<OrderAttempt[]> {
  const attempts: OrderAttempt[] = [];
  async function loop(diner: OrderingDiner, index: number): Promise<void> {
    while (performance.now() < run.until) {
      const attempt = await orderOnce(diner, index, run.dishes(index), poster).catch((error: unknown) =>
        unsent(index, 'failed', 'load generator error', String(error)),
      );
      attempts.push(attempt);
      if (attempt.outcome === 'placed') continue;
      const cleared = await acked((answered) =>
        diner.socket.timeout(ACK_TIMEOUT_MS).emit('cart:clear', { opId: randomUUID() }, answered),
      );
      if (!cleared?.ok) {
        attempts.push(unsent(index, 'failed', `cart:clear ${cleared ? cleared.error.code : 'unanswered'}`));
        return;
      }
      if (attempt.outcome === 'soldOut' && run.stopOnSoldOut) return;
    }
  }
  await Promise.all(diners.map(loop));
  return attempts;
}

export interface OrderTiming {
  /** Orders placed first and not counted, so the JIT, pools and caches are warm. */
  warmupSeconds: number;
  durationSeconds: number;
}

export interface MeasuredOrders<Meters> {
  attempts: OrderAttempt[];
  /** The measured window, in performance.now() ms: POSTs sent inside it count. */
  window: { start: number; end: number };
  /** What the meters measured over the window. */
  meters: Meters;
  /** How late the generator's own event loop ran in the window, p99 ms: when high, the clients measure themselves. */
  generatorDelayP99: number;
}

/** The event-loop delay histogram's timer period, which every sample includes. */
const DELAY_RESOLUTION_MS = 10;

/** Runs the closed loop for a warm-up and a measured window, over which `startMeters` measures (CPU, say). */
export async function measureOrders<Meters>(
  seated: SeatedDiners,
  poster: OrderPoster,
  dishes: OrderRun['dishes'],
  timing: OrderTiming,
  startMeters: () => Promise<{ stop(): Promise<Meters> }>,
): Promise<MeasuredOrders<Meters>> {
  const startedAt = performance.now();
  const window = {
    start: startedAt + timing.warmupSeconds * 1000,
    end: startedAt + (timing.warmupSeconds + timing.durationSeconds) * 1000,
  };
  const driving = driveOrders(seated.diners, poster, { dishes, until: window.end });
  await sleep(window.start - performance.now());
  const meters = await startMeters();
  const delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  delay.enable();
  await sleep(window.end - performance.now());
  delay.disable();
  const measured = await meters.stop();
  return {
    attempts: await driving,
    window,
    meters: measured,
    generatorDelayP99: Math.max(0, delay.percentile(99) / 1e6 - DELAY_RESOLUTION_MS),
  };
}
