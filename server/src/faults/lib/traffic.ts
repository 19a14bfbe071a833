import { randomUUID } from 'node:crypto';
import {
  isRetryable,
  type CartAck,
  type CartState,
  type ErrorCode,
  type JoinTableResponse,
  type Order,
  type WireError,
} from '@tableside/shared';
import { io } from 'socket.io-client';
import type { DinerClient } from '../../test/diners.js';
import type { ItemRow, TableRow } from '../../test/factories.js';

/** An answer the diners got that was not a success, to assert on: never a 500, a 503 always retryable. */
export interface Refusal {
  what: 'join' | 'cart:add' | 'order';
  status: number;
  code: ErrorCode | undefined;
}

export interface TrafficOptions {
  /** Server addresses the diners join and submit at, round robin. */
  urls: string[];
  /** Where diner i opens its cart socket: `socketUrls[i % socketUrls.length]`; `urls` unless given. */
  socketUrls?: string[];
  tables: TableRow[];
  dishes: ItemRow[];
  /** Each table stops after this many orders; without it, once `finish()` is called. */
  ordersPerTable?: number;
  /** How long one step (an op, a submit) may keep failing retryably before the test fails. */
  stepTimeoutMs?: number;
}

/** One phone at a table: its cart socket and every cart state it was sent. */
export interface TrafficDiner {
  qrToken: string;
  joined: JoinTableResponse;
  socket: DinerClient;
  states: CartState[];
}

