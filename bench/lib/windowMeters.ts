import type { Redis } from 'ioredis';
import { startCpuMeter, type CpuShares } from './cpuMeter.js';
import { startPostgresWaits, type BackendShare } from './postgresWaits.js';
import { formatTable } from './report.js';

export interface WindowMeters {
  cpu: CpuShares;
  postgres: BackendShare[];
}

/** Measures a window's CPU (servers `pids`, Redis, Postgres, this process) and what Postgres's backends waited on. */
export async function startWindowMeters(pids: number[], redis: Redis): Promise<{ stop(): Promise<WindowMeters> }> {
  const cpu = await startCpuMeter(pids, redis);
  const postgres = await startPostgresWaits();
  return {
    async stop() {
      return { cpu: await cpu.stop(), postgres: await postgres.stop() };
    },
  };
}

/** The `top` busiest things the bench database's backends were doing, indented under a title. */
export function formatBackends(title: string, shares: BackendShare[], top = 5): string {
  const rows = shares.slice(0, top).map((share) => [share.what, share.backends.toFixed(1)]);
  const table = formatTable(['state or wait event, statement', 'backends'], rows);
  return `${title}\n${table.replace(/^/gm, '  ')}`;
}
