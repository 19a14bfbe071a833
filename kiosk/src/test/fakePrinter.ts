import { createServer, type Socket } from 'node:net';
import { readTickets, type PrintedTicket } from './escposReader.js';

export type FakePrinterCondition = 'ready' | 'offline' | 'coverOpen' | 'paperOut';

export interface FakePrinter {
  host: '127.0.0.1';
  port: number;
  /** Every byte that reached the paper, in order. */
  paper(): Buffer;
  /** The paper cut into tickets; the last may be unfinished. */
  tickets(): PrintedTicket[];
  /** Offline, cover open or out of paper: status queries say so and nothing prints until `ready` again. */
  setCondition(condition: FakePrinterCondition): void;
  /** Prints this many bytes a second; 0 for at once. */
  setSpeed(bytesPerSecond: number): void;
  close(): Promise<void>;
}

const DLE = 0x10;
const EOT = 0x04;
const GS = 0x1d;
const TICK_MS = 20;

/**
 * A network ESC/POS printer on 127.0.0.1 for tests. It answers DLE EOT status
 * queries the moment they arrive, prints everything else in order at the
 * speed it is set to (answering GS r once what came before it is printed),
 * stops printing while it is not ready, and, like a printer whose job was
 * aborted, drops what it had not printed yet when the sender hangs up.
 */
export async function startFakePrinter(
  options: {
    /** Called as each ticket is confirmed (its GS r answered), with Date.now() at that moment. */
    onConfirmed?(ticket: PrintedTicket, at: number): void;
  } = {},
): Promise<FakePrinter> {
  let condition: FakePrinterCondition = 'ready';
  let speed = 0;
  const paper: number[] = [];
  /** Where the paper stood at the last confirmation: what came after it is the next ticket. */
  let confirmedUpTo = 0;
  const sessions = new Set<{ socket: Socket; queue: number[] }>();

  function realtimeStatus(n: number): number {
    const base = 0x12;
    if (n === 1) return base | (condition === 'ready' ? 0 : 0x08);
    if (n === 2) return base | (condition === 'coverOpen' ? 0x04 : 0) | (condition === 'paperOut' ? 0x20 : 0);
    if (n === 4) return base | (condition === 'paperOut' ? 0x60 : 0);
    return base;
  }

  /** Prints up to `budget` bytes of a session's queue; GS r n answers when its turn comes. */
  function printFrom(session: { socket: Socket; queue: number[] }, budget: number): void {
    let left = budget;
    while (session.queue.length > 0 && left > 0) {
      if (session.queue[0] === GS && session.queue[1] === 0x72) {
        if (session.queue.length < 3) return;
        session.queue.splice(0, 3);
        session.socket.write(Buffer.from([0x00]));
        if (options.onConfirmed) {
          const ticket = readTickets(Buffer.from(paper.slice(confirmedUpTo))).at(-1);
          if (ticket) options.onConfirmed(ticket, Date.now());
        }
        confirmedUpTo = paper.length;
        continue;
      }
      paper.push(session.queue.shift()!);
      left--;
    }
  }

  const ticker = setInterval(() => {
    if (condition !== 'ready') return;
    for (const session of sessions) printFrom(session, speed === 0 ? Infinity : Math.ceil((speed * TICK_MS) / 1000));
  }, TICK_MS);

  const server = createServer((socket) => {
    const session = { socket, queue: [] as number[] };
    let carry: number[] = [];
    sessions.add(session);
    socket.on('data', (chunk: Buffer) => {
      const bytes = [...carry, ...chunk];
      carry = [];
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] === DLE && (bytes[i + 1] === EOT || i + 1 === bytes.length)) {
          if (i + 2 >= bytes.length) {
            carry = bytes.slice(i);
            break;
          }
          socket.write(Buffer.from([realtimeStatus(bytes[i + 2]!)]));
          i += 2;
          continue;
        }
        session.queue.push(bytes[i]!);
      }
      if (condition === 'ready' && speed === 0) printFrom(session, Infinity);
    });
    socket.on('error', () => undefined); // A client killed mid-ticket resets the connection: expected here.
    socket.on('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the fake printer has no port');

  return {
    host: '127.0.0.1',
    port: address.port,
    paper: () => Buffer.from(paper),
    tickets: () => readTickets(Buffer.from(paper)),
    setCondition(next) {
      condition = next;
    },
    setSpeed(bytesPerSecond) {
      speed = bytesPerSecond;
    },
    async close() {
      clearInterval(ticker);
      for (const { socket } of sessions) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
