import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Middleware, ParameterizedContext } from 'koa';
import { appError } from './errors.js';
import type { AppState } from './http.js';
import type { Logger } from './logger.js';
import { setDocumentHeaders } from './securityHeaders.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.webmanifest', '.svg', '.txt']);

/** Vite's content-hashed output: a new build has new names, so these never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (the app shell, the service worker, the manifest, icons) is revalidated on every use. */
const REVALIDATE = 'no-cache';

/** Paths that belong to the API and the sockets, never to the app, even if a file of that name existed. */
const NOT_OURS = /^\/(api|socket\.io|healthz|readyz|metrics)(\/|$)/;
/** Paths the app answers itself (client-side routes: the diner's /t/..., the owner's /admin/...): the app shell. */
const APP_ROUTES = /^\/((t|admin)(\/.*)?)?$/;
const NOT_BUILT = 'The diner app is not built on this server.';

const brotli = (body: Buffer, quality: number) =>
  promisify(brotliCompress)(body, { params: { [constants.BROTLI_PARAM_QUALITY]: quality } });

/**
 * Compressed once per file and process. Brotli's best quality takes about half
 * a second for the app's main chunk, so the first request gets a quick
 * quality-5 copy and the best one replaces it when it is ready.
 */
function compressInto(found: StaticFile, encoding: 'br' | 'gzip'): Promise<Buffer> {
  if (encoding === 'gzip') return (found.encoded.gzip ??= promisify(gzip)(found.body, { level: 9 }));
  if (!found.encoded.br) {
    found.encoded.br = brotli(found.body, 5);
    // Should the slow pass fail, the quick copy simply stays in use.
    brotli(found.body, 11).then(
      (best) => (found.encoded.br = Promise.resolve(best)),
      () => undefined,
    );
  }
  return found.encoded.br;
}

interface StaticFile {
  /** What the cached copy was read from: a rebuilt file is read again. */
  stamp: string;
  body: Buffer;
  type: string;
  etag: string;
  encoded: Partial<Record<'br' | 'gzip', Promise<Buffer>>>;
}

/**
 * Serves the built PWA (PWA_DIST_DIR): `/`, `/t/*` and `/admin/*` get index.html,
 * other paths the file of that name in the build, if there is one. Files are
 * kept in memory once read, and compressed once, brotli or gzip as the client
 * accepts; a file that changes on disk (a rebuild) is read again. A path that
 * leaves the build directory, by `..`, an encoded slash or a symlink, is
 * never served.
 *
 * A server without a build answers the app's routes with 404 and a message
 * saying so, and keeps serving the API.
 */
export function servePwa(options: { distDir: string; logger: Logger }): Middleware<AppState> {
  const files = new Map<string, StaticFile>();
  let warned = false;

  async function distRoot(): Promise<string | undefined> {
    const root = await realpath(options.distDir).catch(() => undefined);
    if (!root && !warned) {
      warned = true;
      options.logger.warn({ distDir: options.distDir }, 'no PWA build: the diner app is not served (npm run build)');
    }
    return root;
  }

  async function file(base: string, relative: string): Promise<StaticFile | undefined> {
    const type = TYPES[extname(relative).toLowerCase()];
    if (!type) return undefined;
    const path = await realpath(join(base, relative)).catch(() => undefined);
    if (!path || !path.startsWith(base + sep)) return undefined;
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const stamp = `${path}:${info.size}:${info.mtimeMs}`;
    const cached = files.get(relative);
    if (cached?.stamp === stamp) return cached;
    const body = await readFile(path);
    const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`;
    const found: StaticFile = { stamp, body, type, etag, encoded: {} };
    files.set(relative, found);
    return found;
  }

  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || NOT_OURS.test(ctx.path)) return next();
    const appRoute = APP_ROUTES.test(ctx.path);
    const relative = appRoute ? 'index.html' : safeRelative(ctx.path);
    if (!relative) return next();
    const base = await distRoot();
    const found = base ? await file(base, relative) : undefined;
    if (!found) {
      if (appRoute) throw appError('NOT_FOUND', { reason: 'pwa_not_built' }, NOT_BUILT);
      return next();
    }
    await send(ctx, found, relative);
  };
}

/** The request path as a path inside the build, or undefined if it is not a plain relative file path. */
function safeRelative(path: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  const parts = decoded.split('/').filter((part) => part !== '');
  const unsafe = parts.some(
    (part) => part === '..' || part === '.' || part.startsWith('.') || /[\\\0]/.test(part) || part.includes(':'),
  );
  return unsafe || parts.length === 0 ? undefined : parts.join('/');
}

async function send(ctx: ParameterizedContext<AppState>, found: StaticFile, relative: string): Promise<void> {
  const extension = extname(relative).toLowerCase();
  setDocumentHeaders(ctx.res);
  ctx.set('Cache-Control', relative.startsWith('assets/') ? IMMUTABLE : REVALIDATE);
  ctx.set('ETag', found.etag);
  ctx.type = found.type;
  if (COMPRESSIBLE.has(extension)) ctx.vary('Accept-Encoding');
  ctx.status = 200;
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  // Browsers list gzip first with the same weight as br; br is the smaller one.
  const encoding = !COMPRESSIBLE.has(extension)
    ? 'identity'
    : ctx.acceptsEncodings('br')
      ? 'br'
      : ctx.acceptsEncodings('gzip')
        ? 'gzip'
        : 'identity';
  if (encoding === 'br' || encoding === 'gzip') {
    ctx.set('Content-Encoding', encoding);
    ctx.body = await compressInto(found, encoding);
  } else {
    ctx.body = found.body;
  }
}
