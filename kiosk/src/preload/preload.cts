// A sandboxed preload is CommonJS and may require nothing but electron.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import electron = require('electron');
import type { ActionResult, KioskApi, KioskChannels, KioskState } from '../core/kioskApi.js';

const { contextBridge, ipcRenderer } = electron;

/**
 * The display's only door to the kiosk: `window.kiosk`, the KioskApi over
 * IPC, one channel per method. A sandboxed preload can import nothing but
 * `electron`, so the channels are spelled out here, checked against the type.
 */
const CHANNELS: KioskChannels = {
  state: 'kiosk:state',
  getState: 'kiosk:getState',
  bump: 'kiosk:bump',
  recall: 'kiosk:recall',
  reprint: 'kiosk:reprint',
  pair: 'kiosk:pair',
  updateSettings: 'kiosk:updateSettings',
};

const invoke = (channel: string, input: unknown) => ipcRenderer.invoke(channel, input) as Promise<ActionResult>;

contextBridge.exposeInMainWorld('kiosk', {
  subscribe(listener) {
    const onState = (_event: electron.IpcRendererEvent, state: KioskState) => listener(state);
    ipcRenderer.on(CHANNELS.state, onState);
    void (ipcRenderer.invoke(CHANNELS.getState) as Promise<KioskState>).then(listener);
    return () => void ipcRenderer.removeListener(CHANNELS.state, onState);
  },
  bump: (orderId) => invoke(CHANNELS.bump, { orderId }),
  recall: (orderId) => invoke(CHANNELS.recall, { orderId }),
  reprint: (orderId) => invoke(CHANNELS.reprint, { orderId }),
  pair: (request) => invoke(CHANNELS.pair, request),
  updateSettings: (patch) => invoke(CHANNELS.updateSettings, patch),
} satisfies KioskApi);
