import { availableParallelism } from 'node:os';
import { Redis } from 'ioredis';
import { prepareBenchDatabase } from './lib/benchDatabase.js';
import { benchTables } from './lib/cartFixtures.js';
import { formatCpu, otherLoadWarning } from './lib/cpuReport.js';
import { orderCeilingScript, prepareOrderCeiling } from './lib/orderCeiling.js';
import { bookChecks, plentyChecks, printChecks, raceChecks, type Check } from './lib/orderChecks.js';
import { orderFigures, type OrderFigures } from './lib/orderFigures.js';
import {
  driveOrders,
  measureOrders,
  seatOrderingDiners,
  type MeasuredOrders,
  type OrderingDiner,
} from './lib/orderLoad.js';
import { pickDishes } from './lib/orderMix.js';
import { createOrderPoster, type OrderPoster } from './lib/orderRequests.js';
import { runPgbench, type PgbenchFigures } from './lib/pgbench.js';
import { formatCount, formatMillis, formatPercent, formatTable } from './lib/report.js';
import { withServerProcess } from './lib/serverProcess.js';
import { forgetOrderStream, tablesideProcess, LOAD_GENERATOR_LIMITS } from './lib/servers.js';
import { addStockedDishes, setStock, stockOf, type StockedDishes } from './lib/stockFixtures.js';
import { formatBackends, startWindowMeters, type WindowMeters } from './lib/windowMeters.js';

/**
 * bench/orders: orders/s and POST .../orders latency at 32 diners, each at its
 * own table, each order a fresh cart of three dishes filled over the diner's
 * socket: (a) on uncontended stock-tracked dishes, (b) with every order also
 * taking one hot stock-tracked dish; then a race of the 32 diners for the hot
 * dish's last 200 units. The ceiling, measured in the same run, is pgbench
 * running placeOrder's writes as one SQL transaction, for each mix. Prints the
 * figures, their share of the ceiling and PASS/FAIL against the targets; exits
 * 1 only if a correctness check failed (oversell, a false SOLD_OUT, an error).
 */
const DINERS = 32;
/** Stock-tracked dishes to draw orders from: enough that two orders in flight rarely share one. */
const DISHES = 3_000;
/** Units of every dish: more than any run sells. */
const PLENTY = 1_000_000;
const RACE = { units: 200, diners: DINERS, timeoutSeconds: 30 };
const TIMING = { warmupSeconds: 3, durationSeconds: 10 };
const CEILING_LOAD = { clients: 8, threads: 2, durationSeconds: 20 };
/** On 2 cores. */
const TARGETS = { ordersPerSec: 1_000, shareOfCeiling: 0.25, p99Ms: 100, hotP99Ms: 250 };
const REDIS_URL = 'redis://127.0.0.1:6379';

interface Mix {
  figures: OrderFigures;
  measured: MeasuredOrders<WindowMeters>;
  checks: Check[];
}

type Measure = (dishes: () => string[]) => Promise<MeasuredOrders<WindowMeters>>;

async function uncontendedMix(measure: Measure, { dishIds }: StockedDishes): Promise<Mix> {
  console.log('(a) uncontended dishes');
  const before = await stockOf(dishIds);
  const measured = await measure(() => pickDishes(dishIds));
  const figures = orderFigures(measured.attempts, measured.window);
  const after = await stockOf(dishIds);
  const checks = plentyChecks('(a)', figures, [
    { what: 'dish units', before: before.total, after: after.total, perOrder: 3 },
  ]);
  return { figures, measured, checks };
}

async function hotMix(measure: Measure, { dishIds, hotDishId }: StockedDishes): Promise<Mix> {
  console.log('(b) every order takes the hot dish');
  const [hotBefore, before] = [await stockOf([hotDishId]), await stockOf(dishIds)];
  const measured = await measure(() => pickDishes(dishIds, hotDishId));
  const figures = orderFigures(measured.attempts, measured.window);
  const [hotAfter, after] = [await stockOf([hotDishId]), await stockOf(dishIds)];
  const checks = plentyChecks('(b)', figures, [
    { what: 'hot dish units', before: hotBefore.total, after: hotAfter.total, perOrder: 1 },
    { what: 'other dish units', before: before.total, after: after.total, perOrder: 2 },
  ]);
  return { figures, measured, checks };
}

