import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CpuShares } from './cpuMeter.js';
import { createFanoutRecorder, quantile, type FanoutRecorder, type OpAck } from './fanoutRecorder.js';

/** One table of connected diners, as the load generator drives it. */
export interface LoadTable {
  /** Emits the table's next op from its next diner in turn; resolves to the ack, undefined if none came. */
  sendOp(): Promise<OpAck | undefined>;
  /** Calls `listener` with the version of every state any of the table's diners receives. */
  onState(listener: (version: number) => void): void;
}

export interface FanoutTiming {
  /** Load sent first and not counted, so the JIT, pools and buffers are warm. */
  warmupSeconds: number;
  durationSeconds: number;
  /** How long to wait after the window for the last acks and states before counting them lost. */
  drainTimeoutSeconds: number;
}

export interface FanoutFigures {
  /** Ops per table per second asked for. */
  rate: number;
  opsPerSec: number;
  deliveriesPerSec: number;
  /** Op emitted → the table's last diner received its state, ms. */
  p50: number;
  p95: number;
  p99: number;
  refused: number;
  /** Quantity changes overtaken by their table's clear (FanoutCounts.overtaken): not a problem. */
  overtaken: number;
  firstRefusal?: string;
  unanswered: number;
  lost: number;
  cpu: CpuShares;
  /** How late the generator's own event loop ran, p99 in ms: when high, the clients measure themselves. */
  generatorDelayP99: number;
}

const TICK_MS = 2;
/** The event-loop delay histogram's timer period, which every sample includes. */
const DELAY_RESOLUTION_MS = 10;

/**
 * Drives `tables` open-loop: each table emits ops at a set rate whatever the
 * answers, its first op offset so the tables' ops spread evenly over time.
 * States are credited to the run in progress.
 */
export function createFanoutLoad(tables: LoadTable[], dinersPerTable: number) {
  let recorder: FanoutRecorder | undefined;
  tables.forEach((table, index) =>
    table.onState((version) => recorder?.stateReceived(index, version, performance.now())),
  );

  async function drain(current: FanoutRecorder, timeoutSeconds: number): Promise<void> {
    const deadline = performance.now() + timeoutSeconds * 1000;
    while (current.outstanding() > 0 && performance.now() < deadline) await sleep(20);
  }

  return {
    /** One run at `rate` ops per table per second; `startCpu` measures the window's CPU. */
    async run(
      rate: number,
      timing: FanoutTiming,
      startCpu: () => Promise<{ stop(): Promise<CpuShares> }>,
    ): Promise<FanoutFigures> {
      const current = createFanoutRecorder(tables.length, dinersPerTable);
      recorder = current;
      const intervalMs = 1000 / rate;
      const startedAt = performance.now();
      const due = tables.map((_, index) => startedAt + (index / tables.length) * intervalMs);

      async function sendUntil(end: number): Promise<void> {
        for (let now = performance.now(); now < end; now = performance.now()) {
          tables.forEach((table, index) => {
            while (due[index]! <= now) {
              const answered = current.opSent(index, performance.now());
              table.sendOp().then(answered, () => answered(undefined));
              due[index]! += intervalMs;
            }
          });
          await sleep(TICK_MS);
        }
      }

      await sendUntil(startedAt + timing.warmupSeconds * 1000);
      const openedAt = performance.now();
      current.openWindow(openedAt);
      const meter = await startCpu();
      const delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
      delay.enable();
      await sendUntil(openedAt + timing.durationSeconds * 1000);
      const closedAt = performance.now();
      current.closeWindow(closedAt);
      delay.disable();
      const cpu = await meter.stop();
      await drain(current, timing.drainTimeoutSeconds);
      const counts = current.finish();
      const seconds = (closedAt - openedAt) / 1000;
      return {
        rate,
        opsPerSec: counts.ops / seconds,
        deliveriesPerSec: counts.deliveries / seconds,
        p50: quantile(counts.latenciesMs, 0.5),
        p95: quantile(counts.latenciesMs, 0.95),
        p99: quantile(counts.latenciesMs, 0.99),
        refused: counts.refused,
        overtaken: counts.overtaken,
        firstRefusal: counts.firstRefusal,
        unanswered: counts.unanswered,
        lost: counts.lost,
        cpu,
        generatorDelayP99: Math.max(0, delay.percentile(99) / 1e6 - DELAY_RESOLUTION_MS),
      };
    },
  };
}
