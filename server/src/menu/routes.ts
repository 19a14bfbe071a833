import { Router } from '@koa/router';
import type { Deps } from '../createServer.js';
import { appError } from '../platform/errors.js';
import type { AppState } from '../platform/http.js';
import { cachedTableByQrToken } from '../tables/index.js';
import { compressedMenu, menuEtag } from './menuCache.js';

/** Whether an If-None-Match header matches `etag` (weak comparison, as RFC 9110 asks for 304s). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

/** The menu for a table's diners, revalidated by ETag on every request. */
export function menuRouter(deps: Deps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1/tables' });

  router.get('/:qrToken/menu', async (ctx) => {
    const table = await cachedTableByQrToken(deps.tables, ctx.params.qrToken);
    ctx.set('Cache-Control', 'private, no-cache');
    ctx.set('Vary', 'Accept-Encoding');
    const etag = menuEtag(table.restaurantId, table.menuVersion);
    if (etagMatches(ctx.get('if-none-match'), etag)) {
      ctx.set('ETag', etag);
      ctx.status = 304;
      return;
    }
    const menu = await deps.menus.get(table.restaurantId, table.menuVersion);
    if (!menu) throw appError('TABLE_NOT_FOUND');
    ctx.set('ETag', menu.etag);
    ctx.type = 'application/json';
    // Phones always accept a compressed menu; browsers list gzip first with the same weight as br, the smaller one.
    const encoding = ctx.acceptsEncodings('br') ? 'br' : ctx.acceptsEncodings('gzip') ? 'gzip' : undefined;
    if (encoding) ctx.set('Content-Encoding', encoding);
    ctx.body = encoding ? await compressedMenu(menu, encoding) : menu.body;
  });

  return router;
}