/** Every diner orders the hot dish, down to its last `RACE.units`, until SOLD_OUT stops it. */
async function raceForLastUnits(diners: OrderingDiner[], poster: OrderPoster, { dishIds, hotDishId }: StockedDishes) {
  console.log(`race: ${DINERS} diners for the hot dish's last ${RACE.units} units`);
  await setStock(hotDishId, RACE.units);
  const attempts = await driveOrders(diners, poster, {
    dishes: () => pickDishes(dishIds, hotDishId),
    until: performance.now() + RACE.timeoutSeconds * 1000,
    stopOnSoldOut: true,
  });
  const figures = orderFigures(attempts, { start: -Infinity, end: Infinity });
  const left = (await stockOf([hotDishId])).lowest;
  return { figures, checks: raceChecks(attempts, figures, left, RACE) };
}

async function measureServer(qrTokens: string[], stocked: StockedDishes, redis: Redis) {
  return withServerProcess(tablesideProcess(LOAD_GENERATOR_LIMITS), async (server) => {
    const seated = await seatOrderingDiners(server.url, qrTokens);
    const poster = createOrderPoster(server.url);
    const measure: Measure = (dishes) =>
      measureOrders(seated, poster, dishes, TIMING, () => startWindowMeters([server.pid], redis));
    try {
      console.log(`${DINERS} diners joined and connected`);
      const a = await uncontendedMix(measure, stocked);
      const b = await hotMix(measure, stocked);
      const race = await raceForLastUnits(seated.diners, poster, stocked);
      const dropped = seated.disconnects();
      const socketCheck = { label: 'diner sockets dropped', measured: String(dropped), expected: '0', ok: !dropped };
      return { a, b, race, checks: [...a.checks, ...b.checks, ...race.checks, socketCheck] };
    } finally {
      poster.close();
      seated.close();
    }
  });
}

async function measureCeiling(label: string, script: string): Promise<PgbenchFigures | undefined> {
  const { clients, threads, durationSeconds } = CEILING_LOAD;
  console.log(`ceiling ${label}: pgbench -c ${clients} -j ${threads} -T ${durationSeconds}`);
  try {
    return await runPgbench(script, CEILING_LOAD);
  } catch (error) {
    console.log(`ceiling ${label} not measured: ${(error as Error).message}`);
    return undefined;
  }
}

const share = (mix: Mix, ceiling: PgbenchFigures | undefined) =>
  ceiling ? mix.figures.ordersPerSec / ceiling.tps : NaN;

function figuresRow(label: string, mix: Mix, ceiling: PgbenchFigures | undefined): string[] {
  const { figures, measured } = mix;
  return [
    label,
    formatCount(figures.ordersPerSec),
    formatMillis(figures.p50),
    formatMillis(figures.p99),
    figures.postsInFlight.toFixed(1),
    formatMillis(measured.generatorDelayP99),
    ceiling ? formatCount(ceiling.tps) : '-',
    ceiling ? formatPercent(share(mix, ceiling)) : '-',
  ];
}

