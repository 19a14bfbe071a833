import type { KioskApi } from '../../core/kioskApi.js';
import { createHttpKioskApi } from './httpKioskApi.js';

/** The Electron preload's bridge when there is one, else the agent's over HTTP: the display cannot tell. */
export const kioskApi: KioskApi = window.kiosk ?? createHttpKioskApi();
