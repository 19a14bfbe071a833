import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run kiosk`: builds the kiosk and starts its Electron shell, where
 * Electron's binary is installed. Installs here skip the binary (the root
 * package.json denies electron's install script), so say how to get it.
 */
const kioskDir = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));

if (!existsSync(join(electronDir, 'dist'))) {
  console.error(`Electron's binary is not installed on this machine (installs skip it on purpose).
To run the kiosk's shell here, fetch it once, from the repository root:

    node node_modules/electron/install.js

Without it, the headless agent runs the same kiosk and serves its display to any browser:

    npm run kiosk:agent -- --server http://localhost:3000`);
  process.exit(1);
}

const built = spawnSync('npm', ['run', 'build', '--workspace', 'kiosk'], {
  stdio: 'inherit',
  cwd: join(kioskDir, '..'),
});
if (built.status !== 0) process.exit(built.status ?? 1);

const electron = require('electron') as unknown as string;
const shell = spawn(electron, [kioskDir, ...process.argv.slice(2)], { stdio: 'inherit' });
shell.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
