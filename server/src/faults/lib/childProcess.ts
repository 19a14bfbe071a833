import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** A child process whose end can be awaited however it came (exit, signal, failed spawn). */
export interface Child {
  process: ChildProcess;
  exited: Promise<void>;
  hasExited(): boolean;
}

export function startChild(command: string, args: string[], options: SpawnOptions): Child {
  const child = spawn(command, args, options);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  // A test run that dies must not leave its private servers behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  return { process: child, exited, hasExited: () => child.exitCode !== null || child.signalCode !== null };
}

/** Runs a command to its end; rejects with its output if it fails. */
export async function run(command: string, args: string[], options: SpawnOptions = {}): Promise<string> {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${code}):\n${output}`);
  return output;
}

/** Polls `probe` until it resolves true, or throws naming `what` after `timeoutMs`. */
export async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
