import { availableParallelism } from 'node:os';
import { Redis } from 'ioredis';
import { seatBareTables } from './lib/bareTables.js';
import { prepareBenchDatabase } from './lib/benchDatabase.js';
import { benchTables, plainDishes } from './lib/cartFixtures.js';
import { countProblems, printLadders, printVerdicts, type Ladder } from './lib/cartReport.js';
import { seatCartTables } from './lib/cartTables.js';
import { startCpuMeter } from './lib/cpuMeter.js';
import { createFanoutLoad, type FanoutFigures } from './lib/fanoutLoad.js';
import type { SeatedTables } from './lib/loadSockets.js';
import { formatCount, formatMillis } from './lib/report.js';
import { withServerProcesses, type ServerProcess } from './lib/serverProcess.js';
import { bareSocketIoProcess, tablesideProcess, LOAD_GENERATOR_LIMITS } from './lib/servers.js';

/**
 * bench/cart: the shared table cart under load. 250 tables of 4 diners, split
 * over two server instances, each table sending cart ops at a set rate; for
 * each rate, op → last diner of the table received the new state (p50, p95,
 * p99), states delivered per second and each process's CPU. The ceiling,
 * measured in the same run, is the same fan-out through bare Socket.IO and
 * its Redis adapter with no cart logic. Exits 1 if an op was refused or went
 * unanswered, or a diner missed a state or was dropped. A quantity change
 * overtaken by its table's clear (possible under an open-loop load) is
 * refused as designed: counted, not a problem (FanoutCounts.overtaken).
 */
const TABLES = 250;
const DINERS_PER_TABLE = 4;
/** Ops per table per second, tried in turn until the ceiling's p99 reaches the latency target. */
const RATES = [0.5, 1, 2, 4, 8, 16, 24, 32];
/**
 * Then the gap between the ceiling's last rate under the target and its first
 * one over is halved until it is this narrow (ops/table/s): the comparison is
 * at the rate where the ceiling's p99 reaches the target, not at the next
 * coarse step past it, where the ceiling itself is already overloaded.
 */
const KNEE_RESOLUTION = 2;
const TIMING = { warmupSeconds: 2, durationSeconds: 10, drainTimeoutSeconds: 5 };
/** On 2 cores. */
const TARGETS = { p99Ms: 50, shareOfCeiling: 0.8 };
/** Below this share of the states it was sent ops for, a server has fallen behind: higher rates tell nothing more. */
const KEEPING_UP = 0.9;
const REDIS_URL = 'redis://127.0.0.1:6379';

const problemsIn = (figures: FanoutFigures) => figures.refused + figures.unanswered + figures.lost;
const fellBehind = (figures: FanoutFigures) =>
  figures.deliveriesPerSec < KEEPING_UP * figures.rate * TABLES * DINERS_PER_TABLE;

/** The next rate to measure, given those measured so far; undefined to stop. */
type NextRate = (measured: FanoutFigures[]) => number | undefined;

/** `rates` in order, stopping after the first one for which `enough` says so. */
const inTurn =
  (rates: number[], enough: (figures: FanoutFigures) => boolean): NextRate =>
  (measured) => {
    const last = measured.at(-1);
    return last && enough(last) ? undefined : rates[measured.length];
  };

/** The ceiling's rates: RATES in turn until its p99 reaches the target, then halving towards that rate. */
const towardsKnee: NextRate = (measured) => {
  const over = measured.filter((figures) => figures.p99 >= TARGETS.p99Ms).map((figures) => figures.rate);
  if (over.length === 0) return RATES[measured.length];
  const high = Math.min(...over);
  const low = Math.max(
    0,
    ...measured.map((figures) => figures.rate).filter((rate) => rate < high && !over.includes(rate)),
  );
  return high - low > KNEE_RESOLUTION ? (low + high) / 2 : undefined;
};

/**
 * Measures the rates `next` picks on seated tables, printing each as it ends,
 * and stops after the first one with a problem. The ladder is in rate order.
 */
async function climb(
  label: string,
  seated: SeatedTables,
  servers: ServerProcess[],
  redis: Redis,
  next: NextRate,
): Promise<Ladder> {
  const load = createFanoutLoad(seated.tables, DINERS_PER_TABLE);
  const pids = servers.map((server) => server.pid);
  const figures: FanoutFigures[] = [];
  for (let rate = next(figures); rate !== undefined; rate = next(figures)) {
    const measured = await load.run(rate, TIMING, () => startCpuMeter(pids, redis));
    figures.push(measured);
    console.log(
      `  ${label} at ${rate} ops/table/s: ${formatCount(measured.deliveriesPerSec)} deliveries/s,` +
        ` p99 ${formatMillis(measured.p99)} ms, ${problemsIn(measured)} problems`,
    );
    if (problemsIn(measured) > 0 || seated.disconnects() > 0) break;
  }
  return { figures: figures.sort((a, b) => a.rate - b.rate), dropped: seated.disconnects() };
}

async function measureCeiling(redis: Redis): Promise<Ladder> {
  const instances = [bareSocketIoProcess('bare-socketio-a'), bareSocketIoProcess('bare-socketio-b')];
  return withServerProcesses(instances, async (servers) => {
    const urls = servers.map((server) => server.url);
    const seated = await seatBareTables({ urls, tableCount: TABLES, dinersPerTable: DINERS_PER_TABLE });
    try {
      console.log(`ceiling: ${TABLES * DINERS_PER_TABLE} diners connected`);
      return await climb('ceiling', seated, servers, redis, towardsKnee);
    } finally {
      seated.close();
    }
  });
}

async function measureTableside(redis: Redis, rates: number[]): Promise<Ladder> {
  const qrTokens = await benchTables(TABLES);
  const itemIds = await plainDishes();
  // Every join comes from 127.0.0.1; the two instances share Redis, the database and the key prefix.
  const instance = (name: string) => ({ ...tablesideProcess(LOAD_GENERATOR_LIMITS), name });
  return withServerProcesses([instance('tableside-a'), instance('tableside-b')], async (servers) => {
    const urls = servers.map((server) => server.url);
    const seated = await seatCartTables({ urls, qrTokens, dinersPerTable: DINERS_PER_TABLE, itemIds });
    try {
      console.log(`tableside: ${TABLES * DINERS_PER_TABLE} diners joined and connected`);
      return await climb('tableside', seated, servers, redis, inTurn(rates, fellBehind));
    } finally {
      seated.close();
    }
  });
}

console.log(
  `bench/cart: ${TABLES} tables × ${DINERS_PER_TABLE} diners over 2 instances, ` +
    `${TIMING.warmupSeconds} s warm-up + ${TIMING.durationSeconds} s per rate, ` +
    `${availableParallelism()} cores, Node ${process.version}`,
);
await prepareBenchDatabase();
const redis = new Redis(REDIS_URL);
try {
  const ceiling = await measureCeiling(redis);
  const tableside = await measureTableside(
    redis,
    ceiling.figures.map((figures) => figures.rate),
  );
  console.log('');
  printLadders(ceiling, tableside, TIMING);
  console.log('');
  printVerdicts(ceiling, tableside, { tables: TABLES, ...TARGETS });
  console.log('');
  const problems = countProblems('ceiling', ceiling) + countProblems('tableside', tableside);
  if (problems > 0) process.exitCode = 1;
} finally {
  await redis.quit();
}
