import { pathToFileURL } from 'node:url';
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import type { KioskCore } from '../core/kioskCore.js';
import type { ActionResult, KioskChannels } from '../core/kioskApi.js';
import { pairRequestSchema, settingsPatchSchema, ticketRequestSchema } from '../core/kioskApiSchemas.js';

const CHANNELS = {
  state: 'kiosk:state',
  getState: 'kiosk:getState',
  bump: 'kiosk:bump',
  recall: 'kiosk:recall',
  reprint: 'kiosk:reprint',
  pair: 'kiosk:pair',
  updateSettings: 'kiosk:updateSettings',
} as const satisfies KioskChannels;

/**
 * The main-process side of the preload's KioskApi: one handler per channel,
 * each answering only the display's own page and checking its input with the
 * same schemas as the agent's HTTP bridge. Every state goes to the window.
 */
export function registerKioskIpc(core: KioskCore, window: BrowserWindow, indexHtml: string): void {
  const displayUrl = pathToFileURL(indexHtml).href;

  function handle<S extends z.ZodType>(channel: string, schema: S, act: (input: z.infer<S>) => Promise<ActionResult>) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, input: unknown): Promise<ActionResult> => {
      if (event.senderFrame?.url !== displayUrl) return Promise.resolve({ ok: false, message: 'not the display' });
      const parsed = schema.safeParse(input);
      if (!parsed.success) return Promise.resolve({ ok: false, message: parsed.error.issues[0]?.message ?? 'invalid' });
      return act(parsed.data);
    });
  }

  ipcMain.handle(CHANNELS.getState, () => core.state());
  handle(CHANNELS.bump, ticketRequestSchema, (input) => core.bump(input.orderId));
  handle(CHANNELS.recall, ticketRequestSchema, (input) => core.recall(input.orderId));
  handle(CHANNELS.reprint, ticketRequestSchema, (input) => core.reprint(input.orderId));
  handle(CHANNELS.pair, pairRequestSchema, (input) => core.pair(input));
  handle(CHANNELS.updateSettings, settingsPatchSchema, (input) => core.updateSettings(input));
  core.subscribe((state) => {
    if (!window.isDestroyed()) window.webContents.send(CHANNELS.state, state);
  });
}
