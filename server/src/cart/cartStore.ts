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
 * Returns { 'done', answer } | { 'stale', current version } | { 'ok' }.
 */
const CART_CAS = `
local answered = redis.call('HGET', KEYS[2], ARGV[1])
if answered then return {'done', answered} end
local version = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if version ~= tonumber(ARGV[2]) then return {'stale', tostring(version)} end
redis.call('HSET', KEYS[1], 'v', ARGV[3], 'state', ARGV[4])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[5])
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('EXPIRE', KEYS[2], ARGV[6])
redis.call('PUBLISH', ARGV[7], ARGV[8])
return {'ok'}
`;

type CasReply = ['done', string] | ['stale', string] | ['ok'];

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
  }
}

const MAX_ATTEMPTS = 12;

export interface CartStore {
  read(sessionId: string): Promise<Cart>;
  /** Applies `op` once per `opId`; a retried op answers as the first time. */
  apply(sessionId: string, opId: string, op: CartOp, updatedBy: CartDiner): Promise<CartAck>;
  remove(sessionId: string): Promise<void>;
}

export function createCartStore(redis: Redis, keys: Keys, options: { ttlSeconds: number }): CartStore {
  redis.defineCommand('cartCas', { numberOfKeys: 2, lua: CART_CAS });
  // Ops on one cart from this process run one after another, so compare-and-set
  // retries only happen between instances, never within one.
  const queues = new Map<string, Promise<unknown>>();

  async function read(sessionId: string): Promise<Cart> {
    const state = await redis.hget(keys.cart(sessionId), 'state');
    return state ? (JSON.parse(state) as Cart) : EMPTY_CART;
  }

  async function attempt(sessionId: string, opId: string, op: CartOp, updatedBy: CartDiner): Promise<CartAck> {
    for (let tries = 0; tries < MAX_ATTEMPTS; tries++) {
      const cart = await read(sessionId);
      const result = applyCartOp(cart, op);
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
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 4 * (tries + 1)));
    }
    throw appError('CART_BUSY', undefined, 'The cart is busy. Try again.');
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
  };
}
