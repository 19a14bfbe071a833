import { randomUUID } from 'node:crypto';
import type { CartAck, CartState, DinerClientEvents, DinerServerEvents } from '@tableside/shared';
import type { Socket } from 'socket.io-client';
import { cartStep } from './cartCycle.js';
import type { LoadTable } from './fanoutLoad.js';
import type { OpAck } from './fanoutRecorder.js';
import { joinTable } from './joinTable.js';
import { mapLimited } from './limited.js';
import { createSocketPool, type SeatedTables } from './loadSockets.js';

type DinerSocket = Socket<DinerServerEvents, DinerClientEvents>;

interface CartDiner {
  socket: DinerSocket;
  /** The newest cart state this diner received. */
  latest: CartState;
}

export interface CartTablesSetup {
  /** The server instances: diner d of every table joins and connects through `urls[d % urls.length]`. */
  urls: string[];
  qrTokens: string[];
  dinersPerTable: number;
  /** Dishes with no option to choose and no stock to run out of. */
  itemIds: string[];
}

const ACK_TIMEOUT_MS = 10_000;
const SEATING_CONCURRENCY = 16;

function toOpAck(answer: CartAck | undefined): OpAck | undefined {
  if (!answer || answer.ok) return answer;
  return { ok: false, error: `${answer.error.code}: ${answer.error.message}` };
}

/**
 * A table's ops, as its diners take turns: the next step of the cart cycle.
 * A quantity change needs a line everyone agrees exists, so it is sent only
 * when no op of the table is in flight and the sender has the newest state;
 * otherwise the diner adds a dish instead.
 */
function cartTable(diners: CartDiner[], itemIds: string[], tableIndex: number): LoadTable {
  let turn = 0;
  let inFlight = 0;
  let newestAcked = diners[0]!.latest.version;

  function emitOp(diner: CartDiner, n: number): Promise<CartAck | undefined> {
    const socket = diner.socket.timeout(ACK_TIMEOUT_MS);
    const opId = randomUUID();
    const line = diner.latest.lines[0];
    const settled = inFlight === 0 && diner.latest.version === newestAcked;
    return new Promise((resolve) => {
      const answered = (error: Error | null, answer: CartAck) => resolve(error ? undefined : answer);
      const step = cartStep(n);
      if (step === 'clear') {
        socket.emit('cart:clear', { opId }, answered);
      } else if (step === 'setQuantity' && settled && line) {
        socket.emit('cart:setQuantity', { opId, lineId: line.lineId, quantity: line.quantity === 2 ? 3 : 2 }, answered);
      } else {
        const itemId = itemIds[(n + tableIndex) % itemIds.length]!;
        socket.emit('cart:add', { opId, itemId, quantity: 1, optionIds: [] }, answered);
      }
    });
  }

  return {
    async sendOp() {
      const n = turn++;
      const sent = emitOp(diners[n % diners.length]!, n);
      inFlight++;
      const answer = await sent;
      inFlight--;
      if (answer?.ok) newestAcked = Math.max(newestAcked, answer.version);
      return toOpAck(answer);
    },
    onState(listener) {
      for (const diner of diners) diner.socket.on('cart:state', (state) => listener(state.version));
    },
  };
}

/**
 * Seats `dinersPerTable` diners at every table through the real API: each
 * joins with POST /join, then connects to `/diner` with its token and waits
 * for the cart. Every socket is closed again if one diner cannot be seated.
 */
export async function seatCartTables(setup: CartTablesSetup): Promise<SeatedTables> {
  const pool = createSocketPool();
  try {
    const tables = await mapLimited(setup.qrTokens, SEATING_CONCURRENCY, async (qrToken, tableIndex) => {
      const diners: CartDiner[] = [];
      for (let d = 0; d < setup.dinersPerTable; d++) {
        const url = setup.urls[d % setup.urls.length]!;
        const token = await joinTable(url, qrToken);
        const { socket, first } = await pool.open<CartState>(`${url}/diner`, { token }, 'cart:state');
        const diner: CartDiner = { socket: socket as DinerSocket, latest: first };
        diner.socket.on('cart:state', (state) => (diner.latest = state));
        diners.push(diner);
      }
      return cartTable(diners, setup.itemIds, tableIndex);
    });
    return { tables, disconnects: pool.disconnects, close: pool.close };
  } catch (error) {
    pool.close();
    throw error;
  }
}
