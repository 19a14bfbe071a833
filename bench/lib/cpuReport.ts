import type { CpuShares } from './cpuMeter.js';
import { formatPercent } from './report.js';

/** Busy CPU outside the measured processes (in cores) above which the machine was not ours alone. */
const OTHER_LOAD_WARNING = 0.5;

/** Busy CPU of the machine that none of the measured processes used: the kernel's, and other programs'. */
export function unaccountedCpu(cpu: CpuShares): number {
  const { servers, redis, postgres, generator, machine } = cpu;
  return machine - servers.reduce((sum, share) => sum + share, 0) - redis - postgres - generator;
}

/** One window's CPU on one line, each process named (`serverNames` in the order of `cpu.servers`). */
export function formatCpu(cpu: CpuShares, serverNames: string[]): string {
  const servers = cpu.servers.map((share, i) => `${serverNames[i] ?? `server ${i + 1}`} ${formatPercent(share)}`);
  const rest = [
    `Redis ${formatPercent(cpu.redis)}`,
    `Postgres ${formatPercent(cpu.postgres)}`,
    `load generator ${formatPercent(cpu.generator)}`,
    `machine ${formatPercent(cpu.machine)}`,
  ];
  return [...servers, ...rest].join(', ');
}

/** A warning if, in any of the windows, other programs kept the machine busy enough to disturb the figures. */
export function otherLoadWarning(windows: CpuShares[]): string | undefined {
  const busiest = Math.max(...windows.map(unaccountedCpu));
  if (busiest <= OTHER_LOAD_WARNING) return undefined;
  return (
    `warning: in one window the machine was busy ${formatPercent(busiest)} of a core more than the processes ` +
    'measured here: other programs were running, and the figures are disturbed by them.'
  );
}
