import { execFileSync } from 'node:child_process';
import { get, type IncomingHttpHeaders } from 'node:http';
import { availableParallelism } from 'node:os';
import { prepareBenchDatabase, queryBenchDatabase } from './lib/benchDatabase.js';
import { expectOnlyStatus, measureHttpInRounds, type HttpFigures } from './lib/measureHttp.js';
import { formatPercent, formatTable, printFigures } from './lib/report.js';
import { withServerProcesses } from './lib/serverProcess.js';
import { bareKoaProcess, tablesideProcess } from './lib/servers.js';

/**
 * bench/menu: requests/s and latency of a diner's menu, revalidated with
 * If-None-Match (304) and fetched whole (200), from the seeded demo
 * restaurant, next to a bare Koa server measured in the same run as the
 * ceiling, taking turns with it in short rounds so that both see the same
 * machine. Every request carries the Accept-Encoding a phone's browser
 * sends, so a full body is the menu as phones get it, compressed. Prints the
 * figures and their ratios to the ceiling; exits 1 only if a server answered
 * anything but the status expected.
 */
const LOAD = { connections: 32, warmupSeconds: 2, roundSeconds: 2, rounds: 6 };
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

/**
 * The load generator on core 0, both servers on core 1: each server has the
 * same core to itself while it is measured, and the scheduler cannot move
 * one onto the generator's core for a while (which, on two cores, moved
 * the ratio by ten points from run to run). Left to the scheduler on a
 * machine without `taskset` or with one core.
 */
function pinCores(generator: number, ...servers: number[]): void {
  if (availableParallelism() < 2) return;
  try {
    execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', '0', String(generator)], { stdio: 'ignore' });
    for (const pid of servers) {
      execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', '1', String(pid)], { stdio: 'ignore' });
    }
    console.log('load generator pinned to core 0, the servers to core 1');
  } catch {
    console.log('taskset is not available: processes are not pinned to cores');
  }
}

function verdict(label: string, figures: HttpFigures, ceiling: HttpFigures, target: number): string[] {
  const ratio = figures.requestsPerSec / ceiling.requestsPerSec;
  return [label, formatPercent(ratio), `>= ${formatPercent(target)}`, ratio >= target ? 'PASS' : 'FAIL'];
}

console.log(`bench/menu: ${LOAD.connections} connections, ${availableParallelism()} cores, Node ${process.version}`);
await prepareBenchDatabase();
const [table] = await queryBenchDatabase<{ qr_token: string }>('select qr_token from tables where active limit 1');
if (!table) throw new Error('the demo seed left the bench database without an active table');

const LABELS = {
  ceiling: 'bare Koa GET /healthz (ceiling)',
  notModified: 'menu with If-None-Match (304)',
  fullBody: 'menu, full body (200)',
};
const { figures, menuBytes } = await withServerProcesses(
  [bareKoaProcess(), tablesideProcess()],
  async ([koa, server]) => {
    const menuUrl = `${server!.url}/api/v1/tables/${table.qr_token}/menu`;
    const first = await rawGet(menuUrl, PHONE_HEADERS);
    const etag = first.headers.etag;
    if (first.status !== 200 || typeof etag !== 'string') {
      throw new Error(
        `GET menu answered ${first.status}${etag ? '' : ' without an ETag'}: ${first.body.slice(0, 300)}`,
      );
    }
    pinCores(process.pid, koa!.pid, server!.pid);
    console.log(
      `measuring the ceiling and both menu paths in turn: ${LOAD.warmupSeconds} s warm-up each, ` +
        `then ${LOAD.rounds} rounds of ${LOAD.roundSeconds} s each`,
    );
    const loads = [
      { label: LABELS.ceiling, url: `${koa!.url}/healthz`, headers: PHONE_HEADERS },
      { label: LABELS.notModified, url: menuUrl, headers: { ...PHONE_HEADERS, 'if-none-match': etag } },
      { label: LABELS.fullBody, url: menuUrl, headers: PHONE_HEADERS },
    ];
    return {
      figures: await measureHttpInRounds(loads, LOAD),
      menuBytes: `${first.body.length} bytes, ${first.headers['content-encoding'] ?? 'not compressed'}`,
    };
  },
);
const ceiling = figures.get(LABELS.ceiling)!;
const notModified = figures.get(LABELS.notModified)!;
const fullBody = figures.get(LABELS.fullBody)!;
expectOnlyStatus(LABELS.ceiling, ceiling, 200);
expectOnlyStatus(LABELS.notModified, notModified, 304);
expectOnlyStatus(LABELS.fullBody, fullBody, 200);

console.log('');
printFigures([
  { label: LABELS.ceiling, figures: ceiling },
  { label: LABELS.notModified, figures: notModified },
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
