import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Middleware } from 'koa';
import { pino, type Level } from 'pino';
import type { Histogram } from 'prom-client';
import type { Logger } from './logger.js';

/** What every request carries: its id, and a logger that stamps each line with it. */
export interface RequestState {
  requestId: string;
  log: RequestLog;
}

/**
 * A request's logger: pino's child bound to the request id, made when the
 * request writes its first line. Most answers write none (a menu
 * revalidation, at `info`), and making a child costs more than the rest of
 * such an answer's logging.
 */
export class RequestLog {
  private child: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    readonly requestId: string,
  ) {}

  get logger(): Logger {
    return (this.child ??= this.parent.child({ reqId: this.requestId }));
  }

  error(fields: object, message: string): void {
    this.logger.error(fields, message);
  }

  info(fields: object, message: string): void {
    this.logger.info(fields, message);
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Ids for requests that came without one: a random name for this process and
 * a counter, unique across instances and restarts, and shorter and cheaper
 * than a UUID per request.
 */
function requestIds(): () => string {
  const processName = randomBytes(6).toString('base64url');
  let count = 0;
  return () => `${processName}-${(++count).toString(36)}`;
}

/** Health probes hit every few seconds; they would drown the log. */
const PROBES = new Set(['/healthz', '/readyz']);
const READS = new Set(['GET', 'HEAD']);
const STATUS_CLASSES = ['0xx', '1xx', '2xx', '3xx', '4xx', '5xx'];

/**
 * A table's code in a path (the diner routes, the QR landing page) lets whoever
 * reads it join the table: the log keeps its first four characters, enough to
 * tell tables apart, not to join one.
 */
const TABLE_CODE_IN_PATH = /(\/(?:api\/v1\/tables|t)\/)([A-Za-z0-9_-]{4})[A-Za-z0-9_-]{18,60}/g;

const cutTableCodes = (url: string) => url.replace(TABLE_CODE_IN_PATH, '$1$2…');

/**
 * pino's standard request serializer, with table codes cut short in the URL
 * and the Referer (our pages send none, Referrer-Policy: no-referrer; another client might).
 */
function serializeRequest(req: IncomingMessage) {
  const serialized = pino.stdSerializers.req(req);
  const { referer } = serialized.headers;
  return {
    ...serialized,
    url: cutTableCodes(serialized.url),
    headers:
      typeof referer === 'string' ? { ...serialized.headers, referer: cutTableCodes(referer) } : serialized.headers,
  };
}

/** The request duration histogram (`Metrics.httpDuration`). */
export type RequestDurations = Histogram<'method' | 'route' | 'status'>;

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
 * redaction and table codes cut short) only for a line that is written, so
 * an unlogged read costs no serialization. With `durations`, the time until the answer is ready goes
 * into that histogram, by method, route pattern and status class.
 */
export function requestLogging(logger: Logger, durations?: RequestDurations): Middleware<RequestState> {
  const httpLogger = logger.child({}, { serializers: { req: serializeRequest, res: pino.stdSerializers.res } });
  const nextRequestId = requestIds();
  return async (ctx, next) => {
    const given = ctx.req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : nextRequestId();
    ctx.set('X-Request-Id', requestId);
    const log = new RequestLog(httpLogger, requestId);
    ctx.state.requestId = requestId;
    ctx.state.log = log;
    const started = performance.now();
    try {
      await next();
    } finally {
      // The route pattern, never the raw path: table tokens must not become label values.
      const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      durations?.observe(
        { method: ctx.method, route, status: STATUS_CLASSES[Math.floor(ctx.status / 100)] ?? 'other' },
        (performance.now() - started) / 1000,
      );
      const level = levelOf(ctx.method, ctx.status);
      if (httpLogger.isLevelEnabled(level) && !PROBES.has(ctx.path)) {
        // Koa writes the answer after the middleware returns: the line follows it, as its status and time do.
        ctx.res.once('close', () => {
          const responseTime = Math.round(performance.now() - started);
          log.logger[level]({ req: ctx.req, res: ctx.res, responseTime }, 'request completed');
        });
      }
    }
  };
}
