import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { prepareBenchDatabase } from './lib/benchDatabase.js';
import { benchTables } from './lib/cartFixtures.js';
import { formatCpu, otherLoadWarning } from './lib/cpuReport.js';
import { connectKiosk, pairKiosk, type ConnectedKiosk } from './lib/kiosk.js';
import { kitchenFigures, type Spread } from './lib/kitchenFigures.js';
import { orderFigures } from './lib/orderFigures.js';
import { measureOrders, seatOrderingDiners, type OrderAttempt } from './lib/orderLoad.js';
import { pickDishes } from './lib/orderMix.js';
import { createOrderPoster } from './lib/orderRequests.js';
import { formatCount, formatMillis, formatTable } from './lib/report.js';
import { withServerProcesses } from './lib/serverProcess.js';
import { BENCH_ORDER_STREAM, forgetOrderStream, tablesideProcess, LOAD_GENERATOR_LIMITS } from './lib/servers.js';
import { addStockedDishes } from './lib/stockFixtures.js';
import { streamAppendTimes } from './lib/streamAppends.js';
import { formatBackends, startWindowMeters } from './lib/windowMeters.js';

/**
 * bench/kitchen: how long a new order takes to reach the kitchen under the
 * load of bench/orders (a), with the kiosk on the other instance. Diners join
 * and order through instance A; a paired kiosk listens on instance B's
 * `/kitchen`. For every order, p50/p99 of the time until `kitchen:order`
 * reaches the kiosk from: its event's append to the `orders` stream, right
 * after the commit (the target's measure); the 201 reaching the diner; the
 * order's `createdAt`. Exits 1 if an order answered 201 never reached the
 * kiosk, or reached it as two different events.
 */
const DINERS = 32;
const DISHES = 3_000;
const PLENTY = 1_000_000;
const TIMING = { warmupSeconds: 3, durationSeconds: 15 };
/** How long to wait after the load for orders still on their way to the kiosk. */
const DRAIN_SECONDS = 10;
/** On 2 cores. */
const TARGET_P99_MS = 100;
const REDIS_URL = 'redis://127.0.0.1:6379';

/** Waits until the kiosk has every placed order, or the drain time is over. */
async function drain(kiosk: ConnectedKiosk, attempts: OrderAttempt[]): Promise<void> {
  const expected = new Set(attempts.flatMap((attempt) => (attempt.orderId ? [attempt.orderId] : [])));
  const deadline = performance.now() + DRAIN_SECONDS * 1000;
  while (performance.now() < deadline) {
    const received = new Set(kiosk.receipts.map((receipt) => receipt.orderId));
    if ([...expected].every((orderId) => received.has(orderId))) return;
    await sleep(50);
  }
}

const spreadCells = (spread: Spread) => [
  formatMillis(spread.p50),
  formatMillis(spread.p99),
  formatCount(spread.negative),
];

