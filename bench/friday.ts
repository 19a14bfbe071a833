import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { prepareBenchDatabase } from './lib/benchDatabase.js';
import type { CpuShares } from './lib/cpuMeter.js';
import { otherLoadWarning, unaccountedCpu } from './lib/cpuReport.js';
import { createFanoutRecorder, quantile, type FanoutRecorder } from './lib/fanoutRecorder.js';
import { groupBookChecks } from './lib/groupChecks.js';
import { connectGroup, joinGroup, type SeatedGroup } from './lib/groupDiners.js';
import { connectKiosk, pairKiosk, type ConnectedKiosk } from './lib/kiosk.js';
import { kitchenFigures, type Spread } from './lib/kitchenFigures.js';
import { mapLimited } from './lib/limited.js';
import { menuEtag, startMenuBrowsing, type BrowsingFigures } from './lib/menuBrowsing.js';
import { printChecks, type Check } from './lib/orderChecks.js';
import { orderFigures, type OrderFigures } from './lib/orderFigures.js';
import { createOrderPoster } from './lib/orderRequests.js';
import type { BackendShare } from './lib/postgresWaits.js';
import { residentBytes } from './lib/processMemory.js';
import { PUBLISHED_PEAKS, REFERENCE_PEAK, TARGET_MULTIPLE } from './lib/publishedPeaks.js';
import { formatCount, formatMillis, formatPercent, formatTable } from './lib/report.js';
import { seedRestaurantGroup } from './lib/restaurantGroup.js';
import { withServerProcesses, type ServerProcess } from './lib/serverProcess.js';
import { BENCH_ORDER_STREAM, forgetOrderStream, tablesideProcess } from './lib/servers.js';
import { streamAppendTimes } from './lib/streamAppends.js';
import { createOrderScheduler, createTableOrders } from './lib/tableOrders.js';
import { formatBackends, startWindowMeters } from './lib/windowMeters.js';

/**
 * bench/friday: a restaurant group's Friday peak on one machine. 50
 * restaurants of 40 tables, 4 diners at every table, each on its own socket,
 * split over two server instances (client API, realtime and relay on each);
 * one kiosk per restaurant on `/kitchen`, acking every order. Diners browse
 * the menu (revalidated by ETag) all along; orders come at a rising rate,
 * each one four diners adding a dish to their table's cart at once and one of
 * them submitting it, in steps, until the orders' p99 exceeds 250 ms or the
 * servers fall behind (twice in a row at one rate). Prints per step the orders/s, the POST's p99, the cart
 * fan-out's p99, commit → kiosk p99 and the CPU of every process; then the
 * sustained rate against published peaks, memory per 1,000 sockets, and the
 * books checked in Postgres (PASS/FAIL). `--quick` (or FRIDAY_QUICK=1): 10
 * restaurants and shorter steps. BENCH_DATABASE runs it on a database of its
 * own, beside another benchmark; BENCH_CPU_PROFILE_DIR profiles the servers.
 * Exits 1 if a guarantee failed.
 */
const QUICK = process.argv.includes('--quick') || process.env.FRIDAY_QUICK === '1';
const RESTAURANTS = QUICK ? 10 : 50;
const TABLES_PER_RESTAURANT = 40;
const DINERS_PER_TABLE = 4;
/** Orders started per second, step after step. */
const RATES = [10, 25, 50, 75, 100, 150, 200, 250, 300, 400, 500, 650, 800, 1000, 1300, 1600, 2000];
const STEP = QUICK ? { settleSeconds: 1, measuredSeconds: 4 } : { settleSeconds: 2, measuredSeconds: 8 };
const TARGET_P99_MS = 250;
/** Below this share of the orders started, answered, a step has fallen behind. */
const KEEPING_UP = 0.9;
/** Each diner revalidates the menu this often, on average. */
const MENU_EVERY_SECONDS = 30;
const SPECIAL_SHARE = 0.2;
const SPECIAL_STOCK = 10;
const PLENTY = 1_000_000;
const DRAIN_SECONDS = 15;
/** The pause between a failed step, once its orders are answered, and its retry. */
const RECOVERY_SECONDS = 3;
const REDIS_URL = 'redis://127.0.0.1:6379';
const DELAY_RESOLUTION_MS = 10;

