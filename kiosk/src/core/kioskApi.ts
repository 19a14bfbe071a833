/**
 * What the kitchen display sees and may ask for: the one interface between
 * the core and any screen. The preload implements it over IPC in Electron, the
 * agent's localhost bridge implements it over HTTP for any browser. Types
 * only: the renderer and the sandboxed preload import nothing at run time.
 */

export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'unpaired';

export type PrinterStatus =
  'ready' | 'paperLow' | 'paperOut' | 'coverOpen' | 'offline' | 'unreachable' | 'notConfigured';

export type PaperWidthMm = 58 | 80;

export type PrinterAddress =
  { kind: 'none' } | { kind: 'tcp'; host: string; port: number } | { kind: 'device'; path: string };

export interface KioskSettings {
  serverUrl: string;
  deviceName: string;
  /** Printed at the top of every ticket: the server does not tell a device its restaurant's name. */
  restaurantName: string;
  printer: PrinterAddress;
  paperWidthMm: PaperWidthMm;
  /** The printer's code page table, as the encoder names them (`epson` fits most ESC/POS printers). */
  codepageMapping: string;
  /** IANA zone for ticket times; empty means the machine's. */
  timeZone: string;
  sound: boolean;
  /** Ticket age colours: amber from this many minutes, red from `ageLateMinutes`. */
  ageWarnMinutes: number;
  ageLateMinutes: number;
}

export interface TicketLineView {
  name: string;
  quantity: number;
  options: string[];
  note: string | null;
}

export interface TicketView {
  orderId: string;
  number: number;
  table: string;
  /** The server's ISO time the order was placed; the display derives the age from it. */
  createdAt: string;
  status: 'placed' | 'accepted' | 'preparing' | 'ready';
  lines: TicketLineView[];
  note: string | null;
  /** An action on it is saved here but not yet confirmed by the server. */
  pending: boolean;
  print: 'none' | 'queued' | 'printed';
}

export interface AllDayCount {
  name: string;
  quantity: number;
}

export interface Notice {
  id: string;
  /** Epoch ms. */
  at: number;
  text: string;
}

export interface KioskState {
  /** `needed` until the device has a token; `revoked` once the server refused the one it had. */
  pairing: 'paired' | 'needed' | 'revoked';
  connection: { status: ConnectionStatus; /** Epoch ms of the next attempt while offline. */ retryAt: number | null };
  printer: { status: PrinterStatus; queued: number };
  /** Actions saved on this device (the cook's, and its own acks) and not yet confirmed by the server. */
  pendingActions: number;
  /** Open tickets to cook, oldest first. */
  tickets: TicketView[];
  /** Bumped tickets that can be recalled, most recently bumped first. */
  bumped: TicketView[];
  allDay: AllDayCount[];
  notices: Notice[];
  settings: KioskSettings;
}

export type ActionResult = { ok: true } | { ok: false; message: string };

export interface PairRequest {
  serverUrl: string;
  code: string;
  deviceName: string;
  restaurantName: string;
}

export interface KioskApi {
  /** Calls `listener` with the state now and after every change; returns the unsubscribe. */
  subscribe(listener: (state: KioskState) => void): () => void;
  /** Marks a ticket ready. Resolves once the action is saved on this device, online or not. */
  bump(orderId: string): Promise<ActionResult>;
  /** Takes a bumped ticket back to the line. */
  recall(orderId: string): Promise<ActionResult>;
  reprint(orderId: string): Promise<ActionResult>;
  pair(request: PairRequest): Promise<ActionResult>;
  updateSettings(patch: Partial<KioskSettings>): Promise<ActionResult>;
}

/**
 * The IPC channels of the Electron bridge, one per method plus the state push.
 * A type, not a value: the sandboxed preload can import nothing, so it and the
 * main process each spell them out, checked against this.
 */
export interface KioskChannels {
  state: 'kiosk:state';
  getState: 'kiosk:getState';
  bump: 'kiosk:bump';
  recall: 'kiosk:recall';
  reprint: 'kiosk:reprint';
  pair: 'kiosk:pair';
  updateSettings: 'kiosk:updateSettings';
}
