import { randomInt, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CartAck, ErrorBody, PlaceOrderResponse } from '@tableside/shared';
import type { FanoutRecorder } from './fanoutRecorder.js';
import type { SeatedTable } from './groupDiners.js';
import type { OrderAttempt } from './orderLoad.js';
import type { OrderPoster } from './orderRequests.js';

export interface TableOrderOptions {
  /** One poster per instance URL: a diner's POST goes to the instance its phone talks to. */
  posters: Map<string, OrderPoster>;
  /** Every cart op is timed to the moment the last diner of the table has its state. */
  recorder: FanoutRecorder;
  /** The share of orders in which the first diner asks for the restaurant's special. */
  specialShare: number;
}

const ACK_TIMEOUT_MS = 10_000;
const TICK_MS = 2;
/** A submit that got no answer, or a 503, is sent again with its key, as the PWA does, this many times in all. */
const SUBMIT_TRIES = 3;
const SUBMIT_RETRY_MS = 1_000;

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

/**
 * One table's order as its diners place it: all four add a dish to the shared
 * cart at once (the first one the special, in some orders; a dish of the menu
 * instead once it is sold out), then one of them submits the cart at the
 * version the adds reached. A cart that was not ordered is cleared. Only the
 * POST is timed as the order; every add is timed as a cart fan-out.
 */
export function createTableOrders(options: TableOrderOptions) {
  const { posters, recorder, specialShare } = options;

  async function add(table: SeatedTable, diner: number, itemId: string): Promise<CartAck | undefined> {
    const sentAt = performance.now();
    const ack = await acked((answered) =>
      table.diners[diner]!.socket.timeout(ACK_TIMEOUT_MS).emit(
        'cart:add',
        { opId: randomUUID(), itemId, quantity: 1, optionIds: [] },
        answered,
      ),
    );
    // A refused add changes no cart: only the others are matched to the states they cause.
    if (!ack || ack.ok) recorder.opSent(table.index, sentAt)(ack);
    return ack;
  }

  async function addDish(table: SeatedTable, diner: number, special: boolean) {
    const dishes = table.restaurant.dishIds;
    const ack = await add(table, diner, special ? table.restaurant.specialId : dishes[randomInt(dishes.length)]!);
    if (ack && !ack.ok && ack.error.code === 'SOLD_OUT' && special) return addDish(table, diner, false);
    return ack;
  }

  function unsent(table: SeatedTable, error: string, message?: string): OrderAttempt {
    return {
      diner: table.index,
      outcome: 'failed',
      sentAt: NaN,
      answeredAt: performance.now(),
      status: 0,
      error,
      message,
    };
  }

  /** Timed from the first send to the answer that settled it. */
  async function submit(table: SeatedTable, cartVersion: number): Promise<OrderAttempt> {
    const diner = table.diners[randomInt(table.diners.length)]!;
    const poster = posters.get(diner.url)!;
    const idempotencyKey = randomUUID();
    const sentAt = performance.now();
    let answer = await poster.post(table.qrToken, diner.dinerToken, cartVersion, idempotencyKey);
    for (let tries = 1; tries < SUBMIT_TRIES && (answer.status === 0 || answer.status === 503); tries++) {
      await sleep(SUBMIT_RETRY_MS);
      answer = await poster.post(table.qrToken, diner.dinerToken, cartVersion, idempotencyKey);
    }
    const answeredAt = performance.now();
    const attempt: OrderAttempt = { diner: table.index, outcome: 'failed', sentAt, answeredAt, status: answer.status };
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

  async function clear(table: SeatedTable): Promise<string | undefined> {
    const cleared = await acked((answered) =>
      table.diners[0]!.socket.timeout(ACK_TIMEOUT_MS).emit('cart:clear', { opId: randomUUID() }, answered),
    );
    return cleared?.ok ? undefined : `cart:clear ${cleared ? cleared.error.code : 'unanswered'}`;
  }

  return {
    /**
     * Resolves to the attempt (and a failed clear after it, if any); never
     * rejects. A submit that never got an answer may still commit, and then
     * clear the cart: its table is left as it is, and orders no more.
     */
    async place(table: SeatedTable): Promise<OrderAttempt[]> {
      const special = Math.random() < specialShare;
      const acks = await Promise.all(table.diners.map((_, d) => addDish(table, d, special && d === 0)));
      const versions = acks.flatMap((ack) => (ack?.ok ? [ack.version] : []));
      const refused = acks.find((ack) => ack?.ok === false);
      const attempt =
        versions.length < acks.length
          ? unsent(table, refused?.ok === false ? `cart:add ${refused.error.code}` : 'cart:add unanswered')
          : await submit(table, Math.max(...versions));
      if (attempt.outcome === 'placed' || attempt.error === 'no answer') return [attempt];
      const failedClear = await clear(table);
      return failedClear ? [attempt, unsent(table, failedClear)] : [attempt];
    },
  };
}

export type TableOrders = ReturnType<typeof createTableOrders>;

/** The tables in turns: the first table of every restaurant, then the second of every one, and so on. */
function interleaved(tables: SeatedTable[]): SeatedTable[] {
  const turn = new Map<string, number>();
  const numbered = tables.map((table) => {
    const n = turn.get(table.restaurant.id) ?? 0;
    turn.set(table.restaurant.id, n + 1);
    return { table, n };
  });
  return numbered.sort((a, b) => a.n - b.n).map(({ table }) => table);
}

/**
 * Open loop over the tables: starts an order every 1/rate s on its own
 * schedule, whatever the earlier ones are doing, at the table that has been
 * idle longest (a table's cart holds one order at a time), the restaurants
 * taking turns. The rate can be changed at any time; 0 pauses. An attempt's
 * `diner` is its table's index.
 */
export function createOrderScheduler(tables: SeatedTable[], orders: TableOrders) {
  const idle = interleaved(tables);
  const attempts: OrderAttempt[] = [];
  const inFlight = new Map<Promise<void>, number>();
  /** performance.now() of every order that could not start: no table was idle. */
  const skipped: number[] = [];
  /** Tables whose submit never got an answer (see `place`). */
  const retired = new Set<number>();
  let rate = 0;
  let due = 0;
  let running = true;

  function start(at: number): void {
    const table = idle.shift();
    if (!table) {
      skipped.push(at);
      return;
    }
    const placing = orders
      .place(table)
      .then((made) => {
        attempts.push(...made);
        if (made.some((attempt) => attempt.error === 'no answer')) retired.add(table.index);
      })
      .catch((error: unknown) => {
        attempts.push({
          diner: table.index,
          outcome: 'failed',
          sentAt: NaN,
          answeredAt: performance.now(),
          status: 0,
          error: 'load generator error',
          message: String(error),
        });
      })
      .finally(() => {
        inFlight.delete(placing);
        if (!retired.has(table.index)) idle.push(table);
      });
    inFlight.set(placing, at);
  }

  const driving = (async () => {
    while (running) {
      const now = performance.now();
      if (rate > 0) for (; due <= now; due += 1000 / rate) start(due);
      await sleep(TICK_MS);
    }
  })();

  return {
    attempts,
    skipped,
    retired,
    setRate(perSecond: number): void {
      if (rate === 0) due = performance.now();
      rate = perSecond;
    },
    /** Resolves once every order started before `at` (performance.now()) has settled. */
    async settledBefore(at: number): Promise<void> {
      await Promise.all([...inFlight].filter(([, startedAt]) => startedAt < at).map(([placing]) => placing));
    },
    async stop(): Promise<void> {
      rate = 0;
      running = false;
      await driving;
      await Promise.all(inFlight.keys());
    },
  };
}