interface Step {
  rate: number;
  window: { start: number; end: number };
  orders: OrderFigures;
  /** POSTs answered (201 or SOLD_OUT) per second. */
  answeredPerSec: number;
  skipped: number;
  /** Cart op emitted → the table's last diner has the state. */
  fanout: { p50: number; p99: number };
  cartOpsPerSec: number;
  /** The order's stream append (right after the commit) → kitchen:order at the kiosk. */
  kiosk: Spread;
  menu: BrowsingFigures;
  cpu: CpuShares;
  /** What the bench database's backends were doing, on average over the window. */
  postgres: BackendShare[];
  generatorLagP99: number;
  passed: boolean;
}

/** RSS of server A, server B and this process (the clients), before and after the sockets connected. */
interface Memory {
  sockets: number;
  before: number[];
  after: number[];
}

const MB = 1024 * 1024;

async function connectKiosks(servers: ServerProcess[], slugs: string[]): Promise<ConnectedKiosk[]> {
  const urls = servers.map((server) => server.url);
  const tokens = await mapLimited(slugs, 8, (slug, i) => pairKiosk(urls[i % urls.length]!, slug));
  return mapLimited(tokens, 8, (token, i) => connectKiosk(urls[i % urls.length]!, token, { ack: true }));
}

const rssOf = (servers: ServerProcess[]) => [
  ...servers.map((server) => residentBytes(server.pid)),
  process.memoryUsage().rss,
];

function passes(step: Omit<Step, 'passed' | 'kiosk'>): boolean {
  return step.orders.p99 <= TARGET_P99_MS && step.answeredPerSec >= KEEPING_UP * step.rate && step.skipped === 0;
}

function stepRow(step: Step): string[] {
  const { cpu } = step;
  return [
    String(step.rate),
    formatCount(step.orders.ordersPerSec),
    formatMillis(step.orders.p50),
    formatMillis(step.orders.p99),
    formatCount(step.cartOpsPerSec),
    formatMillis(step.fanout.p50),
    formatMillis(step.fanout.p99),
    formatMillis(step.kiosk.p50),
    formatMillis(step.kiosk.p99),
    formatCount(step.menu.requestsPerSec),
    ...cpu.servers.map(formatPercent),
    formatPercent(cpu.redis),
    formatPercent(cpu.postgres),
    formatPercent(cpu.generator),
    formatPercent(cpu.machine),
    formatMillis(step.generatorLagP99),
    step.passed ? 'yes' : 'no',
  ];
}

console.log(
  `bench/friday${QUICK ? ' --quick' : ''}: ${RESTAURANTS} restaurants × ${TABLES_PER_RESTAURANT} tables × ` +
    `${DINERS_PER_TABLE} diners over 2 instances, a kiosk per restaurant; steps of ${STEP.settleSeconds} s + ` +
    `${STEP.measuredSeconds} s measured; ${availableParallelism()} cores, Node ${process.version}; ` +
    `started ${new Date().toISOString()}`,
);
let seconds = performance.now();
const lap = () => {
  const elapsed = (performance.now() - seconds) / 1000;
  seconds = performance.now();
  return `${elapsed.toFixed(1)} s`;
};
await prepareBenchDatabase();
const restaurants = await seedRestaurantGroup({
  restaurants: RESTAURANTS,
  tablesPerRestaurant: TABLES_PER_RESTAURANT,
  plenty: PLENTY,
  specialStock: SPECIAL_STOCK,
});
console.log(`bench database migrated and ${RESTAURANTS} restaurants seeded in ${lap()}`);
const redis = new Redis(REDIS_URL);
await forgetOrderStream(redis);

