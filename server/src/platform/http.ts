import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import { corsFor } from './cors.js';
import { appError, toAppError } from './errors.js';
import { checkJsonBody } from './jsonBody.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { requestLogging, type RequestState } from './requestLog.js';
import { setApiHeaders } from './securityHeaders.js';

export type AppState = RequestState;
export type AppContext = Koa.ParameterizedContext<AppState>;
export type HttpApp = Koa<AppState>;

/**
 * The Koa app every role mounts its routers on: request ids, one JSON log line
 * per request, JSON bodies, and the one error middleware that turns every
 * throw into `{ error: { code, message, details? } }`.
 */
export function createHttpApp(options: {
  logger: Logger;
  trustProxy: number;
  metrics?: Metrics;
  corsOrigins?: readonly string[];
}): HttpApp {
  const app = new Koa<AppState>({ proxy: options.trustProxy > 0, maxIpsCount: options.trustProxy });
  // Koa would print every error itself; ours are already logged once below.
  app.silent = true;

  app.use(async (ctx, next) => {
    await next();
    // A 304 carries only what updates the answer the client stored (RFC 9110
    // 15.4.5), which has these already; the app's own files bring their own.
    if (ctx.status !== 304 && !ctx.res.hasHeader('content-security-policy')) setApiHeaders(ctx.res);
  });
  if (options.corsOrigins?.length) app.use(corsFor(options.corsOrigins));

  app.use(requestLogging(options.logger, options.metrics?.httpDuration));

  app.use(async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw appError('NOT_FOUND');
      // The routers' answer to a method a path lacks (501: one they have never heard of) comes without a body.
      if ((ctx.status === 405 || ctx.status === 501) && ctx.body === undefined) throw appError('METHOD_NOT_ALLOWED');
    } catch (thrown) {
      const error = toAppError(thrown);
      if (error.code === 'INTERNAL' || error.code === 'DEPENDENCY_UNAVAILABLE') {
        ctx.state.log.error({ err: thrown }, 'request failed');
      }
      ctx.status = error.status;
      const retryAfter = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retryAfter) ctx.set('Retry-After', String(retryAfter));
      ctx.body = { error: error.toWire() };
    }
  });

  app.use(
    bodyParser({
      enableTypes: ['json'],
      jsonLimit: '64kb',
      encoding: 'utf-8',
      onError: (error) => {
        const status = (error as { status?: number }).status;
        throw appError(
          status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'INVALID_JSON',
        );
      },
    }),
  );
  app.use(checkJsonBody());
  return app;
}
