import type { Middleware } from 'koa';
import { appError } from './errors.js';

/**
 * No body we accept nests deeper than a few levels; a 64 kB body can nest
 * thousands deep, and every recursive walk after the parser (validation,
 * logging, JSON.stringify) would pay for it or overflow the stack.
 */
export const MAX_JSON_DEPTH = 16;

/** Whether `value` nests objects or arrays more than `limit` levels deep. Iterative: it cannot overflow itself. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (depth > limit) return true;
    const children = Array.isArray(current) ? current : Object.values(current as object);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * Runs after the body parser, which parses JSON and silently skips any other
 * type (a route would then see an empty body, and a cross-site text/plain
 * form could act as an empty JSON request). Every body we take is JSON: any
 * other is refused 415, and JSON nested too deep 400 JSON_TOO_DEEP. A request
 * without a body costs two header lookups.
 */
export function checkJsonBody(limit = MAX_JSON_DEPTH): Middleware {
  return async (ctx, next) => {
    const headers = ctx.req.headers;
    const length = headers['content-length'];
    if ((length !== undefined && length !== '0') || headers['transfer-encoding'] !== undefined) {
      if (!ctx.is('json')) throw appError('UNSUPPORTED_MEDIA_TYPE');
      const body: unknown = ctx.request.body;
      if (typeof body === 'object' && body !== null && nestsDeeperThan(body, limit)) {
        throw appError('JSON_TOO_DEEP', { maxDepth: limit });
      }
    }
    await next();
  };
}
