import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import { pino, type Level } from 'pino';
import type { Logger } from './logger.js';

/** What every request carries: its id, and a logger that stamps each line with it. */
export interface RequestState {
  requestId: string;
  log: Logger;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Health probes hit every few seconds; they would drown the log. */
const PROBES = new Set(['/healthz', '/readyz']);
const READS = new Set(['GET', 'HEAD']);

/**
 * The level of a request's line: failures always show; a read that succeeded
 * (every phone at every table revalidates the menu) only at `debug`, since
 * writing its line would cost more than answering it; any other success at `info`.
 */
function levelOf(method: string, status: number): Level {
  if (status >= 500) return 'error';
  if (status >= 400) return 'warn';
  return READS.has(method) ? 'debug' : 'info';
}

/**
 * Request ids (a sane `X-Request-Id` from the client or a load balancer is
 * kept, otherwise a new one) answered in `X-Request-Id`, a per-request child
 * logger in `ctx.state.log`, and one JSON line per request once its answer is
 * sent (or the client went away), at `levelOf` its outcome. The request and
 * response are serialized (pino's standard serializers, with the logger's
 * redaction) only for a line that is written, so an unlogged read costs no
 * serialization.
 */
export function requestLogging(logger: Logger): Middleware<RequestState> {
  const httpLogger = logger.child({}, { serializers: { req: pino.stdSerializers.req, res: pino.stdSerializers.res } });
  return async (ctx, next) => {
    const given = ctx.req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    ctx.set('X-Request-Id', requestId);
    const log = httpLogger.child({ reqId: requestId });
    ctx.state.requestId = requestId;
    ctx.state.log = log;
    const started = performance.now();
    try {
      await next();
    } finally {
      const level = levelOf(ctx.method, ctx.status);
      if (log.isLevelEnabled(level) && !PROBES.has(ctx.path)) {
        // Koa writes the answer after the middleware returns: the line follows it, as its status and time do.
        ctx.res.once('close', () => {
          const responseTime = Math.round(performance.now() - started);
          log[level]({ req: ctx.req, res: ctx.res, responseTime }, 'request completed');
        });
      }
    }
  };
}
