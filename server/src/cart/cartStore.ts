import {
  EMPTY_CART,
  applyCartOp,
  presentCart,
  type Cart,
  type CartAck,
  type CartDiner,
  type CartOp,
} from '@tableside/shared';
import type { BusMessage } from '../platform/bus.js';
import type { CartMemory } from './cartMemory.js';
import { appError } from '../platform/errors.js';
import type { Keys, Redis } from '../platform/redis.js';
import type { ClientContext, Result } from 'ioredis';

/**
 * Compare-and-set of one cart, atomic in Redis:
 *  - an op id already applied answers its first answer and writes nothing;
 *  - otherwise, if the stored version is still the one the new state was
 *    computed from, store the new state, remember the op id, refresh both
 *    keys' expiry and publish the state on the bus, all in one step, so the
 *    realtime instances see one cart's states in version order.
 *
 * KEYS: cart hash, op-id hash. ARGV: op id, expected version, new version,
 * state JSON, answer JSON, ttl seconds, bus channel, bus message JSON.
 * Returns { 'done', answer } | { 'stale', current version, current state } | { 'ok' }:
 * a stale try gets the cart it lost to, so the next try needs no read.
 */
const CART_CAS = `
local answered = redis.call('HGET', KEYS[2], ARGV[1])
if answered then return {'done', answered} end
local version = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if version ~= tonumber(ARGV[2]) then return {'stale', tostring(version), redis.call('HGET', KEYS[1], 'state') or ''} end
redis.call('HSET', KEYS[1], 'v', ARGV[3], 'state', ARGV[4])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[5])
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('EXPIRE', KEYS[2], ARGV[6])
redis.call('PUBLISH', ARGV[7], ARGV[8])
return {'ok'}
`;

type CasReply = ['done', string] | ['stale', string, string] | ['ok'];

/**
 * Writes a remembered cart back, only where Redis has no cart at all (it lost
 * its data): a cart that exists, however old, is never overwritten.
 * KEYS: cart hash. ARGV: version, state JSON, ttl seconds. Returns 1 if written.
 */
const CART_RESTORE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'state', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
`;

declare module 'ioredis' {
  interface RedisCommander<Context extends ClientContext = { type: 'default' }> {
    cartCas(
      cartKey: string,
      opsKey: string,
      opId: string,
      expectedVersion: number,
      newVersion: number,
      state: string,
      answer: string,
      ttlSeconds: number,
      channel: string,
      message: string,
    ): Result<CasReply, Context>;
    cartRestore(cartKey: string, version: number, state: string, ttlSeconds: number): Result<number, Context>;
  }
}

/**
 * How long an op keeps retrying its compare-and-set against other instances
 * before CART_BUSY. A time budget, not a count: under load every try takes
 * longer, and an op must not be refused only because the table is busy. It
 * stays inside the phone's ack timeout (8 s), so the phone hears the refusal.
 */
const CAS_BUDGET_MS = 5_000;

export interface CartStore {
  read(sessionId: string): Promise<Cart>;
  /** Applies `op` once per `opId`; a retried op answers as the first time. */
  apply(sessionId: string, opId: string, op: CartOp, updatedBy: CartDiner): Promise<CartAck>;
  remove(sessionId: string): Promise<void>;
  /** Writes `cart` back if Redis has no cart for the session (it lost its data); true if it did. */
  restore(sessionId: string, cart: Cart): Promise<boolean>;
}

export function createCartStore(
  redis: Redis,
  keys: Keys,
  options: { ttlSeconds: number; memory?: CartMemory },
): CartStore {
  redis.defineCommand('cartCas', { numberOfKeys: 2, lua: CART_CAS });
  redis.defineCommand('cartRestore', { numberOfKeys: 1, lua: CART_RESTORE });
  // Ops on one cart from this process run one after another, so compare-and-set
  // retries only happen between instances, never within one.
  const queues = new Map<string, Promise<unknown>>();

  async function restore(sessionId: string, cart: Cart): Promise<boolean> {
    return (
      (await redis.cartRestore(keys.cart(sessionId), cart.version, JSON.stringify(cart), options.ttlSeconds)) === 1
    );
  }

  async function read(sessionId: string): Promise<Cart> {
    const state = await redis.hget(keys.cart(sessionId), 'state');
    if (state) return JSON.parse(state) as Cart;
    // No cart, yet this instance remembers one: Redis lost it. Put it back before anyone builds on an empty one.
    const remembered = options.memory?.recall(sessionId);
    // An empty cart at version 0 is what no key means: nothing was lost, and nothing needs writing.
    if (!remembered || remembered.version === 0) return EMPTY_CART;
    await restore(sessionId, remembered);
    const restored = await redis.hget(keys.cart(sessionId), 'state');
    return restored ? (JSON.parse(restored) as Cart) : EMPTY_CART;
  }

  async function attempt(sessionId: string, opId: string, op: CartOp, updatedBy: CartDiner): Promise<CartAck> {
    const deadline = Date.now() + CAS_BUDGET_MS;
    // The cart this instance last heard of is usually the current one (other instances' states arrive on the bus
    // between a table's ops), which saves a read; if it is not, the compare-and-set says so and hands over the current.
    const remembered = options.memory?.recall(sessionId);
    let cart = remembered ?? (await read(sessionId));
    let fromRedis = !remembered;
    for (let tries = 1; ; tries++) {
      const result = applyCartOp(cart, op);
      if (!result.ok && !fromRedis) {
        // Refused on a remembered cart: decide on the current one.
        cart = await read(sessionId);
        fromRedis = true;
        continue;
      }
      if (!result.ok) return { ok: false, error: { code: result.code, message: result.message } };
      const answer: CartAck = { ok: true, version: result.cart.version };
      const message: BusMessage = { type: 'cart:state', sessionId, state: presentCart(result.cart, updatedBy) };
      const reply = await redis.cartCas(
        keys.cart(sessionId),
        keys.cartOps(sessionId),
        opId,
        cart.version,
        result.cart.version,
        JSON.stringify(result.cart),
        JSON.stringify(answer),
        options.ttlSeconds,
        keys.bus,
        JSON.stringify(message),
      );
      if (reply[0] === 'ok') return answer;
      if (reply[0] === 'done') return JSON.parse(reply[1]) as CartAck;
      if (Date.now() >= deadline) throw appError('CART_BUSY', undefined, 'The cart is busy. Try again.');
      // Another instance changed the cart first: try again at once on its state, then with a growing, jittered pause.
      if (tries > 1) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(20, 2 * tries)));
      cart = reply[2] ? (JSON.parse(reply[2]) as Cart) : await read(sessionId);
      fromRedis = true;
    }
  }

  return {
    read,
    apply(sessionId, opId, op, updatedBy) {
      const previous = queues.get(sessionId) ?? Promise.resolve();
      const run = previous.then(() => attempt(sessionId, opId, op, updatedBy));
      const settled = run.catch(() => undefined);
      queues.set(sessionId, settled);
      void settled.then(() => {
        if (queues.get(sessionId) === settled) queues.delete(sessionId);
      });
      return run;
    },
    async remove(sessionId) {
      await redis.unlink(keys.cart(sessionId), keys.cartOps(sessionId));
    },
    restore,
  };
}
