import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ActionResult, KioskState } from '../core/kioskApi.js';
import { waitFor } from './kitchenWorld.js';

const AGENT_MAIN = fileURLToPath(new URL('../agent/main.ts', import.meta.url));
const START_TIMEOUT_MS = 15_000;

/** The print agent as its own process, so a test can kill -9 it. */
export interface AgentProcess {
  url: string;
  state(): Promise<KioskState>;
  until(ready: (state: KioskState) => boolean, what: string, timeoutMs?: number): Promise<KioskState>;
  act(action: 'bump' | 'recall' | 'reprint', orderId: string): Promise<ActionResult>;
  /** SIGKILL: no cleanup of any kind, as a power cut or an OOM kill. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts `npm run kiosk:agent` from the TypeScript sources and waits until its display answers. */
export async function startAgentProcess(args: string[]): Promise<AgentProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', AGENT_MAIN, '--port', '0', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the agent did not start:\n${output}`)), START_TIMEOUT_MS);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /"msg":"kitchen display ready","url":"([^"]+)"/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`the agent exited with ${code}:\n${output}`)));
  });

  const state = async () => (await (await fetch(`${url}/api/state`)).json()) as KioskState;
  return {
    url,
    state,
    until: (ready, what, timeoutMs = 10_000) =>
      waitFor(
        async () => {
          const now = await state();
          return ready(now) ? now : undefined;
        },
        timeoutMs,
        what,
      ),
    async act(action, orderId) {
      const response = await fetch(`${url}/api/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ orderId }),
      });
      return (await response.json()) as ActionResult;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}