// Both instances serve diners' HTTP and sockets and read the `orders` stream in the one consumer group; each
// runs the relay too (a second relay is safe: de-duplication). Every join and pairing comes from 127.0.0.1.
const instance = (name: string) => ({
  ...tablesideProcess({
    ROLE: 'client-api,realtime,relay',
    JOIN_RATE_PER_MINUTE: '1000000',
    PAIR_RATE_PER_MINUTE: '1000',
  }),
  name,
});

const run = await withServerProcesses([instance('friday-a'), instance('friday-b')], async (servers) => {
  const urls = servers.map((server) => server.url);
  const joined = await joinGroup(restaurants, urls, DINERS_PER_TABLE);
  console.log(`${formatCount(joined.length * DINERS_PER_TABLE)} diners joined their tables (POST /join) in ${lap()}`);

  const before = rssOf(servers);
  const kiosks = await connectKiosks(
    servers,
    restaurants.map((restaurant) => restaurant.slug),
  );
  let group: SeatedGroup | undefined;
  try {
    group = await connectGroup(joined);
    const sockets = kiosks.length + group.sockets();
    await sleep(3_000);
    const memory: Memory = { sockets, before, after: rssOf(servers) };
    console.log(`${formatCount(sockets)} sockets connected (diners and kiosks) in ${lap()}`);
    return await rampUp(servers, group, kiosks, memory);
  } finally {
    group?.close();
    for (const kiosk of kiosks) kiosk.close();
  }
});

interface Load {
  pids: number[];
  scheduler: ReturnType<typeof createOrderScheduler>;
  browsing: ReturnType<typeof startMenuBrowsing>;
  /** Cart ops whose state reached the whole table: when each was emitted, and how long that took. */
  completions: [sentAt: number, ms: number][];
}

/** One step of the ramp: `rate` orders/s, settled, then measured; resolves once the window's orders are answered. */
async function measureStep(rate: number, load: Load): Promise<Omit<Step, 'kiosk'>> {
  const { scheduler, browsing, completions } = load;
  scheduler.setRate(rate);
  await sleep(STEP.settleSeconds * 1000);
  const start = performance.now();
  const meters = await startWindowMeters(load.pids, redis);
  const delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  delay.enable();
  await sleep(STEP.measuredSeconds * 1000);
  const end = performance.now();
  delay.disable();
  const { cpu, postgres } = await meters.stop();
  // The load goes on at this rate while the last orders of the window are answered.
  await scheduler.settledBefore(end);
  const seconds = (end - start) / 1000;
  const inWindow = (at: number) => at >= start && at < end;
  const fanoutMs = completions
    .filter(([sentAt]) => inWindow(sentAt))
    .map(([, ms]) => ms)
    .sort((a, b) => a - b);
  const answered = scheduler.attempts.filter(
    (a) => inWindow(a.sentAt) && (a.outcome === 'placed' || a.outcome === 'soldOut'),
  );
  const step = {
    rate,
    window: { start, end },
    orders: orderFigures(scheduler.attempts, { start, end }),
    answeredPerSec: answered.length / seconds,
    skipped: scheduler.skipped.filter(inWindow).length,
    fanout: { p50: quantile(fanoutMs, 0.5), p99: quantile(fanoutMs, 0.99) },
    cartOpsPerSec: fanoutMs.length / seconds,
    menu: browsing.figures({ start, end }),
    cpu,
    postgres,
    generatorLagP99: Math.max(0, delay.percentile(99) / 1e6 - DELAY_RESOLUTION_MS),
  };
  return { ...step, passed: passes(step) };
}

/** Waits until every placed order reached a kiosk and every cart op its whole table, or the drain time is over. */
async function drain(load: Load, kiosks: ConnectedKiosk[], recorder: FanoutRecorder): Promise<void> {
  const placed = load.scheduler.attempts.flatMap((a) => (a.outcome === 'placed' ? [a.orderId!] : []));
  const deadline = performance.now() + DRAIN_SECONDS * 1000;
  for (;;) {
    const received = new Set(kiosks.flatMap((kiosk) => kiosk.receipts.map((receipt) => receipt.orderId)));
    const done = recorder.outstanding() === 0 && placed.every((id) => received.has(id));
    if (done || performance.now() >= deadline) return;
    await sleep(200);
  }
}

