import type { Middleware } from 'koa';

/** What a browser on another site may send and read (the diner API's bearer token and headers). */
const ALLOW_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const ALLOW_HEADERS = 'Content-Type, Authorization, Idempotency-Key, If-Match, If-None-Match, X-Request-Id';
const EXPOSE_HEADERS = 'ETag, X-Request-Id, Retry-After';

/**
 * CORS for the origins in CORS_ORIGINS, and for no one else: a request from an
 * unlisted origin gets no Access-Control-Allow-Origin, so its browser keeps
 * the answer from the page. Credentials are never allowed cross-origin: the
 * owner's cookie stays same-origin (its writes also check Origin).
 * Mounted only when the list is not empty; same-origin pages need none of it.
 */
export function corsFor(origins: readonly string[]): Middleware {
  const allowed = new Set(origins);
  return async (ctx, next) => {
    const origin = ctx.get('origin');
    if (!origin) return next();
    if (allowed.has(origin)) {
      if (ctx.method === 'OPTIONS' && ctx.get('access-control-request-method')) {
        ctx.set({
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Allow-Methods': ALLOW_METHODS,
          'Access-Control-Allow-Headers': ALLOW_HEADERS,
          'Access-Control-Max-Age': '600',
          Vary: 'Origin',
        });
        ctx.status = 204;
        return;
      }
      ctx.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': EXPOSE_HEADERS });
    }
    await next();
    // After the route, which may set its own Vary.
    ctx.vary('Origin');
  };
}

/**
 * Whether a browser page at `origin` may open a socket: its own site (the
 * Host it connects to, or PUBLIC_URL behind a proxy that rewrites Host) or a
 * listed origin. Non-browser clients (the kiosk core) send no Origin.
 * Without this check any site could open the owner's `/staff` socket with
 * their cookie (cross-site WebSocket hijacking): CORS does not cover WebSockets.
 */
export function socketOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  trusted: { publicOrigin: string; allowed: readonly string[] },
): boolean {
  if (!origin) return true;
  if (origin === trusted.publicOrigin || trusted.allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
