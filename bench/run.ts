import { spawnSync } from 'node:child_process';
import { repoPath } from './lib/paths.js';

/**
 * `npm run bench [-- <name>... [--flag...]]`: every benchmark in order, or only
 * those named, each in its own process, given the flags (`--quick`). Exits 1
 * if one of them failed.
 */
const BENCHES = ['menu', 'cart', 'orders', 'kitchen', 'kiosk', 'pwa', 'friday'];

const flags = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
const asked = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const unknown = asked.filter((name) => !BENCHES.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; the benchmarks are ${BENCHES.join(', ')}`);
  process.exit(64);
}

const failed: string[] = [];
for (const name of asked.length > 0 ? [...new Set(asked)] : BENCHES) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', repoPath(`bench/${name}.ts`), ...flags], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed.push(name);
}
if (failed.length > 0) {
  console.error(`benchmarks that failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
