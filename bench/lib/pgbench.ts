import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BENCH_DATABASE_URL } from './benchDatabase.js';

const run = promisify(execFile);

export interface PgbenchLoad {
  clients: number;
  threads: number;
  durationSeconds: number;
}

export interface PgbenchFigures {
  /** Transactions per second, without the initial connection time. */
  tps: number;
  latencyAverageMs: number;
  transactions: number;
  failed: number;
}

/** `PGBENCH` names the binary when it is not on PATH (Debian: /usr/lib/postgresql/<version>/bin/pgbench). */
const PGBENCH = process.env.PGBENCH ?? 'pgbench';

function figure(output: string, pattern: RegExp, name: string): number {
  const value = Number(pattern.exec(output)?.[1]);
  if (!Number.isFinite(value)) throw new Error(`pgbench printed no ${name}:\n${output}`);
  return value;
}

/**
 * Runs a custom pgbench script (`-n`: no vacuum of the standard tables, which
 * the bench database does not have) against the bench database and reads its
 * summary. Throws if pgbench fails, e.g. a client aborted on an error.
 */
export async function runPgbench(script: string, load: PgbenchLoad): Promise<PgbenchFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'tableside-pgbench-'));
  try {
    const file = join(dir, 'script.sql');
    await writeFile(file, script);
    const args = ['-n', '-c', String(load.clients), '-j', String(load.threads), '-T', String(load.durationSeconds)];
    let output: string;
    try {
      const { stdout, stderr } = await run(PGBENCH, [...args, '-f', file, BENCH_DATABASE_URL], {
        timeout: (load.durationSeconds + 60) * 1000,
      });
      output = `${stdout}\n${stderr}`;
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      const said = `${stdout}\n${stderr}`.trim().split('\n').slice(-15).join('\n');
      throw new Error(`${PGBENCH} failed${said ? `:\n${said}` : ''}`, { cause: error });
    }
    return {
      tps: figure(output, /^tps = ([\d.]+)/m, 'tps'),
      latencyAverageMs: figure(output, /^latency average = ([\d.]+) ms/m, 'latency average'),
      transactions: figure(output, /^number of transactions actually processed: (\d+)/m, 'transaction count'),
      failed: Number(/^number of failed transactions: (\d+)/m.exec(output)?.[1] ?? 0),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
