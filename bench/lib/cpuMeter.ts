import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { queryBenchDatabase } from './benchDatabase.js';

/** CPU used over a window, each as a share of one core (1 = one core busy the whole time). */
export interface CpuShares {
  /** Each server process, in the order their pids were given. */
  servers: number[];
  redis: number;
  /** The Postgres backends serving the bench database. */
  postgres: number;
  /** This process: the load generator and its clients. */
  generator: number;
  /**
   * Every core of the machine, busy for anything (2 = two cores fully busy):
   * what it has over the rest is the kernel's share and anything else running.
   */
  machine: number;
}

interface CpuSample {
  wallMs: number;
  servers: number[];
  redis: number;
  postgres: Map<number, number>;
  generator: number;
  machine: number;
}

let ticksPerSecond: number | undefined;

/** The unit of /proc's CPU times. */
function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return ticksPerSecond;
}

/**
 * CPU seconds (user + system, every thread) process `pid` has used so far,
 * from /proc (Linux); undefined once it has exited.
 */
function processCpuSeconds(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // The command name (field 2) may hold spaces; the fields split here start after its ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`unreadable /proc/${pid}/stat`);
  return ticks / clockTicks();
}

/** CPU seconds all cores have spent busy (not idle, not waiting for I/O) since boot, from /proc/stat. */
function machineBusySeconds(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  const total = ticks.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return (total - ticks[3]! - ticks[4]!) / clockTicks();
}

/** CPU seconds the Redis server has used so far, as it reports them (INFO cpu). */
async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1]);
  const seconds = field('used_cpu_user') + field('used_cpu_sys');
  if (!Number.isFinite(seconds)) throw new Error('Redis INFO cpu has no used_cpu_user/used_cpu_sys');
  return seconds;
}

/** CPU seconds so far of each Postgres backend connected to the bench database. */
async function postgresCpuSeconds(): Promise<Map<number, number>> {
  const backends = await queryBenchDatabase<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );
  const seconds = new Map<number, number>();
  for (const { pid } of backends) {
    const used = processCpuSeconds(pid);
    if (used !== undefined) seconds.set(pid, used);
  }
  return seconds;
}

async function sample(pids: number[], redis: Redis): Promise<CpuSample> {
  const usage = process.cpuUsage();
  return {
    wallMs: performance.now(),
    servers: pids.map((pid) => processCpuSeconds(pid) ?? NaN),
    redis: await redisCpuSeconds(redis),
    postgres: await postgresCpuSeconds(),
    generator: (usage.user + usage.system) / 1e6,
    machine: machineBusySeconds(),
  };
}

/**
 * Starts measuring the CPU of the server processes `pids`, of Redis, of the
 * bench database's Postgres backends and of this process; `stop()` answers
 * what each used since. A backend opened during the window counts from zero;
 * one closed during it is missed.
 */
export async function startCpuMeter(pids: number[], redis: Redis): Promise<{ stop(): Promise<CpuShares> }> {
  const from = await sample(pids, redis);
  return {
    async stop() {
      const to = await sample(pids, redis);
      const wallSeconds = (to.wallMs - from.wallMs) / 1000;
      let postgres = 0;
      for (const [pid, seconds] of to.postgres) postgres += seconds - (from.postgres.get(pid) ?? 0);
      return {
        servers: to.servers.map((seconds, i) => (seconds - from.servers[i]!) / wallSeconds),
        redis: (to.redis - from.redis) / wallSeconds,
        postgres: postgres / wallSeconds,
        generator: (to.generator - from.generator) / wallSeconds,
        machine: (to.machine - from.machine) / wallSeconds,
      };
    },
  };
}
