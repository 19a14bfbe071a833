import type {
  CartAck,
  CartState,
  DinerClientEvents,
  DinerServerEvents,
  OrderStatusEvent,
  TableDiner,
} from '@tableside/shared';
import { io, type Socket } from 'socket.io-client';
import { waitFor } from './wait.js';

export { waitFor };

export type DinerClient = Socket<DinerServerEvents, DinerClientEvents>;

/** A phone's cart socket, recording everything the server sends it. */
export interface ConnectedDiner {
  socket: DinerClient;
  states: CartState[];
  diners: TableDiner[][];
  closed: { reason: string }[];
  menuChanges: { version: number }[];
  placed: Parameters<DinerServerEvents['order:placed']>[0][];
  statuses: OrderStatusEvent[];
  /** The newest cart state received. */
  last(): CartState | undefined;
  /** Resolves once a cart state with at least `version` has arrived. */
  waitForVersion(version: number, timeoutMs?: number): Promise<CartState>;
  /** Emits an op and resolves to its ack. */
  send<E extends keyof DinerClientEvents>(event: E, payload: unknown): Promise<CartAck>;
  close(): void;
}

export async function connectDiner(baseUrl: string, token: string): Promise<ConnectedDiner> {
  const socket: DinerClient = io(`${baseUrl}/diner`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const diner: ConnectedDiner = {
    socket,
    states: [],
    diners: [],
    closed: [],
    menuChanges: [],
    placed: [],
    statuses: [],
    last: () => diner.states.at(-1),
    waitForVersion: (version, timeoutMs = 5_000) =>
      waitFor(() => diner.states.find((state) => state.version >= version), timeoutMs, `cart version ${version}`),
    send: (event, payload) =>
      new Promise((resolve) =>
        (socket.emit as (event: string, payload: unknown, ack: (answer: CartAck) => void) => void)(
          event,
          payload,
          resolve,
        ),
      ),
    close: () => socket.close(),
  };
  socket.on('cart:state', (state) => diner.states.push(state));
  socket.on('table:diners', (list) => diner.diners.push(list));
  socket.on('table:closed', (event) => diner.closed.push(event));
  socket.on('menu:changed', (event) => diner.menuChanges.push(event));
  socket.on('order:placed', (event) => diner.placed.push(event));
  socket.on('order:status', (event) => diner.statuses.push(event));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return diner;
}

/** The error a refused handshake carries (`connect_error`'s data). */
export async function refusedConnection(baseUrl: string, token: string): Promise<{ code: string; message: string }> {
  const socket = io(`${baseUrl}/diner`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  try {
    return await new Promise((resolve, reject) => {
      socket.once('connect', () => reject(new Error('the server accepted the connection')));
      socket.once('connect_error', (error) =>
        resolve((error as Error & { data: { code: string; message: string } }).data),
      );
    });
  } finally {
    socket.close();
  }
}
