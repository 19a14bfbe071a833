import type { Clock, Timer } from '../clock.js';
import type { Journal } from '../journal/journal.js';
import type { PrinterStatus } from '../kioskApi.js';
import type { LedgerEntry, LedgerState } from '../ledger/ledger.js';
import type { PrinterLink } from './printerLink.js';
import { renderTicket, type TicketStyle } from './ticketLayout.js';

export interface PrintQueueDeps {
  journal: Journal<LedgerState, LedgerEntry>;
  clock: Clock;
  /** The printer as configured now; undefined when the kiosk has none. */
  printer(): PrinterLink | undefined;
  style(): TicketStyle;
  onStatus(status: PrinterStatus): void;
  /** A ticket came out whole. */
  onPrinted(): void;
  /** The journal failed: nothing more can be saved. */
  onFailure(error: unknown): void;
  /** How often the printer is asked how it is, idle or while it cannot print. */
  pollMs?: number;
}

export interface PrintQueue {
  start(): void;
  /** A ticket was queued or the printer changed: look now rather than at the next poll. */
  kick(): void;
  stop(): Promise<void>;
}

const DEFAULT_POLL_MS = 2_000;

/**
 * Prints the journal's tickets one at a time, in the order they were queued.
 * A ticket is marked started in the journal before its first byte leaves and
 * printed once the printer confirmed it; one started but never confirmed (the
 * printer failed mid-ticket, or the process died) prints again as a reprint.
 * While the printer is down, tickets wait and its status is polled.
 */
export function createPrintQueue(deps: PrintQueueDeps): PrintQueue {
  const pollMs = deps.pollMs ?? DEFAULT_POLL_MS;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let timer: Timer | undefined;
  /** Kicked while busy: the next pause is skipped. */
  let kicked = false;
  /** Tickets confirmed by the printer whose `ticketPrinted` is being written. */
  const beingRecorded = new Set<string>();

  function pause(ms: number): Promise<void> {
    if (kicked) {
      kicked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      wake = () => {
        if (timer) deps.clock.clearTimeout(timer);
        timer = undefined;
        wake = undefined;
        resolve();
      };
      timer = deps.clock.setTimeout(() => wake?.(), ms);
    });
  }

  async function printNext(printer: PrinterLink): Promise<boolean> {
    const job = deps.journal.state.jobs.find((each) => !beingRecorded.has(each.jobId));
    if (!job) {
      deps.onStatus(await printer.status());
      return false;
    }
    const ticket = renderTicket(job.order, deps.style(), { reprint: job.reprint || job.started });
    const outcome = await printer.print(ticket, async () => {
      if (!job.started) await deps.journal.record([{ type: 'ticketStarted', jobId: job.jobId }]);
    });
    deps.onStatus(outcome.status);
    if (!outcome.printed) return false;
    // Not awaited (the journal writes in call order: the next ticket's start cannot overtake it), but
    // remembered, so the next round does not take this ticket for one still to print.
    beingRecorded.add(job.jobId);
    deps.journal
      .record([{ type: 'ticketPrinted', jobId: job.jobId }])
      .then(deps.onPrinted, deps.onFailure)
      .finally(() => beingRecorded.delete(job.jobId));
    return true;
  }

  async function run(): Promise<void> {
    while (running) {
      const printer = deps.printer();
      if (!printer) {
        deps.onStatus('notConfigured');
        await pause(pollMs);
        continue;
      }
      if (!(await printNext(printer))) await pause(pollMs);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run().catch((error: unknown) => {
        running = false;
        deps.onFailure(error);
      });
    },
    kick() {
      if (wake) wake();
      else kicked = true;
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
