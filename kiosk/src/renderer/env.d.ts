import type { KioskApi } from '../core/kioskApi.js';

declare global {
  interface Window {
    /** The Electron preload's bridge; absent in a plain browser, which uses the agent's HTTP bridge. */
    kiosk?: KioskApi;
  }
}
