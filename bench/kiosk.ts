import { createHash, randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { startKioskCore, type KioskCore } from '../kiosk/src/core/kioskCore.js';
import type { KioskState } from '../kiosk/src/core/kioskApi.js';
import { silentLog } from '../kiosk/src/core/log.js';
import { startFakePrinter } from '../kiosk/src/test/fakePrinter.js';
import { startTcpProxy } from '../kiosk/src/test/tcpProxy.js';
import { prepareBenchDatabase, queryBenchDatabase } from './lib/benchDatabase.js';
import { DEMO_SLUG, benchTables, plainDishes } from './lib/cartFixtures.js';
import { quantile } from './lib/fanoutRecorder.js';
import { seatOrderingDiners } from './lib/orderLoad.js';
import { createOrderPoster } from './lib/orderRequests.js';
import { placeAtRate, placeOne, type PlacedOrder } from './lib/pacedOrders.js';
import { formatMillis, formatTable } from './lib/report.js';
import { withServerProcess } from './lib/serverProcess.js';
import { forgetOrderStream, tablesideProcess } from './lib/servers.js';

/**
 * bench/kiosk: one kiosk core (in this process, its journal on the local
 * disk) printing to a fake ESC/POS printer on loopback, against the real
 * server. (1) Orders at 20/s for 60 s after a 5 s warm-up: the time from the
 * order's commit to its whole ticket at the printer, p50 and p99. (2) The
 * kiosk's link cut while 200 orders are placed, then restored: the time from
 * its reconnect until all 200 are on screen, acked and printed. Exits 1 if a
 * ticket was missing or printed twice, or an order failed.
 */
const RATE = 20;
const WARMUP_SECONDS = 5;
const SECONDS = 60;
const MISSED = 200;
const DINERS = 40;
const TARGETS = { p99Ms: 300, catchUpMs: 2_000 };

const spread = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? NaN };
};

async function pairingCode(): Promise<string> {
  const code = `KTCH${String(randomInt(10_000)).padStart(4, '0')}`;
  await queryBenchDatabase(
    `insert into kitchen_pairing_codes (restaurant_id, code_hash, expires_at)
     select id, $2, now() + interval '10 minutes' from restaurants where slug = $1`,
    [DEMO_SLUG, createHash('sha256').update(code).digest('hex')],
  );
  return code;
}

/** Resolves with the first state satisfying `ready`, and when it came (performance.now()). */
function whenState(kiosk: KioskCore, ready: (state: KioskState) => boolean, timeoutMs = 60_000) {
  return new Promise<{ state: KioskState; at: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the kiosk did not get there in time')), timeoutMs);
    const unsubscribe = kiosk.subscribe((state) => {
      if (!ready(state)) return;
      clearTimeout(timer);
      queueMicrotask(() => unsubscribe());
      resolve({ state, at: performance.now() });
    });
  });
}

