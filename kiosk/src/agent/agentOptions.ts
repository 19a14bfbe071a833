import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { KioskSettings, PrinterAddress } from '../core/kioskApi.js';

export interface AgentOptions {
  dataDir: string;
  /** Where the display is served, on the loopback interface only. */
  port: number;
  rendererDir: string;
  settings: Partial<KioskSettings>;
  /** A pairing code to pair with on start, for a box with no screen. */
  pairCode?: string;
}

export const AGENT_USAGE = `usage: npm run kiosk:agent -- --server URL [options]

  --server URL        the Tableside server (saved for the next start)
  --pair CODE         pair with this code from the owner's tablet (first start)
  --printer WHERE     tcp://HOST[:PORT] (raw ESC/POS, port 9100 by default),
                      a device file such as /dev/usb/lp0, or none
  --paper 58|80       paper width in mm (default 80)
  --name NAME         this device's name on the owner's device list
  --restaurant NAME   printed at the top of every ticket
  --port N            the display's port on 127.0.0.1 (default 7710)
  --data DIR          where the journal and the device token live
                      (default $XDG_STATE_HOME/tableside-kiosk)
  --renderer DIR      serve the display from DIR (default: kiosk/dist/renderer)`;

/** `tcp://host:port`, a device path, or `none`. */
export function parsePrinter(value: string): PrinterAddress {
  if (value === 'none') return { kind: 'none' };
  if (value.startsWith('tcp://')) {
    const url = new URL(value);
    return { kind: 'tcp', host: url.hostname, port: url.port ? Number(url.port) : 9100 };
  }
  return { kind: 'device', path: value };
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'tableside-kiosk');
  return join(env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'tableside-kiosk');
}

/** The built display: `kiosk/dist/renderer`, whether this runs from `src/agent` or `dist/agent`. */
const BUILT_RENDERER = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

export function parseAgentArgs(argv: string[]): AgentOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      server: { type: 'string' },
      pair: { type: 'string' },
      printer: { type: 'string' },
      paper: { type: 'string' },
      name: { type: 'string' },
      restaurant: { type: 'string' },
      port: { type: 'string' },
      data: { type: 'string' },
      renderer: { type: 'string' },
    },
  });
  const settings: Partial<KioskSettings> = {};
  if (values.server) settings.serverUrl = values.server;
  if (values.printer) settings.printer = parsePrinter(values.printer);
  if (values.paper) settings.paperWidthMm = Number(values.paper) as KioskSettings['paperWidthMm'];
  if (values.name) settings.deviceName = values.name;
  if (values.restaurant) settings.restaurantName = values.restaurant;
  return {
    dataDir: values.data ?? defaultDataDir(),
    port: values.port === undefined ? 7710 : Number(values.port),
    rendererDir: values.renderer ?? BUILT_RENDERER,
    settings,
    pairCode: values.pair,
  };
}
