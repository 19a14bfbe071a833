import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, powerSaveBlocker } from 'electron';
import { startKioskCore } from '../core/kioskCore.js';
import { jsonLineLog } from '../core/log.js';
import { registerKioskIpc } from './ipcBridge.js';
import { openKioskWindow } from './kioskWindow.js';

/**
 * The Electron shell of the kitchen kiosk: one instance, one full-screen
 * window, the display kept awake, and the core running here in the main
 * process, so a crashed or reloaded display loses nothing.
 */
const indexHtml = fileURLToPath(new URL('../renderer/index.html', import.meta.url));
const preload = fileURLToPath(new URL('../preload/preload.cjs', import.meta.url));
const log = jsonLineLog();

if (!app.requestSingleInstanceLock()) {
  // Another kiosk is running on this machine; two would print every ticket twice.
  app.quit();
} else {
  await app.whenReady();
  const core = await startKioskCore({ dataDir: join(app.getPath('userData'), 'kiosk'), log });
  const window = openKioskWindow({ indexHtml, preload, log });
  registerKioskIpc(core, window, indexHtml);
  powerSaveBlocker.start('prevent-display-sleep');

  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    core.stop().finally(() => {
      stopped = true;
      app.quit();
    });
  });
  app.on('window-all-closed', () => app.quit());
}