/** The menu's ETag of every restaurant, as a diner's phone got it when it sat down. */
async function menuEtags(group: SeatedGroup): Promise<Map<string, string>> {
  const etags = new Map<string, string>();
  for (const table of group.tables) {
    if (etags.has(table.restaurant.id)) continue;
    etags.set(table.restaurant.id, await menuEtag(table.diners[0]!.url, table.qrToken));
  }
  return etags;
}

/** Browsing all along, orders step after step until one fails; then the drain. */
async function rampUp(servers: ServerProcess[], group: SeatedGroup, kiosks: ConnectedKiosk[], memory: Memory) {
  const completions: Load['completions'] = [];
  const recorder = createFanoutRecorder(group.tables.length, DINERS_PER_TABLE, (sentAt, ms) =>
    completions.push([sentAt, ms]),
  );
  recorder.openWindow(performance.now());
  group.onCartState((table, version) => recorder.stateReceived(table, version, performance.now()));
  const posters = new Map(servers.map((server) => [server.url, createOrderPoster(server.url)]));
  const etags = await menuEtags(group);
  const browsers = group.tables.flatMap((table) =>
    table.diners.map((diner) => ({ url: diner.url, qrToken: table.qrToken, restaurantId: table.restaurant.id })),
  );
  const load: Load = {
    pids: servers.map((server) => server.pid),
    scheduler: createOrderScheduler(
      group.tables,
      createTableOrders({ posters, recorder, specialShare: SPECIAL_SHARE }),
    ),
    browsing: startMenuBrowsing(browsers, MENU_EVERY_SECONDS, (i) => etags.get(browsers[i]!.restaurantId)!),
    completions,
  };
  const steps: Omit<Step, 'kiosk'>[] = [];
  try {
    try {
      // A failed step is tried once more before the ramp stops: the machine is shared, and a moment of
      // someone else's load must not pass for the servers' limit.
      for (let next = 0, retried = false; next < RATES.length;) {
        const step = await measureStep(RATES[next]!, load);
        steps.push(step);
        const verdict = step.passed ? '' : retried ? ' → stop' : ' → once more';
        console.log(
          `  ${step.rate} orders/s asked: ${formatCount(step.orders.ordersPerSec)}/s placed, ` +
            `POST p99 ${formatMillis(step.orders.p99)} ms, fan-out p99 ${formatMillis(step.fanout.p99)} ms, ` +
            `${step.orders.failed} failed so far${verdict}`,
        );
        if (step.passed) {
          next++;
          retried = false;
        } else if (retried) {
          break;
        } else {
          // Tried again from a standstill: what was queued at the failed rate must not sink the retry.
          retried = true;
          load.scheduler.setRate(0);
          await load.scheduler.settledBefore(performance.now());
          await sleep(RECOVERY_SECONDS * 1000);
        }
      }
    } finally {
      await load.scheduler.stop();
    }
    await drain(load, kiosks, recorder);
    recorder.closeWindow(performance.now());
  } finally {
    await load.browsing.stop();
    for (const poster of posters.values()) poster.close();
  }
  return {
    steps,
    attempts: load.scheduler.attempts,
    retiredTables: load.scheduler.retired.size,
    fanout: recorder.finish(),
    kioskReceipts: kiosks.map((kiosk) => [...kiosk.receipts]),
    kioskAckFailures: kiosks.reduce((sum, kiosk) => sum + kiosk.ackFailures().count, 0),
    firstAckFailure: kiosks.find((kiosk) => kiosk.ackFailures().first)?.ackFailures().first,
    kiosksDropped: kiosks.filter((kiosk) => kiosk.dropped()).length,
    dinersDropped: group.disconnects(),
    ordersHeard: group.ordersHeard,
    tableIds: group.tables.map((table) => table.tableId),
    dinerLeaks: { ...group.leaks },
    menuTotal: load.browsing.figures({ start: -Infinity, end: Infinity }),
    memory,
  };
}

