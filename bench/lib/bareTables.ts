import type { Socket } from 'socket.io-client';
import { linesAfter } from './cartCycle.js';
import type { LoadTable } from './fanoutLoad.js';
import type { OpAck } from './fanoutRecorder.js';
import { mapLimited } from './limited.js';
import { createSocketPool, type SeatedTables } from './loadSockets.js';

export interface BareTablesSetup {
  /** The ceiling's instances: diner d of every table connects to `urls[d % urls.length]`. */
  urls: string[];
  tableCount: number;
  dinersPerTable: number;
}

const ACK_TIMEOUT_MS = 10_000;
const SEATING_CONCURRENCY = 32;

/**
 * A ceiling table: its diners take turns sending `op`, numbered by the table
 * (the bare server keeps no count), sized as the same step of a real cart.
 */
function bareTable(sockets: Socket[]): LoadTable {
  let turn = 0;
  return {
    sendOp() {
      const n = turn++;
      return new Promise((resolve) =>
        sockets[n % sockets.length]!.timeout(ACK_TIMEOUT_MS).emit(
          'op',
          { version: n + 1, lines: linesAfter(n) },
          (error: Error | null, answer: OpAck) => resolve(error ? undefined : answer),
        ),
      );
    },
    onState(listener) {
      for (const socket of sockets) socket.on('state', (state: { version: number }) => listener(state.version));
    },
  };
}

/** Connects `dinersPerTable` sockets per table to the ceiling, each in its table's room. */
export async function seatBareTables(setup: BareTablesSetup): Promise<SeatedTables> {
  const pool = createSocketPool();
  const tableNumbers = Array.from({ length: setup.tableCount }, (_, index) => index);
  try {
    const tables = await mapLimited(tableNumbers, SEATING_CONCURRENCY, async (table) => {
      const sockets: Socket[] = [];
      for (let d = 0; d < setup.dinersPerTable; d++) {
        const url = setup.urls[d % setup.urls.length]!;
        sockets.push((await pool.open(url, { room: `table:${table}` }, 'state')).socket);
      }
      return bareTable(sockets);
    });
    return { tables, disconnects: pool.disconnects, close: pool.close };
  } catch (error) {
    pool.close();
    throw error;
  }
}
