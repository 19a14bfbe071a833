import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import type { z } from 'zod';
import type { KioskCore } from '../core/kioskCore.js';
import type { ActionResult, KioskState } from '../core/kioskApi.js';
import { pairRequestSchema, settingsPatchSchema, ticketRequestSchema } from '../core/kioskApiSchemas.js';

export interface BridgeServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

/** The display's scripts and styles come from this server only; nothing inline, nothing remote. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};
const MAX_BODY_BYTES = 16_384;
/** A display never needs more than this many states a second. */
const STATE_EVERY_MS = 50;
const KEEP_ALIVE_MS = 15_000;

function send(res: ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** Streams every state as a server-sent event, at most one per STATE_EVERY_MS. */
function streamStates(core: KioskCore, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
  let latest: KioskState | undefined;
  let timer: NodeJS.Timeout | undefined;
  const write = () => {
    timer = undefined;
    if (latest) res.write(`data: ${JSON.stringify(latest)}\n\n`);
    latest = undefined;
  };
  const unsubscribe = core.subscribe((state) => {
    latest = state;
    timer ??= setTimeout(write, STATE_EVERY_MS);
  });
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  req.on('close', () => {
    unsubscribe();
    clearInterval(keepAlive);
    if (timer) clearTimeout(timer);
  });
}

/**
 * The agent's localhost bridge: serves the built display and speaks the
 * KioskApi over HTTP (GET /api/events streams the state; POST /api/<action>
 * acts), so any browser on the box shows the kitchen display. It listens on
 * 127.0.0.1 only, answers only requests addressed to that host (no DNS
 * rebinding), and takes actions only as JSON from its own origin.
 */
export async function startBridgeServer(options: {
  core: KioskCore;
  port: number;
  rendererDir: string;
}): Promise<BridgeServer> {
  const { core } = options;
  const root = resolve(options.rendererDir);
  let hosts = new Set<string>();

  const actions: Record<string, { schema: z.ZodType; act(input: never): Promise<ActionResult> }> = {
    bump: { schema: ticketRequestSchema, act: (input: { orderId: string }) => core.bump(input.orderId) },
    recall: { schema: ticketRequestSchema, act: (input: { orderId: string }) => core.recall(input.orderId) },
    reprint: { schema: ticketRequestSchema, act: (input: { orderId: string }) => core.reprint(input.orderId) },
    pair: { schema: pairRequestSchema, act: (input: z.infer<typeof pairRequestSchema>) => core.pair(input) },
    settings: {
      schema: settingsPatchSchema,
      act: (input: z.infer<typeof settingsPatchSchema>) => core.updateSettings(input),
    },
  };

  async function serveFile(pathname: string, res: ServerResponse): Promise<void> {
    const path = resolve(join(root, pathname === '/' ? 'index.html' : decodeURIComponent(pathname)));
    if (path !== root && !path.startsWith(root + sep)) return send(res, 404, '{"error":"not found"}');
    let body: Buffer;
    try {
      body = await readFile(path);
    } catch {
      if (pathname !== '/') return send(res, 404, '{"error":"not found"}');
      return send(res, 503, 'The display is not built: npm run build -w kiosk', 'text/plain; charset=utf-8');
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
      'cache-control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store',
    });
    res.end(body);
  }

  async function act(name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const action = actions[name];
    if (!action) return send(res, 404, '{"error":"no such action"}');
    const origin = req.headers.origin;
    if (!req.headers['content-type']?.startsWith('application/json') || (origin && !hosts.has(new URL(origin).host))) {
      return send(res, 403, '{"error":"actions come as JSON from the display itself"}');
    }
    let input;
    try {
      input = action.schema.safeParse(await readJson(req));
    } catch {
      return send(res, 400, '{"ok":false,"message":"not JSON"}');
    }
    if (!input.success) return send(res, 400, JSON.stringify({ ok: false, message: input.error.issues[0]?.message }));
    send(res, 200, JSON.stringify(await action.act(input.data as never)));
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'POST' && pathname.startsWith('/api/')) return act(pathname.slice('/api/'.length), req, res);
    if (req.method !== 'GET') return send(res, 405, '{"error":"method not allowed"}');
    if (pathname === '/api/events') return streamStates(core, req, res);
    if (pathname === '/api/state') return send(res, 200, JSON.stringify(core.state()));
    return serveFile(pathname, res);
  }

  const server = createServer((req, res) => {
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    if (!hosts.has(req.headers.host ?? '')) return send(res, 421, '{"error":"wrong host"}');
    route(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, '{"error":"internal"}');
      else res.destroy();
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolveListen);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the bridge has no port');
  hosts = new Set([`127.0.0.1:${address.port}`, `localhost:${address.port}`]);

  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