export interface Traffic {
  /** Every order a diner was told is placed: a 201, or the 200 of a retried submit naming it. */
  confirmed: Order[];
  refusals: Refusal[];
  /** Requests that got no answer at all (the connection dropped): retried with the same key. */
  dropped: number;
  diners: TrafficDiner[];
  /** Resolves once `count` orders are confirmed. */
  confirmedAtLeast(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves once every table placed all its orders; rejects with the first diner's failure. */
  done: Promise<void>;
  /** Lets each table finish the order it is on, then stop; resolves as `done`. */
  finish(): Promise<void>;
  close(): void;
}

const RETRY_PAUSE_MS = 100;
const ACK_TIMEOUT_MS = 2_000;

/**
 * Diners ordering through the whole real flow: one diner per table joins over
 * HTTP, opens the `/diner` socket (reconnecting, as the PWA does), adds a
 * dish with an acked cart op and submits the cart at that version, again and
 * again. Every retryable failure (no answer, a 503, an op ack that never
 * came) is retried as the PWA does: the same op id, the same Idempotency-Key.
 */
export function startTraffic(options: TrafficOptions): Traffic {
  const stepTimeoutMs = options.stepTimeoutMs ?? 30_000;
  const ordersPerTable = options.ordersPerTable ?? Infinity;
  let finishing = false;
  const traffic: Traffic = {
    confirmed: [],
    refusals: [],
    dropped: 0,
    diners: [],
    confirmedAtLeast: (count, timeoutMs = 30_000) =>
      Promise.race([
        traffic.done.then(() => {
          throw new Error(`the traffic ended with ${traffic.confirmed.length} orders, before ${count}`);
        }),
        new Promise<void>((resolve, reject) => {
          const deadline = Date.now() + timeoutMs;
          const check = () => {
            if (traffic.confirmed.length >= count) resolve();
            else if (Date.now() > deadline)
              reject(new Error(`only ${traffic.confirmed.length} of ${count} orders placed`));
            else setTimeout(check, 10);
          };
          check();
        }),
      ]),
    done: Promise.resolve(),
    finish: () => {
      finishing = true;
      return traffic.done;
    },
    close: () => traffic.diners.forEach((diner) => diner.socket.close()),
  };
  let urlTurn = 0;
  const nextUrl = () => options.urls[urlTurn++ % options.urls.length]!;

  /** Runs `attempt` until it gives a final answer, sleeping between retryable failures. */
  async function retrying<T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + stepTimeoutMs;
    for (;;) {
      const answer = await attempt();
      if (answer !== undefined) return answer;
      if (Date.now() > deadline) throw new Error(`${what} kept failing for ${stepTimeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
    }
  }

  /** POSTs JSON; undefined when there was no answer or a retryable one. */
  async function post(what: Refusal['what'], path: string, body: unknown, headers: Record<string, string>) {
    let response: Response;
    try {
      response = await fetch(`${nextUrl()}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      traffic.dropped++;
      return undefined;
    }
    const json = (await response.json().catch(() => ({}))) as { error?: WireError } & Record<string, unknown>;
    if (response.ok) return { status: response.status, json };
    traffic.refusals.push({ what, status: response.status, code: json.error?.code });
    if (json.error && isRetryable(json.error.code)) return undefined;
    return { status: response.status, json };
  }

  async function addDish(diner: TrafficDiner, dish: ItemRow, quantity: number): Promise<number> {
    const op = { opId: randomUUID(), itemId: dish.id, quantity };
    const ack = await retrying('cart:add', async () => {
      let answer: CartAck;
      try {
        answer = (await diner.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('cart:add', op)) as CartAck;
      } catch {
        return undefined; // No ack (the socket was down or its server died): the same op again.
      }
      if (answer.ok) return answer;
      traffic.refusals.push({ what: 'cart:add', status: 0, code: answer.error.code });
      return isRetryable(answer.error.code) ? undefined : answer;
    });
    if (!ack.ok) throw new Error(`cart:add refused: ${ack.error.code} ${ack.error.message}`);
    return ack.version;
  }

  /** Submits the cart at `version`; undefined when the cart is no longer at that version (it was lost). */
  async function submit(diner: TrafficDiner, version: number): Promise<Order | undefined> {
    const key = randomUUID();
    const answer = await retrying('order', () =>
      post(
        'order',
        `/api/v1/tables/${diner.qrToken}/orders`,
        { cartVersion: version },
        { authorization: `Bearer ${diner.joined.dinerToken}`, 'idempotency-key': key },
      ),
    );
    if (answer.status === 201 || answer.status === 200) return (answer.json as { order: Order }).order;
    const code = (answer.json.error as WireError | undefined)?.code;
    if (code === 'CART_CHANGED' || code === 'CART_EMPTY') return undefined;
    throw new Error(`order refused: ${answer.status} ${JSON.stringify(answer.json)}`);
  }

  async function dine(table: TableRow, index: number): Promise<void> {
    const joined = await retrying('join', async () => {
      const answer = await post('join', `/api/v1/tables/${table.qr_token}/join`, { displayName: `Diner ${index}` }, {});
      if (answer && answer.status >= 300) throw new Error(`join refused: ${answer.status}`);
      return answer?.json as JoinTableResponse | undefined;
    });
    const socketUrls = options.socketUrls ?? options.urls;
    const socket: DinerClient = io(`${socketUrls[index % socketUrls.length]}/diner`, {
      auth: { token: joined.dinerToken },
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 50,
      reconnectionDelayMax: 300,
    });
    const diner: TrafficDiner = { qrToken: table.qr_token, joined, socket, states: [] };
    socket.on('cart:state', (state) => diner.states.push(state));
    traffic.diners.push(diner);

    for (let placed = 0; placed < ordersPerTable && !finishing;) {
      const dish = options.dishes[(index + placed) % options.dishes.length]!;
      const version = await addDish(diner, dish, 1 + (placed % 2));
      const order = await submit(diner, version);
      if (!order) {
        // The cart this diner confirmed is gone (Redis lost it): what the table sees now is the server's.
        await retrying('clear', async () => {
          const answer = await socket
            .timeout(ACK_TIMEOUT_MS)
            .emitWithAck('cart:clear', { opId: randomUUID() })
            .catch(() => undefined);
          return answer?.ok ? answer : undefined;
        });
        continue;
      }
      traffic.confirmed.push(order);
      placed++;
    }
  }

  traffic.done = Promise.all(options.tables.map((table, index) => dine(table, index))).then(() => undefined);
  // Awaited by the test later; a failure before that is not an unhandled one.
  traffic.done.catch(() => undefined);
  return traffic;
}
