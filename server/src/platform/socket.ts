import type { WireError } from '@tableside/shared';
import type { z } from 'zod';
import { parse, toAppError } from './errors.js';
import type { Logger } from './logger.js';

type Ack<T> = (answer: T | { ok: false; error: WireError }) => void;

/**
 * Wraps a socket event handler: validates the payload with its zod schema,
 * runs the action, and answers through the ack, `{ ok: false, error }` for any
 * failure. A client that sends no ack callback gets nothing (and changes
 * nothing: the action is not run).
 */
export function onEvent<S extends z.ZodType, T>(
  schema: S,
  logger: Logger,
  action: (input: z.output<S>) => Promise<T>,
): (payload: unknown, ack: unknown) => void {
  return (payload, ack) => {
    if (typeof ack !== 'function') return;
    const answer = ack as Ack<T>;
    Promise.resolve()
      .then(() => action(parse(schema, payload)))
      .then(answer, (error: unknown) => {
        const appError = toAppError(error);
        if (appError.code === 'INTERNAL') logger.error({ err: error }, 'socket event failed');
        answer({ ok: false, error: appError.toWire() });
      });
  };
}