const appendedAt = await streamAppendTimes(redis, BENCH_ORDER_STREAM);
await redis.quit();
const allReceipts = run.kioskReceipts.flat();
const steps: Step[] = run.steps.map((step) => ({
  ...step,
  kiosk: kitchenFigures(run.attempts, step.window, allReceipts, appendedAt).fromStreamAppend,
}));
// The highest rate that passed: a step that failed and then passed when tried again counts as passed.
const sustained = steps.filter((step) => step.passed).at(-1);

console.log('');
console.log(
  formatTable(
    [
      'asked/s',
      'orders/s',
      'POST p50',
      'POST p99',
      'cart ops/s',
      'fan-out p50',
      'fan-out p99',
      'kiosk p50',
      'kiosk p99',
      'menu GETs/s',
      'CPU A',
      'CPU B',
      'Redis',
      'Postgres',
      'generator',
      'machine',
      'gen. lag',
      'pass',
    ],
    steps.map(stepRow),
  ),
);
console.log(
  "ms throughout. POST: sent → 201 complete; fan-out: cart:add emitted → the last of the table's 4 diners has the " +
    "state; kiosk: the order event's append to the `orders` stream right after the commit → kitchen:order at the " +
    `kiosk. pass: POST p99 <= ${TARGET_P99_MS} ms and >= ${formatPercent(KEEPING_UP)} of the asked orders answered.\n` +
    'CPU in shares of one core over the measured window (machine: both cores; kernel ticks, rough). The load ' +
    'generator is this one process, one event loop: every diner and kiosk socket (socket.io-client), the POSTs and ' +
    'menu GETs over keep-alive node:http agents.',
);
const warning = otherLoadWarning(steps.map((step) => step.cpu));
if (warning) console.log(warning);
const cpuStep = sustained ?? steps[0];
if (cpuStep) {
  const { cpu } = cpuStep;
  console.log(
    `CPU split at ${cpuStep.rate}/s asked (${sustained ? 'the sustained step' : 'the first step'}), in cores: ` +
      `servers ${formatPercent(cpu.servers.reduce((sum, share) => sum + share, 0))}, ` +
      `Postgres ${formatPercent(cpu.postgres)}, Redis ${formatPercent(cpu.redis)}, ` +
      `load generator ${formatPercent(cpu.generator)}, other programs and the kernel ${formatPercent(unaccountedCpu(cpu))}, ` +
      `of ${formatPercent(availableParallelism())}.`,
  );
}

const stopped = steps.filter((step) => !step.passed).at(-1);
for (const [label, step] of [
  ['at the sustained rate', sustained],
  ['at the step that stopped the ramp', stopped],
] as const) {
  if (step)
    console.log(formatBackends(`Postgres backends ${label} (${step.rate}/s asked), on average:`, step.postgres));
}

const { memory } = run;
const perThousand = (i: number) => ((memory.after[i]! - memory.before[i]!) / memory.sockets) * 1000;
const serversPerThousand = perThousand(0) + perThousand(1);
console.log('');
console.log(
  `memory: RSS before → after connecting ${formatCount(memory.sockets)} sockets: A ${(memory.before[0]! / MB).toFixed(0)} → ` +
    `${(memory.after[0]! / MB).toFixed(0)} MB, B ${(memory.before[1]! / MB).toFixed(0)} → ${(memory.after[1]! / MB).toFixed(0)} MB; ` +
    `servers together ${(serversPerThousand / MB).toFixed(1)} MB per 1,000 sockets ` +
    `(the load generator's clients: ${(perThousand(2) / MB).toFixed(1)} MB per 1,000).`,
);
const menuStatuses = [...run.menuTotal.statuses].map(
  ([status, count]) => `${formatCount(count)} × ${status || 'no answer'}`,
);
console.log(
  `menu revalidations over the whole run: ${menuStatuses.join(', ')}; p99 ${formatMillis(run.menuTotal.p99)} ms.`,
);

