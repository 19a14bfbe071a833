import { io, type Socket } from 'socket.io-client';
import type { LoadTable } from './fanoutLoad.js';

/** Tables of connected diners, ready for load. */
export interface SeatedTables {
  tables: LoadTable[];
  /** Sockets the server dropped since they connected. */
  disconnects(): number;
  close(): void;
}

const CONNECT_TIMEOUT_MS = 15_000;

/**
 * The load generator's sockets: WebSocket only, no reconnection (a dropped
 * diner must show up as lost states, not be papered over), each on its own
 * connection as separate phones are.
 */
export function createSocketPool() {
  const sockets: Socket[] = [];
  let dropped = 0;

  return {
    /** Connects to `namespaceUrl` and resolves with the first `stateEvent` the server sends. */
    open<Sent>(namespaceUrl: string, auth: Record<string, string>, stateEvent: string) {
      const socket = io(namespaceUrl, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(socket);
      socket.on('disconnect', (reason) => {
        if (reason !== 'io client disconnect') dropped++;
      });
      return new Promise<{ socket: Socket; first: Sent }>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${stateEvent} from ${namespaceUrl} within ${CONNECT_TIMEOUT_MS} ms`)),
          CONNECT_TIMEOUT_MS,
        );
        socket.once('connect_error', (error) => {
          clearTimeout(timer);
          reject(new Error(`${namespaceUrl} refused a diner: ${error.message}`, { cause: error }));
        });
        socket.once(stateEvent, (first: Sent) => {
          clearTimeout(timer);
          resolve({ socket, first });
        });
      });
    },
    disconnects: () => dropped,
    close(): void {
      for (const socket of sockets) socket.close();
    },
  };
}
