import { BrowserWindow, session } from 'electron';
import type { KioskLog } from '../core/log.js';

/** How long a crashed display stays dark before it is loaded again. */
const RELOAD_AFTER_CRASH_MS = 1_000;

/**
 * The one window: full screen, kiosk mode (no way out by keyboard), the
 * display in a sandboxed renderer with context isolation and no Node, that
 * may not navigate, open windows or ask for permissions. A renderer that
 * crashes or hangs is loaded again; the core, in the main process, never stopped.
 */
export function openKioskWindow(options: { indexHtml: string; preload: string; log: KioskLog }): BrowserWindow {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, answer) => answer(false));
  const window = new BrowserWindow({
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    backgroundColor: '#111317',
    show: false,
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
      // The new-ticket chime must sound without anyone touching the screen first.
      autoplayPolicy: 'no-user-gesture-required',
    },
  });
  const load = () => void window.loadFile(options.indexHtml);

  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.on('render-process-gone', (_event, details) => {
    options.log.error('the display crashed; loading it again', { reason: details.reason });
    if (details.reason !== 'clean-exit') setTimeout(load, RELOAD_AFTER_CRASH_MS);
  });
  window.on('unresponsive', () => {
    options.log.error('the display hangs; loading it again');
    window.webContents.forcefullyCrashRenderer();
  });
  load();
  return window;
}