console.log(
  `bench/kitchen: ${DINERS} diners ordering on instance A as in bench/orders (a), a kiosk on instance B, ` +
    `${TIMING.warmupSeconds} s warm-up + ${TIMING.durationSeconds} s, ${availableParallelism()} cores, ` +
    `Node ${process.version}; server logs at info`,
);
await prepareBenchDatabase();
const qrTokens = await benchTables(DINERS);
const { dishIds } = await addStockedDishes(DISHES, PLENTY, PLENTY);
const redis = new Redis(REDIS_URL);
try {
  await forgetOrderStream(redis);
  // Both instances run every role: each reads the `orders` stream in the one consumer group, and the
  // Socket.IO Redis adapter carries what either emits to the kiosk's room on B.
  const instance = (name: string) => ({ ...tablesideProcess(LOAD_GENERATOR_LIMITS), name });
  const run = await withServerProcesses([instance('tableside-a'), instance('tableside-b')], async (servers) => {
    const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
    const kiosk = await connectKiosk(b.url, await pairKiosk(b.url));
    const seated = await seatOrderingDiners(a.url, qrTokens).catch((error: unknown) => {
      kiosk.close();
      throw error;
    });
    const poster = createOrderPoster(a.url);
    try {
      console.log(`kiosk paired and connected to B; ${DINERS} diners joined and connected to A`);
      const measured = await measureOrders(
        seated,
        poster,
        () => pickDishes(dishIds),
        TIMING,
        () => startWindowMeters([a.pid, b.pid], redis),
      );
      await drain(kiosk, measured.attempts);
      return {
        measured,
        receipts: [...kiosk.receipts],
        kioskDropped: kiosk.dropped(),
        dinersDropped: seated.disconnects(),
      };
    } finally {
      poster.close();
      seated.close();
      kiosk.close();
    }
  });

  const { measured } = run;
  const orders = orderFigures(measured.attempts, measured.window);
  const appendedAt = await streamAppendTimes(redis, BENCH_ORDER_STREAM);
  const kitchen = kitchenFigures(measured.attempts, measured.window, run.receipts, appendedAt);
  console.log('');
  console.log(
    `load on A: ${formatCount(orders.ordersPerSec)} orders/s, POST p50 ${formatMillis(orders.p50)} ms, ` +
      `p99 ${formatMillis(orders.p99)} ms, ${orders.failed} failed; generator lag p99 ${formatMillis(measured.generatorDelayP99)} ms`,
  );
  console.log(
    formatTable(
      ['to the kiosk on B', 'p50 ms', 'p99 ms', 'below 0'],
      [
        ['stream append (commit) → kitchen:order', ...spreadCells(kitchen.fromStreamAppend)],
        ['201 reached the diner → kitchen:order', ...spreadCells(kitchen.fromAnswer)],
        ["order's createdAt → kitchen:order", ...spreadCells(kitchen.fromCreatedAt)],
      ],
    ),
  );
  console.log(
    `${formatCount(kitchen.measured)} orders sent in the measured window (${kitchen.notInStream} not found in the stream).\n` +
      'stream append: the entry id of the order event the server appends to the `orders` stream right after the commit ' +
      "(Redis's clock, ms) → receipt (Date.now()): the commit-to-kiosk path.\n" +
      '201: the answer complete in this process → receipt (performance.now()); below 0, the kiosk had the order before ' +
      'the diner had the 201\n(after the append the server still marks the outbox row, clears the cart, then answers).\n' +
      "createdAt: Postgres's now() at the start of the order's transaction → receipt: includes the transaction itself.",
  );
  console.log(`CPU: ${formatCpu(measured.meters.cpu, ['A', 'B'])}`);
  const warning = otherLoadWarning([measured.meters.cpu]);
  if (warning) console.log(warning);
  console.log(formatBackends('Postgres backends of the bench database, on average:', measured.meters.postgres, 3));

  console.log('');
  const p99 = kitchen.fromStreamAppend.p99;
  console.log(
    formatTable(
      ['', 'measured', 'target', ''],
      [
        [
          'commit (stream append) → kitchen:order p99 (2 cores)',
          `${formatMillis(p99)} ms`,
          `<= ${TARGET_P99_MS} ms`,
          p99 <= TARGET_P99_MS ? 'PASS' : 'FAIL',
        ],
        [
          '201 orders that never reached the kiosk',
          `${kitchen.missing} of ${formatCount(kitchen.placed)}`,
          '0',
          kitchen.missing === 0 ? 'PASS' : 'FAIL',
        ],
        [
          'orders announced as two different events',
          String(kitchen.announcedTwice),
          '0',
          kitchen.announcedTwice === 0 ? 'PASS' : 'FAIL',
        ],
      ],
    ),
  );
  console.log(
    `redelivered events (dropped by event id): ${kitchen.duplicates}; events of orders not placed in this run: ` +
      `${kitchen.foreign}; kiosk dropped: ${run.kioskDropped ? 'yes' : 'no'}; diner sockets dropped: ${run.dinersDropped}`,
  );
  for (const [what, count] of orders.failures) console.log(`  failed: ${count} × ${what}`);
  if (kitchen.missing > 0 || kitchen.announcedTwice > 0) process.exitCode = 1;
} finally {
  await redis.quit();
}
