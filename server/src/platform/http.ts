import { randomUUID } from 'node:crypto';
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import helmet from 'koa-helmet';
import { pinoHttp } from 'pino-http';
import { appError, toAppError } from './errors.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

export interface AppState {
  requestId: string;
  log: Logger;
}
export type AppContext = Koa.ParameterizedContext<AppState>;
export type HttpApp = Koa<AppState>;

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Security headers on every answer (helmet's defaults: no sniffing, no
 * framing, HSTS, no referrer leaks) and a CSP the PWA lives within: its own
 * scripts, workers and sockets only; menu photos may come from any https host.
 */
const SECURITY_HEADERS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      manifestSrc: ["'self'"],
      workerSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  // The kiosk's display, served by its agent on localhost, embeds nothing of ours.
  crossOriginEmbedderPolicy: false,
};

/**
 * The Koa app every role mounts its routers on: request ids, one JSON log line
 * per request, JSON bodies, and the one error middleware that turns every
 * throw into `{ error: { code, message, details? } }`.
 */
export function createHttpApp(options: { logger: Logger; trustProxy: number; metrics?: Metrics }): HttpApp {
  const app = new Koa<AppState>({ proxy: options.trustProxy > 0, maxIpsCount: options.trustProxy });
  // Koa would print every error itself; ours are already logged once below.
  app.silent = true;

  const httpLogger = pinoHttp({
    logger: options.logger,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    // Health probes hit every few seconds; they would drown the log.
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
  });

  app.use(helmet(SECURITY_HEADERS));

  app.use(async (ctx, next) => {
    httpLogger(ctx.req, ctx.res);
    ctx.state.requestId = String(ctx.req.id);
    ctx.state.log = ctx.req.log;
    await next();
  });

  if (options.metrics) {
    const histogram = options.metrics.httpDuration;
    app.use(async (ctx, next) => {
      const end = histogram.startTimer({ method: ctx.method });
      try {
        await next();
      } finally {
        // The route pattern, never the raw path: table tokens must not become label values.
        const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
        end({ route, status: `${Math.floor(ctx.status / 100)}xx` });
      }
    });
  }

  app.use(async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw appError('NOT_FOUND');
    } catch (thrown) {
      const error = toAppError(thrown);
      if (error.code === 'INTERNAL' || error.code === 'DEPENDENCY_UNAVAILABLE') {
        ctx.state.log.error({ err: thrown }, 'request failed');
      }
      ctx.status = error.status;
      const retryAfter = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (error.code === 'RATE_LIMITED' && retryAfter) ctx.set('Retry-After', String(retryAfter));
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
  return app;
}
