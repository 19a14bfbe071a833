import { closeSync, openSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startChild, waitUntil } from './childProcess.js';
import { freeLoopbackPort } from './ports.js';

const SERVER_MAIN = fileURLToPath(new URL('../../main.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const READY_TIMEOUT_MS = 20_000;

/** One real server process, run from the TypeScript sources as `tsx server/src/main.ts`. */
export interface ServerProcess {
  name: string;
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  pid: number;
  /** SIGKILL: no shutdown of any kind, as an OOM kill or a pulled plug. */
  kill(): Promise<void>;
  /** SIGSTOP: its connections stay open and nothing answers, as a hung process's. */
  freeze(): void;
  /** SIGCONT after `freeze`. */
  thaw(): void;
  exited(): boolean;
  /** The last errors it logged, for a failing test's message. */
  errors(count?: number): string;
  /** Everything it logged so far, one JSON line per entry. */
  log(): string;
}

/**
 * Starts a server process with `env` on top of the test's configuration and
 * waits until `/healthz` answers. It logs to `logFile` (warnings and up,
 * unless LOG_LEVEL says otherwise).
 */
export async function startServerProcess(options: {
  name: string;
  env: Record<string, string>;
  logFile: string;
}): Promise<ServerProcess> {
  const port = await freeLoopbackPort();
  const log = openSync(options.logFile, 'a');
  const child = startChild(process.execPath, ['--conditions=source', '--import', 'tsx', SERVER_MAIN], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      SHUTDOWN_TIMEOUT_MS: '2000',
      JOIN_RATE_PER_MINUTE: '100000',
      PAIR_RATE_PER_MINUTE: '100000',
      ...options.env,
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  const errors = (count = 10) =>
    readFileSync(options.logFile, 'utf8')
      .trimEnd()
      .split('\n')
      .filter((line) => !line.startsWith('{"level":') || Number(line.slice(9, 11)) >= 50)
      .map(summarize)
      // A 5xx is logged twice: as the error and as the request; the error says more.
      .filter((line, i, lines) => !line.endsWith(' request completed') && lines.indexOf(line) === i)
      .slice(-count)
      .join('\n');
  const server: ServerProcess = {
    name: options.name,
    url,
    port,
    pid: child.process.pid!,
    async kill() {
      if (child.hasExited()) return;
      child.process.kill('SIGKILL');
      await child.exited;
    },
    freeze() {
      child.process.kill('SIGSTOP');
    },
    thaw() {
      child.process.kill('SIGCONT');
    },
    exited: child.hasExited,
    errors,
    log: () => readFileSync(options.logFile, 'utf8'),
  };
  try {
    await waitUntil(
      async () => {
        if (child.hasExited()) return true;
        const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) });
        await response.arrayBuffer();
        return response.ok;
      },
      READY_TIMEOUT_MS,
      `${options.name} to answer /healthz`,
    );
    if (child.hasExited()) throw new Error('it exited');
  } catch (error) {
    await server.kill();
    throw new Error(`${options.name} did not start: ${String(error)}\n${errors()}`, { cause: error });
  }
  return server;
}

/** A pino line as `level msg: error`, with the error's first stack frame: request lines are long. */
function summarize(line: string): string {
  try {
    const entry = JSON.parse(line) as { level: number; msg: string; err?: { message?: string; stack?: string } };
    const frame = entry.err?.stack?.split('\n')[1]?.trim() ?? '';
    return `${entry.level} ${entry.msg}${entry.err ? `: ${entry.err.message} ${frame}` : ''}`;
  } catch {
    return line.slice(0, 400);
  }
}
