import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoPath } from './paths.js';

export interface ServerProcessOptions {
  /** Names the process in messages and its log file. */
  name: string;
  /** What `node` runs: the entry point, with any flags before it. */
  nodeArgs: string[];
  /** Set on top of this process's environment; HOST and PORT are chosen here. */
  env?: Record<string, string>;
  /** Answers 200 once the server can take load. */
  readyPath: string;
}

export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The child's process id, to read its CPU time. */
  pid: number;
  /** Where the process's stdout and stderr go. */
  logFile: string;
  /** SIGTERM, then waits for the exit (SIGKILL if it takes too long). */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 15_000;
const LOG_DIR = join(tmpdir(), 'tableside-bench');

/** A port free on the loopback interface right now; the child binds it a moment later. */
async function freeLoopbackPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('could not find a free loopback port');
  return address.port;
}

function logTail(logFile: string, lines = 20): string {
  return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function waitUntilReady(child: ChildProcess, options: ServerProcessOptions, server: ServerProcess) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (hasExited(child)) {
      throw new Error(
        `${options.name} exited (code ${child.exitCode}) before it was ready:\n${logTail(server.logFile)}`,
      );
    }
    try {
      const response = await fetch(`${server.url}${options.readyPath}`, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet: ask again below.
    }
    await sleep(100);
  }
  throw new Error(`${options.name} was not ready within ${READY_TIMEOUT_MS / 1000} s; its log is ${server.logFile}`);
}

/**
 * Starts a Node server as a child process on a free loopback port, so the load
 * generator never shares an event loop with the server under test, and
 * resolves once `readyPath` answers 200.
 */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const port = await freeLoopbackPort();
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = join(LOG_DIR, `${options.name}.log`);
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, options.nodeArgs, {
    cwd: repoPath('.'),
    env: { ...process.env, ...options.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  if (child.pid === undefined) throw new Error(`${options.name} could not be started`);
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A benchmark that dies (an uncaught error, a closed stdout) must not leave its server running.
  const stopOnExit = () => child.kill('SIGTERM');
  process.once('exit', stopOnExit);

  const server: ServerProcess = {
    url: `http://127.0.0.1:${port}`,
    pid,
    logFile,
    async stop() {
      process.off('exit', stopOnExit);
      if (hasExited(child)) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
      if (child.exitCode !== 0) {
        console.error(`warning: ${options.name} did not exit cleanly on SIGTERM; its log is ${logFile}`);
      }
    },
  };
  try {
    await waitUntilReady(child, options, server);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** Runs `work` against a freshly started server process and stops it afterwards, whatever happens. */
export async function withServerProcess<T>(
  options: ServerProcessOptions,
  work: (server: ServerProcess) => Promise<T>,
): Promise<T> {
  const server = await startServerProcess(options);
  try {
    return await work(server);
  } catch (error) {
    console.error(`${options.name}'s log: ${server.logFile}`);
    throw error;
  } finally {
    await server.stop();
  }
}

/**
 * Like withServerProcess for several servers started side by side (two
 * instances sharing Redis, say); every one that started is stopped afterwards.
 */
export async function withServerProcesses<T>(
  options: ServerProcessOptions[],
  work: (servers: ServerProcess[]) => Promise<T>,
): Promise<T> {
  const servers: ServerProcess[] = [];
  try {
    for (const each of options) servers.push(await startServerProcess(each));
    return await work(servers);
  } catch (error) {
    for (const server of servers) console.error(`log: ${server.logFile}`);
    throw error;
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}
