import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, IMPLEMENTED_ROLES, ROLES, configSchema, loadConfig } from './config.js';
import { ROLE_MODULES } from './roles.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/** The real entry point, run from source in a child process. */
function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const logLine = (message: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const look = () => {
        const line = output.stdout.split('\n').find((candidate) => candidate.includes(message));
        if (line) return resolve(JSON.parse(line));
        if (child.exitCode !== null) return reject(new Error(`exited before "${message}": ${output.stderr}`));
        setTimeout(look, 20);
      };
      look();
    });
  return { child, output, exited, logLine };
}

describe('configuration', () => {
  it('lists every variable in .env.example, each with a value the schema takes', () => {
    const example = readFileSync(fileURLToPath(new URL('../../.env.example', import.meta.url)), 'utf8');
    const listed = Object.fromEntries(
      example
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(Object.keys(listed).sort()).toEqual(Object.keys(configSchema.shape).sort());
    expect(() => loadConfig(listed)).not.toThrow();
  });

  it('fills every variable with a default that works on a developer machine', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/tableside');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.PORT).toBe(3000);
    expect(config.TRUST_PROXY).toBe(0);
  });

  it('names each bad variable', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'eighty', TRUST_PROXY: '-1' })).toThrow(ConfigError);
    try {
      loadConfig({ DATABASE_URL: 'not a url', PORT: 'eighty' });
    } catch (error) {
      expect((error as Error).message).toMatch(/DATABASE_URL: must be a URL starting with postgres:/);
      expect((error as Error).message).toMatch(/PORT:/);
    }
  });

  it('refuses unknown roles, and roles that are not implemented yet', () => {
    expect(() => loadConfig({ ROLE: 'kitchen-sink' })).toThrow(/ROLE: unknown role "kitchen-sink"/);
    for (const role of ROLES.filter((name) => !IMPLEMENTED_ROLES.includes(name))) {
      expect(() => loadConfig({ ROLE: role })).toThrow(`role "${role}" is not implemented yet`);
    }
    for (const role of IMPLEMENTED_ROLES) expect(loadConfig({ ROLE: role }).ROLE).toEqual([role]);
  });

  it('lists as implemented exactly the roles that have a module', () => {
    expect(Object.keys(ROLE_MODULES).sort()).toEqual([...IMPLEMENTED_ROLES].sort());
  });

  it('refuses the development secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/TOKEN_SECRET: must be set in production/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).PORT).toBe(3000);
  });
});

describe('start-up', () => {
  it('exits non-zero at once, naming DATABASE_URL, when it is malformed', async () => {
    const main = startMain({ DATABASE_URL: 'postgres//missing-colon' });
    expect(await main.exited).not.toBe(0);
    expect(main.output.stderr).toContain('DATABASE_URL');
  });

  it('serves, then shuts down cleanly on SIGTERM', async () => {
    const main = startMain({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    const { port } = await main.logLine('tableside listening');
    expect((await fetch(`http://127.0.0.1:${String(port)}/healthz`)).status).toBe(200);
    main.child.kill('SIGTERM');
    expect(await main.exited).toBe(0);
    expect(main.output.stdout).toContain('shutting down');
  });
});
