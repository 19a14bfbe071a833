import type { IncomingMessage, ServerResponse } from 'node:http';
import { bodyParser } from '@koa/bodyparser';
import helmet from 'helmet';
import Koa from 'koa';
import { corsFor } from './cors.js';
import { appError, toAppError } from './errors.js';
import { checkJsonBody } from './jsonBody.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { requestLogging, type RequestState } from './requestLog.js';

export type AppState = RequestState;
export type AppContext = Koa.ParameterizedContext<AppState>;
export type HttpApp = Koa<AppState>;

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
 * helmet's headers for SECURITY_HEADERS, worked out once: with no per-request
 * CSP nonce they are the same on every answer, so each answer only copies them.
 */
function securityHeaders(): [string, string][] {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader: (name: string, value: string) => headers.push([name, value]),
    removeHeader: () => undefined,
  };
  helmet(SECURITY_HEADERS)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return headers;
}

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

  const headers = securityHeaders();
  app.use((ctx, next) => {
    for (const [name, value] of headers) ctx.res.setHeader(name, value);
    return next();
  });
  if (options.corsOrigins?.length) app.use(corsFor(options.corsOrigins));

  app.use(requestLogging(options.logger));

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
      // The routers' answer to a method a path lacks (501: one they have never heard of) comes without a body.
      if ((ctx.status === 405 || ctx.status === 501) && ctx.body === undefined) throw appError('METHOD_NOT_ALLOWED');
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
  app.use(checkJsonBody());
  return app;
}
