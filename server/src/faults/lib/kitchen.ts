import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKioskCore, type KioskCore } from '../../../../kiosk/src/core/kioskCore.js';
import type { KioskState } from '../../../../kiosk/src/core/kioskApi.js';
import { startFakePrinter, type FakePrinter } from '../../../../kiosk/src/test/fakePrinter.js';
import { TEST_TIMINGS } from '../../../../kiosk/src/test/kitchenWorld.js';
import type { Knex } from '../../platform/db.js';
import { newPairingCode } from '../../test/kitchen.js';
import { waitFor } from '../../test/wait.js';

/** A restaurant's kitchen: a real kiosk core, paired through its own flow, printing on a fake ESC/POS printer. */
export interface Kitchen {
  kiosk: KioskCore;
  printer: FakePrinter;
  /** Waits until the kiosk's state satisfies `ready`. */
  until(ready: (state: KioskState) => boolean, what: string, timeoutMs?: number): Promise<KioskState>;
  close(): Promise<void>;
}

export const RESTAURANT_NAME = 'Fault Line Diner';

export async function startKitchen(options: { serverUrl: string; db: Knex; restaurantId: string }): Promise<Kitchen> {
  const printer = await startFakePrinter();
  const dataDir = await mkdtemp(join(tmpdir(), 'tableside-fault-kiosk-'));
  const kiosk = await startKioskCore({
    dataDir,
    settings: {
      printer: { kind: 'tcp', host: printer.host, port: printer.port },
      paperWidthMm: 80,
      timeZone: 'UTC',
    },
    timings: TEST_TIMINGS,
  });
  const until: Kitchen['until'] = (ready, what, timeoutMs = 20_000) =>
    waitFor(
      () => {
        const state = kiosk.state();
        return ready(state) ? state : undefined;
      },
      timeoutMs,
      what,
    );
  const paired = await kiosk.pair({
    serverUrl: options.serverUrl,
    code: await newPairingCode(options.db, options.restaurantId),
    deviceName: 'Pass',
    restaurantName: RESTAURANT_NAME,
  });
  if (!paired.ok) throw new Error(`pairing failed: ${paired.message}`);
  await until((state) => state.connection.status === 'online', 'the kiosk online');
  return {
    kiosk,
    printer,
    until,
    async close() {
      await kiosk.stop();
      await printer.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
