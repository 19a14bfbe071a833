import { startKioskCore, type KioskCore } from '../core/kioskCore.js';
import type { KioskTimings } from '../core/timings.js';
import type { KioskLog } from '../core/log.js';
import type { AgentOptions } from './agentOptions.js';
import { startBridgeServer } from './bridgeServer.js';

export interface RunningAgent {
  core: KioskCore;
  /** The display, for any browser on this machine. */
  url: string;
  stop(): Promise<void>;
}

/**
 * The headless print agent: the kiosk core with no screen of its own, for a
 * small box beside the printer, serving the display on localhost.
 */
export async function startAgent(
  options: AgentOptions,
  extra: { log: KioskLog; timings?: KioskTimings },
): Promise<RunningAgent> {
  const core = await startKioskCore({
    dataDir: options.dataDir,
    settings: options.settings,
    log: extra.log,
    timings: extra.timings,
  });
  if (options.pairCode && core.state().pairing !== 'paired') {
    const { settings } = core.state();
    const paired = await core.pair({
      serverUrl: settings.serverUrl,
      code: options.pairCode,
      deviceName: settings.deviceName,
      restaurantName: settings.restaurantName,
    });
    if (!paired.ok) extra.log.error('pairing failed', { message: paired.message });
  }
  const bridge = await startBridgeServer({ core, port: options.port, rendererDir: options.rendererDir });
  return {
    core,
    url: bridge.url,
    async stop() {
      await bridge.close();
      await core.stop();
    },
  };
}
