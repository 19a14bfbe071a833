import { readFileSync } from 'node:fs';

/** Resident set size of process `pid` right now, in bytes, from /proc (Linux). */
export function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
  if (!Number.isFinite(kilobytes)) throw new Error(`/proc/${pid}/status has no VmRSS`);
  return kilobytes * 1024;
}
