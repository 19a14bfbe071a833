import { Socket } from 'node:net';
import type { PrinterStatus } from '../kioskApi.js';
import {
  PRINT_CONFIRMATION,
  STATUS_QUERY,
  STATUS_REPLY_BYTES,
  canPrint,
  confirmsPrint,
  readStatus,
} from './escposStatus.js';
import type { PrinterLink } from './printerLink.js';

export interface TcpPrinterOptions {
  host: string;
  port: number;
  connectTimeoutMs?: number;
  /** A status query unanswered this long means the printer is not there. */
  statusTimeoutMs?: number;
  /** How long a ticket may take to come out before it counts as not printed. */
  printTimeoutMs?: number;
}

/** A short-lived conversation with the printer: one connection per status poll or ticket. */
class PrinterSession {
  #socket = new Socket();
  #received: number[] = [];
  #waiter: { count: number; resolve(bytes: number[]): void; reject(error: Error): void } | undefined;
  #closed: Error | undefined;

  constructor() {
    this.#socket.on('data', (chunk: Buffer) => {
      this.#received.push(...chunk);
      this.#settle();
    });
    this.#socket.on('error', (error) => this.#fail(error));
    this.#socket.on('close', () => this.#fail(new Error('the printer closed the connection')));
  }

  #fail(error: Error): void {
    this.#closed ??= error;
    this.#waiter?.reject(this.#closed);
    this.#waiter = undefined;
  }

  #settle(): void {
    if (this.#waiter && this.#received.length >= this.#waiter.count) {
      this.#waiter.resolve(this.#received.splice(0, this.#waiter.count));
      this.#waiter = undefined;
    }
  }

  connect(host: string, port: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no connection to ${host}:${port}`)), timeoutMs);
      this.#socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      this.#socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      this.#socket.connect({ host, port });
      this.#socket.setNoDelay(true);
    });
  }

  /** Writes `bytes` and resolves to the next `count` bytes the printer sends back. */
  ask(bytes: Uint8Array, count: number, timeoutMs: number): Promise<number[]> {
    if (this.#closed) return Promise.reject(this.#closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = undefined;
        reject(new Error(`the printer did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiter = {
        count,
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.#socket.write(bytes);
      this.#settle();
    });
  }

  close(): void {
    this.#socket.removeAllListeners('close');
    this.#socket.on('error', () => undefined); // Errors after we hung up change nothing.
    this.#socket.destroy();
  }
}

/** A network printer taking raw ESC/POS on its port (9100 by convention). */
export function createTcpPrinter(options: TcpPrinterOptions): PrinterLink {
  const connectTimeoutMs = options.connectTimeoutMs ?? 3_000;
  const statusTimeoutMs = options.statusTimeoutMs ?? 2_000;
  const printTimeoutMs = options.printTimeoutMs ?? 20_000;

  /** The status over a fresh session; `unreachable` if refused, timed out or hung up. */
  async function statusOver(session: PrinterSession): Promise<PrinterStatus> {
    try {
      await session.connect(options.host, options.port, connectTimeoutMs);
      return readStatus(Uint8Array.from(await session.ask(STATUS_QUERY, STATUS_REPLY_BYTES, statusTimeoutMs)));
    } catch {
      return 'unreachable';
    }
  }

  return {
    description: `${options.host}:${options.port}`,
    async status() {
      const session = new PrinterSession();
      try {
        return await statusOver(session);
      } finally {
        session.close();
      }
    },
    async print(ticket, beforeSending) {
      const session = new PrinterSession();
      try {
        const status = await statusOver(session);
        if (!canPrint(status)) return { status, printed: false };
        await beforeSending();
        const reply = await session
          .ask(Buffer.concat([ticket, PRINT_CONFIRMATION]), 1, printTimeoutMs)
          .catch(() => undefined); // Cut off or no confirmation: not printed, as far as anyone can tell.
        if (!reply) return { status: 'unreachable', printed: false };
        return confirmsPrint(reply[0]!) ? { status, printed: true } : { status: 'paperOut', printed: false };
      } finally {
        session.close();
      }
    },
  };
}
