import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { CpuShares } from './cpuMeter.js';
import { createFanoutRecorder, quantile, type FanoutRecorder } from './fanoutRecorder.js';
import type { SeatedGroup } from './groupDiners.js';
import type { ConnectedKiosk } from './kiosk.js';
import type { Spread } from './kitchenFigures.js';
import { menuEtag, startMenuBrowsing, type BrowsingFigures } from './menuBrowsing.js';
import { orderFigures, type OrderFigures } from './orderFigures.js';
import { createOrderPoster } from './orderRequests.js';
import type { BackendShare } from './postgresWaits.js';
import { formatCount, formatMillis } from './report.js';
import type { ServerProcess } from './serverProcess.js';
import { createOrderScheduler, createTableOrders } from './tableOrders.js';
import { startWindowMeters } from './windowMeters.js';

/** bench/friday's ramp, as friday.ts sets it. */
export interface RampSettings {
  /** Orders started per second, step after step. */
  rates: number[];
  step: { settleSeconds: number; measuredSeconds: number };
  /** A step passes with its POST p99 at most this, */
  targetP99Ms: number;
  /** and at least this share of the orders it started answered. */
  keepingUp: number;
  dinersPerTable: number;
  /** The share of orders that take a restaurant's special (little stock). */
  specialShare: number;
  /** Each diner revalidates the menu this often, on average. */
  menuEverySeconds: number;
  drainSeconds: number;
  /** The pause between a failed step, once its orders are answered, and its retry. */
  recoverySeconds: number;
}

/** The event-loop delay histogram's timer period, which every sample includes. */
const DELAY_RESOLUTION_MS = 10;

export interface Step {
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

function passes(step: Omit<Step, 'passed' | 'kiosk'>, settings: RampSettings): boolean {
  return (
    step.orders.p99 <= settings.targetP99Ms &&
    step.answeredPerSec >= settings.keepingUp * step.rate &&
    step.skipped === 0
  );
}

interface Load {
  settings: RampSettings;
  redis: Redis;
  pids: number[];
  scheduler: ReturnType<typeof createOrderScheduler>;
  browsing: ReturnType<typeof startMenuBrowsing>;
  /** Cart ops whose state reached the whole table: when each was emitted, and how long that took. */
  completions: [sentAt: number, ms: number][];
}

/** One step of the ramp: `rate` orders/s, settled, then measured; resolves once the window's orders are answered. */
async function measureStep(rate: number, load: Load): Promise<Omit<Step, 'kiosk'>> {
  const { scheduler, browsing, completions, settings } = load;
  scheduler.setRate(rate);
  await sleep(settings.step.settleSeconds * 1000);
  const start = performance.now();
  const meters = await startWindowMeters(load.pids, load.redis);
  const delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  delay.enable();
  await sleep(settings.step.measuredSeconds * 1000);
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
  return { ...step, passed: passes(step, settings) };
}

/** Waits until every placed order reached a kiosk and every cart op its whole table, or the drain time is over. */
async function drain(load: Load, kiosks: ConnectedKiosk[], recorder: FanoutRecorder): Promise<void> {
  const placed = load.scheduler.attempts.flatMap((a) => (a.outcome === 'placed' ? [a.orderId!] : []));
  const deadline = performance.now() + load.settings.drainSeconds * 1000;
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

/**
 * The ramp: diners browse the menu all along while orders come step after
 * step, each rate settled and then measured, until a step fails twice in a
 * row; then the drain, until every placed order reached its kiosk and every
 * cart op its table. Resolves to the steps and what the diners and kiosks saw.
 */
export async function rampUp(
  servers: ServerProcess[],
  group: SeatedGroup,
  kiosks: ConnectedKiosk[],
  redis: Redis,
  settings: RampSettings,
) {
  const completions: Load['completions'] = [];
  const recorder = createFanoutRecorder(group.tables.length, settings.dinersPerTable, (sentAt, ms) =>
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
    settings,
    redis,
    pids: servers.map((server) => server.pid),
    scheduler: createOrderScheduler(
      group.tables,
      createTableOrders({ posters, recorder, specialShare: settings.specialShare }),
    ),
    browsing: startMenuBrowsing(browsers, settings.menuEverySeconds, (i) => etags.get(browsers[i]!.restaurantId)!),
    completions,
  };
  const steps: Omit<Step, 'kiosk'>[] = [];
  try {
    try {
      // A failed step is tried once more before the ramp stops: the machine is shared, and a moment of
      // someone else's load must not pass for the servers' limit.
      for (let next = 0, retried = false; next < settings.rates.length;) {
        const step = await measureStep(settings.rates[next]!, load);
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
          await sleep(settings.recoverySeconds * 1000);
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
  };
}