const printedAt = new Map<number, number[]>();
const printer = await startFakePrinter({
  onConfirmed(ticket, at) {
    const number = Number(ticket.lines.find((line) => /^#\d+$/.test(line))?.slice(1));
    printedAt.set(number, [...(printedAt.get(number) ?? []), at]);
  },
});
const ticketsOf = (orders: PlacedOrder[]) => orders.map((order) => printedAt.get(order.number) ?? []);

await prepareBenchDatabase();
const redis = new Redis('redis://127.0.0.1:6379');
await forgetOrderStream(redis);
redis.disconnect();
const qrTokens = await benchTables(DINERS);
const dishIds = await plainDishes();
const dishes = () => [0, 1, 2].map(() => dishIds[randomInt(dishIds.length)]!);
const dataDir = await mkdtemp(join(tmpdir(), 'tableside-bench-kiosk-'));

const failed = await withServerProcess(
  tablesideProcess({ JOIN_RATE_PER_MINUTE: '1000000', PAIR_RATE_PER_MINUTE: '1000' }),
  async (server) => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(server.url).port) });
    const kiosk = await startKioskCore({
      dataDir,
      settings: { printer: { kind: 'tcp', host: printer.host, port: printer.port }, paperWidthMm: 80 },
      log: silentLog,
    });
    const seated = await seatOrderingDiners(server.url, qrTokens);
    const poster = createOrderPoster(server.url);
    try {
      const paired = await kiosk.pair({
        serverUrl: proxy.url,
        code: await pairingCode(),
        deviceName: 'Bench pass',
        restaurantName: 'Harbour Lane Bistro',
      });
      if (!paired.ok) throw new Error(`the kiosk could not pair: ${paired.message}`);
      await whenState(kiosk, (state) => state.connection.status === 'online');

      console.log(`(1) ${RATE} orders/s for ${WARMUP_SECONDS} s of warm-up and ${SECONDS} s measured, one kiosk`);
      const warmup = await placeAtRate(seated.diners, poster, {
        perSecond: RATE,
        count: RATE * WARMUP_SECONDS,
        dishes,
      });
      const run = await placeAtRate(seated.diners, poster, { perSecond: RATE, count: RATE * SECONDS, dishes });
      await whenState(kiosk, (state) => state.printer.queued === 0 && state.pendingActions === 0);
      const printed = ticketsOf(run.placed);
      const fromCommit = spread(run.placed.map((order, i) => printed[i]![0]! - order.answeredAt));
      const fromStart = spread(run.placed.map((order, i) => printed[i]![0]! - order.createdAt));

      console.log(`(2) the kiosk's link cut while ${MISSED} orders are placed, then restored`);
      proxy.cut();
      await whenState(kiosk, (state) => state.connection.status !== 'online');
      // Each diner places its share one after the other: a table's cart holds one order at a time.
      const shares = await Promise.all(
        seated.diners.map(async (diner, d) => {
          const mine: PlacedOrder[] = [];
          for (let i = d; i < MISSED; i += DINERS) mine.push(await placeOne(diner, poster, dishes()));
          return mine;
        }),
      );
      const missed = shares.flat();
      await sleep(500);
      const missedIds = new Set(missed.map((order) => order.orderId));
      const all = (state: KioskState) => state.tickets.filter((ticket) => missedIds.has(ticket.orderId)).length;
      const reconnected = whenState(kiosk, (state) => state.connection.status === 'connecting');
      const restoredAt = performance.now();
      proxy.restore();
      const shown = whenState(kiosk, (state) => all(state) === MISSED);
      const settled = whenState(
        kiosk,
        (state) => all(state) === MISSED && state.pendingActions === 0 && state.printer.queued === 0,
      );
      const [{ at: attemptAt }, { at: shownAt }, { at: settledAt }] = await Promise.all([reconnected, shown, settled]);

      const everyTicket = [...ticketsOf(warmup.placed), ...printed, ...ticketsOf(missed)];
      const checks = [
        { label: 'orders that failed', value: warmup.failures.length + run.failures.length, expected: 0 },
        { label: 'orders with no ticket', value: everyTicket.filter((at) => at.length === 0).length, expected: 0 },
        { label: 'orders printed twice', value: everyTicket.filter((at) => at.length > 1).length, expected: 0 },
      ];
      const catchUpMs = settledAt - attemptAt;
      console.log(
        `\n${formatTable(
          ['commit → whole ticket at the printer', 'p50 ms', 'p99 ms', 'max ms'],
          [
            ['from the 201 (after the commit)', ...[fromCommit.p50, fromCommit.p99, fromCommit.max].map(formatMillis)],
            [
              'from createdAt (the transaction start)',
              ...[fromStart.p50, fromStart.p99, fromStart.max].map(formatMillis),
            ],
          ],
        )}\n`,
      );
      console.log(
        formatTable(
          [`catch-up of ${MISSED} missed orders`, 'ms'],
          [
            ['link restored → the kiosk reconnects (its backoff)', formatMillis(attemptAt - restoredAt)],
            ['reconnect → all on screen', formatMillis(shownAt - attemptAt)],
            ['reconnect → all acked and printed', formatMillis(catchUpMs)],
          ],
        ),
      );
      console.log(
        `\n${formatTable(
          ['check', 'measured', 'expected', ''],
          [
            [
              `p99 from the 201 ≤ ${TARGETS.p99Ms} ms`,
              formatMillis(fromCommit.p99),
              `≤ ${TARGETS.p99Ms}`,
              fromCommit.p99 <= TARGETS.p99Ms ? 'PASS' : 'FAIL',
            ],
            [
              `catch-up ≤ ${TARGETS.catchUpMs} ms`,
              formatMillis(catchUpMs),
              `≤ ${TARGETS.catchUpMs}`,
              catchUpMs <= TARGETS.catchUpMs ? 'PASS' : 'FAIL',
            ],
            ...checks.map(({ label, value, expected }) => [
              label,
              String(value),
              String(expected),
              value === expected ? 'PASS' : 'FAIL',
            ]),
          ],
        )}`,
      );
      if (run.failures[0]) console.error(`first failure: ${run.failures[0]}`);
      return checks.some(({ value, expected }) => value !== expected);
    } finally {
      poster.close();
      seated.close();
      await kiosk.stop();
      await proxy.close();
    }
  },
);
await printer.close();
await rm(dataDir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