function printFigures(a: Mix, b: Mix, ceilingA?: PgbenchFigures, ceilingB?: PgbenchFigures): void {
  const header = ['', 'orders/s', 'p50 ms', 'p99 ms', 'POSTs in flight', 'gen. lag ms', 'ceiling tps', 'share'];
  const rows = [
    figuresRow('(a) uncontended dishes', a, ceilingA),
    figuresRow('(b) every order takes the hot dish', b, ceilingB),
  ];
  console.log(formatTable(header, rows));
  console.log(
    `p50/p99: POST sent → answer complete; POSTs in flight: on average, of the ${DINERS} diners (the others were ` +
      'filling carts);\ngen. lag: p99 of how late the load generator ran; ceiling: pgbench, the same writes as one ' +
      `transaction per order, same mix, ${CEILING_LOAD.clients} clients.`,
  );
  for (const [label, ceiling] of [
    ['ceiling (a)', ceilingA],
    ['ceiling (b)', ceilingB],
  ] as const) {
    if (!ceiling) continue;
    console.log(
      `${label}: ${formatCount(ceiling.tps)} tps, latency average ${ceiling.latencyAverageMs.toFixed(1)} ms, ` +
        `${formatCount(ceiling.transactions)} transactions, ${ceiling.failed} failed`,
    );
  }
  console.log(`CPU (a): ${formatCpu(a.measured.meters.cpu, ['server'])}`);
  console.log(`CPU (b): ${formatCpu(b.measured.meters.cpu, ['server'])}`);
  console.log('CPU in shares of one core over the measured window (machine: all its cores busy; rough).');
  const warning = otherLoadWarning([a.measured.meters.cpu, b.measured.meters.cpu]);
  if (warning) console.log(warning);
  console.log(
    formatBackends('Postgres backends of the bench database, on average over (a):', a.measured.meters.postgres),
  );
  console.log(formatBackends('and over (b):', b.measured.meters.postgres));
}

function printTargets(a: Mix, b: Mix, ceilingA?: PgbenchFigures): void {
  const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const shareA = share(a, ceilingA);
  const { ordersPerSec, shareOfCeiling, p99Ms, hotP99Ms } = TARGETS;
  console.log(
    formatTable(
      ['target (2 cores)', 'measured', 'target', ''],
      [
        [
          '(a) orders/s',
          `${formatCount(a.figures.ordersPerSec)}/s, ${Number.isNaN(shareA) ? '-' : formatPercent(shareA)} of ceiling`,
          `>= ${formatCount(ordersPerSec)}/s or >= ${formatPercent(shareOfCeiling)}`,
          pass(a.figures.ordersPerSec >= ordersPerSec || shareA >= shareOfCeiling),
        ],
        ['(a) p99', `${formatMillis(a.figures.p99)} ms`, `<= ${p99Ms} ms`, pass(a.figures.p99 <= p99Ms)],
        ['(b) p99', `${formatMillis(b.figures.p99)} ms`, `<= ${hotP99Ms} ms`, pass(b.figures.p99 <= hotP99Ms)],
      ],
    ),
  );
}

console.log(
  `bench/orders: ${DINERS} diners at their own tables, 3 dishes per order, ${TIMING.warmupSeconds} s warm-up + ` +
    `${TIMING.durationSeconds} s per mix, ${availableParallelism()} cores, Node ${process.version}; server logs at info`,
);
await prepareBenchDatabase();
const qrTokens = await benchTables(DINERS);
const stocked = await addStockedDishes(DISHES, PLENTY, PLENTY);
const redis = new Redis(REDIS_URL);
try {
  await forgetOrderStream(redis);
  const { a, b, race, checks } = await measureServer(qrTokens, stocked, redis);
  const placed = a.figures.placed + b.figures.placed + race.figures.placed;
  const hot = { itemId: stocked.hotDishId, sold: b.figures.placed + race.figures.placed };
  checks.push(...(await bookChecks(placed, hot, [...stocked.dishIds, stocked.hotDishId])));

  // After the server stopped: its relay would publish the ceiling's outbox rows.
  const ceiling = await prepareOrderCeiling(stocked.dishIds);
  const ceilingA = await measureCeiling('(a)', orderCeilingScript(ceiling));
  await setStock(stocked.hotDishId, PLENTY); // the race sold it out
  const ceilingB = await measureCeiling('(b)', orderCeilingScript(ceiling, stocked.hotDishId));

  console.log('');
  printFigures(a, b, ceilingA, ceilingB);
  console.log('');
  printTargets(a, b, ceilingA);
  console.log('');
  const correct = printChecks(checks);
  for (const [label, figures] of [
    ['(a)', a.figures],
    ['(b)', b.figures],
    ['race', race.figures],
  ] as const) {
    for (const [what, count] of figures.failures) console.log(`  ${label} failed: ${count} × ${what}`);
  }
  if (!correct) process.exitCode = 1;
} finally {
  await redis.quit();
}
