import {
  idempotencyKeySchema,
  isRetryable,
  placeOrderBodySchema,
  placeOrderResponseSchema,
  uuidSchema,
  type LocationFix,
  type Order,
  type PlaceOrderBody,
} from '@tableside/shared';
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { z } from 'zod';
import { ApiError, NetworkError, request, tablePath } from '../../common/api';
import { readStored, removeStored, writeStored } from '../../common/storage';
import { randomId } from '../../common/uuid';
import { useCartStore } from './cart';
import { orderProblem, type OrderProblem } from './orderProblems';
import { useOrdersStore } from './orders';
import { useSessionStore } from './session';

/**
 * - `waiting`: no network (or the diner's own cart changes are still on
 *   their way); the order goes out by itself when it can;
 * - `submitting`: the request is out; `done`: the kitchen has it;
 * - `error`: refused, with `problem` saying why and what to do.
 */
export type CheckoutPhase = 'idle' | 'waiting' | 'submitting' | 'done' | 'error';

/** One submit attempt: its key and body never change until an answer arrives. */
const attemptSchema = z.object({ key: idempotencyKeySchema, sessionId: uuidSchema, body: placeOrderBodySchema });
type Attempt = z.infer<typeof attemptSchema>;

const ATTEMPT_KEY = 'checkout';
const BACKOFF_MS = [2_000, 4_000, 8_000, 15_000, 30_000];
/** Busy answers (503, 429, 500) retried by themselves before the diner is asked. */
const AUTO_RETRIES = 3;

/**
 * "Place order". A submit attempt gets one Idempotency-Key, saved before the
 * request goes out and kept until the server answers; a double tap, a retry
 * after a dropped connection and a reload in the middle all send that same
 * key, so the table gets one order.
 */
export const useCheckoutStore = defineStore('checkout', () => {
  const phase = ref<CheckoutPhase>('idle');
  const problem = ref<OrderProblem | null>(null);
  const lastOrder = ref<Order | null>(null);
  const session = useSessionStore();
  const cart = useCartStore();
  const orders = useOrdersStore();

  let attempt: Attempt | null = null;
  let deferred: Omit<PlaceOrderBody, 'cartVersion'> | null = null;
  let tries = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** A submit left unanswered by a reload carries on. */
  function open(sessionId: string): void {
    const stored = readStored(ATTEMPT_KEY, attemptSchema);
    attempt = stored?.sessionId === sessionId ? stored : null;
    problem.value = null;
    phase.value = 'idle';
    if (attempt) void send();
  }

  function reset(): void {
    if (phase.value === 'submitting' || phase.value === 'waiting') return;
    phase.value = 'idle';
    problem.value = null;
  }

  /** The diner pressed "Place order" (with a location fix when the restaurant asks for one). */
  function place(extra: { note?: string; location?: LocationFix }): void {
    if (attempt) {
      void send();
      return;
    }
    problem.value = null;
    deferred = {
      ...(extra.note?.trim() ? { note: extra.note.trim() } : {}),
      ...(extra.location ? { location: extra.location } : {}),
    };
    startWhenCartSettled();
  }

  // The order is the server's cart at one version: the diner's own changes must be in it first.
  function startWhenCartSettled(): void {
    const version = cart.version;
    if (cart.pending.length > 0 || version === null) {
      phase.value = 'waiting';
      return;
    }
    if (!deferred) return;
    const joined = session.joined;
    if (!joined) return;
    attempt = { key: randomId(), sessionId: joined.session.id, body: { cartVersion: version, ...deferred } };
    deferred = null;
    writeStored(ATTEMPT_KEY, attempt);
    void send();
  }
  watch(
    () => [cart.pending.length, cart.version],
    () => {
      if (deferred && phase.value === 'waiting') startWhenCartSettled();
    },
  );

  function finish(): void {
    attempt = null;
    tries = 0;
    clearTimeout(timer);
    removeStored(ATTEMPT_KEY);
  }

  function retryLater(): void {
    clearTimeout(timer);
    timer = setTimeout(() => void send(), BACKOFF_MS[Math.min(tries, BACKOFF_MS.length - 1)]);
    tries++;
  }

  async function send(): Promise<void> {
    const current = attempt;
    const joined = session.joined;
    if (!current || !joined || phase.value === 'submitting') return;
    clearTimeout(timer);
    phase.value = 'submitting';
    try {
      const { data } = await request(tablePath(session.qrToken, '/orders'), placeOrderResponseSchema, {
        method: 'POST',
        token: joined.dinerToken,
        body: current.body,
        headers: { 'idempotency-key': current.key },
      });
      finish();
      orders.placed(data.order);
      lastOrder.value = data.order;
      phase.value = 'done';
    } catch (error) {
      if (error instanceof NetworkError) {
        phase.value = 'waiting';
        retryLater();
        return;
      }
      const wire = error instanceof ApiError ? error.error : { code: 'INTERNAL' as const, message: String(error) };
      if ((isRetryable(wire.code) || wire.code === 'INTERNAL') && tries < AUTO_RETRIES) {
        phase.value = 'waiting';
        retryLater();
        return;
      }
      // A refusal is an answer: the next submit is a new attempt with a new key.
      if (!isRetryable(wire.code) && wire.code !== 'INTERNAL') finish();
      tries = 0;
      problem.value = orderProblem(wire);
      phase.value = 'error';
      if (wire.code === 'CART_CHANGED') void cart.sync();
      if (error instanceof ApiError) session.refused(error);
    }
  }

  /** The panel's "Try again" for a busy server: the same attempt, same key. */
  function retry(): void {
    problem.value = null;
    if (attempt) void send();
    else phase.value = 'idle';
  }

  function onOnline(): void {
    if (attempt && phase.value === 'waiting') void send();
  }
  window.addEventListener('online', onOnline);

  return { phase, problem, lastOrder, open, place, retry, reset };
});
