import type { WireError } from '@tableside/shared';
import type { Socket } from 'socket.io';
import { appError } from './errors.js';
import type { Logger } from './logger.js';

export interface EventRate {
  /** Events a socket may send per second, sustained. */
  perSecond: number;
  /** Events it may send at once on top of that (and the bucket's size). */
  burst: number;
}

type Ack = (answer: { ok: false; error: WireError }) => void;

/**
 * What every client event goes through before its handler, in every
 * namespace, in one `socket.use` middleware:
 *
 * - A token bucket per socket, in this process's memory: one clock read and a
 *   few sums per event, no Redis. An event past the limit is not run; its ack
 *   says RATE_LIMITED (retryable: a kiosk replaying a backlog backs off and
 *   comes back). Refusals drain at the same rate: a socket refused faster than
 *   that, more than `burst` times, is not backing off but flooding, and is
 *   disconnected; its last ack says so.
 * - An event no handler listens to is answered NOT_FOUND, rather than leaving
 *   the client's ack to time out.
 */
export function guardEvents(socket: Socket, rate: EventRate, logger: Logger): void {
  let tokens = rate.burst;
  let refusals = 0;
  let last = performance.now();
  socket.use((packet, next) => {
    const ack = typeof packet.at(-1) === 'function' ? (packet.at(-1) as Ack) : undefined;
    const now = performance.now();
    const drained = ((now - last) / 1000) * rate.perSecond;
    tokens = Math.min(rate.burst, tokens + drained);
    refusals = Math.max(0, refusals - drained);
    last = now;
    if (tokens < 1) {
      refusals += 1;
      const cutOff = refusals > rate.burst;
      const refused = cutOff
        ? appError('RATE_LIMITED', { retryAfterSeconds: 1, disconnected: true }, 'Too many events: disconnected.')
        : appError('RATE_LIMITED', { retryAfterSeconds: 1 });
      ack?.({ ok: false, error: refused.toWire() });
      if (cutOff) {
        logger.warn({ namespace: socket.nsp.name, socketId: socket.id }, 'socket disconnected: too many events');
        socket.disconnect(true);
      }
      return;
    }
    tokens -= 1;
    if (socket.listenerCount(packet[0] as string) === 0) {
      ack?.({ ok: false, error: appError('NOT_FOUND', undefined, 'No such event.').toWire() });
      return;
    }
    next();
  });
}
