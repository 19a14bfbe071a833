import { get, type IncomingHttpHeaders } from 'node:http';
import { availableParallelism } from 'node:os';
import { prepareBenchDatabase, queryBenchDatabase } from './lib/benchDatabase.js';
import { expectOnlyStatus, measureHttp, type HttpFigures } from './lib/measureHttp.js';
import { formatPercent, formatTable, printFigures } from './lib/report.js';
import { withServerProcess } from './lib/serverProcess.js';
import { bareKoaProcess, tablesideProcess } from './lib/servers.js';

/**
 * bench/menu: requests/s and latency of a diner's menu, revalidated with
 * If-None-Match (304) and fetched whole (200), from the seeded demo
 * restaurant, next to a bare Koa server measured in the same run as the
 * ceiling. Every request carries the Accept-Encoding a phone's browser
 * sends, so a full body is the menu as phones get it, compressed. Prints the
 * figures and their ratios to the ceiling; exits 1 only if a server answered
 * anything but the status expected.
 */
const LOAD = { connections: 32, warmupSeconds: 2, durationSeconds: 10 };
/** What a phone's browser sends with every request: the menu travels compressed. */
const PHONE_HEADERS = { 'accept-encoding': 'gzip, deflate, br' };
/** Shares of the ceiling's requests/s, on 2 cores. */
const TARGETS = { notModified: 0.6, fullBody: 0.3 };

/** One GET through node:http, whose body is the bytes the server sent (fetch would decompress them). */
async function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    }).on('error', reject);
  });
}

async function measure(label: string, url: string, status: number, headers: Record<string, string> = {}) {
  console.log(`measuring ${label}: ${LOAD.warmupSeconds} s warm-up, ${LOAD.durationSeconds} s measured`);
  const figures = await measureHttp({ url, headers, ...LOAD });
  expectOnlyStatus(label, figures, status);
  return figures;
}

function verdict(label: string, figures: HttpFigures, ceiling: HttpFigures, target: number): string[] {
  const ratio = figures.requestsPerSec / ceiling.requestsPerSec;
  return [label, formatPercent(ratio), `>= ${formatPercent(target)}`, ratio >= target ? 'PASS' : 'FAIL'];
}

console.log(`bench/menu: ${LOAD.connections} connections, ${availableParallelism()} cores, Node ${process.version}`);
await prepareBenchDatabase();
const [table] = await queryBenchDatabase<{ qr_token: string }>('select qr_token from tables where active limit 1');
if (!table) throw new Error('the demo seed left the bench database without an active table');

const ceiling = await withServerProcess(bareKoaProcess(), (koa) =>
  measure('bare Koa GET /healthz', `${koa.url}/healthz`, 200, PHONE_HEADERS),
);

const { notModified, fullBody, menuBytes } = await withServerProcess(tablesideProcess(), async (server) => {
  const menuUrl = `${server.url}/api/v1/tables/${table.qr_token}/menu`;
  const first = await rawGet(menuUrl, PHONE_HEADERS);
  const etag = first.headers.etag;
  if (first.status !== 200 || typeof etag !== 'string') {
    throw new Error(`GET menu answered ${first.status}${etag ? '' : ' without an ETag'}: ${first.body.slice(0, 300)}`);
  }
  return {
    notModified: await measure('menu with If-None-Match (304)', menuUrl, 304, {
      ...PHONE_HEADERS,
      'if-none-match': etag,
    }),
    fullBody: await measure('menu, full body (200)', menuUrl, 200, PHONE_HEADERS),
    menuBytes: `${first.body.length} bytes, ${first.headers['content-encoding'] ?? 'not compressed'}`,
  };
});

console.log('');
printFigures([
  { label: 'bare Koa GET /healthz (ceiling)', figures: ceiling },
  { label: 'menu with If-None-Match (304)', figures: notModified },
  { label: `menu, full body (200, ${menuBytes})`, figures: fullBody },
]);
console.log('');
console.log(
  formatTable(
    ['requests/s of the ceiling', 'measured', 'target', ''],
    [
      verdict('304 path / ceiling', notModified, ceiling, TARGETS.notModified),
      verdict('full body / ceiling', fullBody, ceiling, TARGETS.fullBody),
    ],
  ),
);