const sustainedRate = sustained?.orders.ordersPerSec ?? 0;
// Without a sustained rate, the latencies of the first step still say something.
const latencyStep = sustained ?? steps[0];
const latencyStepLabel = sustained ? 'at that rate' : `at the first step (${latencyStep?.rate ?? '-'}/s, failed)`;
const target = REFERENCE_PEAK.ordersPerSec * TARGET_MULTIPLE;
console.log('');
console.log(
  formatTable(
    ['for scale: published peaks', 'when', 'as published', 'orders/s', 'this machine / it'],
    PUBLISHED_PEAKS.map((peak) => [
      peak.platform,
      peak.when,
      peak.published,
      formatCount(peak.ordersPerSec),
      `${(sustainedRate / peak.ordersPerSec).toFixed(2)}×`,
    ]),
  ),
);
for (const peak of PUBLISHED_PEAKS) console.log(`  ${peak.platform}, ${peak.when}: ${peak.source}`);
console.log('');
console.log(
  formatTable(
    ['Friday peak, 2 cores', 'measured', 'target', ''],
    [
      [
        `sustained orders/s with POST p99 <= ${TARGET_P99_MS} ms`,
        sustained ? `${formatCount(sustainedRate)}/s (asked ${sustained.rate}/s)` : 'none: the first step failed',
        `>= ${formatCount(target)}/s (${TARGET_MULTIPLE}× ${REFERENCE_PEAK.platform.split(' ')[0]})`,
        `${formatPercent(sustainedRate / target)} of it: ${sustainedRate >= target ? 'PASS' : 'FAIL'}`,
      ],
      [`cart fan-out p99 ${latencyStepLabel}`, `${formatMillis(latencyStep?.fanout.p99 ?? NaN)} ms`, '', ''],
      [`commit → kiosk p99 ${latencyStepLabel}`, `${formatMillis(latencyStep?.kiosk.p99 ?? NaN)} ms`, '', ''],
      ['memory per 1,000 sockets (both servers)', `${(serversPerThousand / MB).toFixed(1)} MB`, '', ''],
    ],
  ),
);

const checks: Check[] = await groupBookChecks({
  restaurants,
  plenty: PLENTY,
  specialStock: SPECIAL_STOCK,
  attempts: run.attempts,
  unitsPerOrder: DINERS_PER_TABLE,
  kioskReceipts: run.kioskReceipts,
  ordersHeard: run.ordersHeard,
  tableIds: run.tableIds,
  dinerLeaks: run.dinerLeaks,
});
const zero = (label: string, value: number, detail?: string): Check => ({
  label,
  measured: `${formatCount(value)}${detail ? ` (${detail})` : ''}`,
  expected: '0',
  ok: value === 0,
});
checks.push(
  zero('cart: ops left unanswered', run.fanout.unanswered),
  zero('cart: states a diner of the table never received', run.fanout.lost),
  zero('kitchen: acks refused or unanswered', run.kioskAckFailures, run.firstAckFailure),
  zero('sockets dropped by the servers (diners + kiosks)', run.dinersDropped + run.kiosksDropped),
);
console.log('');
const correct = printChecks(checks);
const overall = orderFigures(run.attempts, { start: -Infinity, end: Infinity });
const duplicates = kitchenFigures(
  run.attempts,
  { start: -Infinity, end: Infinity },
  allReceipts,
  appendedAt,
).duplicates;
console.log(
  `${formatCount(overall.placed)} orders placed, ${formatCount(overall.soldOut)} SOLD_OUT, ${formatCount(overall.failed)} failed; ` +
    `${formatCount(duplicates)} kitchen events redelivered (dropped by event id); ${run.retiredTables} tables ` +
    'stopped ordering after a submit that stayed unanswered through its retries.',
);
for (const [what, count] of overall.failures) console.log(`  failed: ${count} × ${what}`);
if (overall.firstFailure) console.log(`  first failure: ${overall.firstFailure}`);
console.log(`finished ${new Date().toISOString()}`);
if (!correct) process.exitCode = 1;
