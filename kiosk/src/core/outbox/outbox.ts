import type { Order } from '@tableside/shared';
import type { Clock, Timer } from '../clock.js';
import type { KitchenConnection } from '../connection/kitchenConnection.js';
import type { Journal } from '../journal/journal.js';
import type { KitchenOp, LedgerEntry, LedgerState } from '../ledger/ledger.js';
import { sendable } from './sendable.js';
import { settleAnswer } from './settleAnswer.js';

export interface OutboxDeps {
  journal: Journal<LedgerState, LedgerEntry>;
  connection: Pick<KitchenConnection, 'request' | 'reconnect'>;
  clock: Clock;
  /** The order as the server answered it, to merge into the board before the op is settled. */
  onOrder(order: Order): void;
  /** An op was settled in the journal. */
  onSettled(): void;
  onNotice(text: string): void;
  /** The board may be stale (an op was refused): sync. */
  onResyncNeeded(): void;
  /** The journal failed: nothing more can be saved. */
  onFailure(error: unknown): void;
  /** How long to wait before sending again after the server said it was busy. */
  busyRetryMs?: number;
}

export interface Outbox {
  /** The link is up and the board synced: send what is waiting. */
  resume(): void;
  /** The link is down: keep everything for later. */
  pause(): void;
  /** An op was just saved: send it if online. */
  kick(): void;
  /** Resolves once nothing is in flight (after `pause`, for a clean stop). */
  idle(): Promise<void>;
}

const DEFAULT_BUSY_RETRY_MS = 2_000;
/** Acks in flight at once while catching up. */
const ACK_WINDOW = 16;

function send(connection: OutboxDeps['connection'], op: KitchenOp): Promise<unknown> {
  if (op.kind === 'ack') return connection.request('kitchen:ack', { orderId: op.orderId });
  if (op.kind === 'bump') {
    return connection.request('kitchen:bump', { orderId: op.orderId, to: op.to, expectedVersion: op.expectedVersion });
  }
  return connection.request('kitchen:recall', { orderId: op.orderId, expectedVersion: op.expectedVersion });
}

/**
 * Sends the journal's ops to the server in the order they were made (see
 * `sendable`), each settled in the journal once answered. An op stays in the
 * journal until its answer came, so a crash or a drop at any moment means it
 * is sent again, which is harmless: acks are idempotent, and a bump or recall
 * carries its expected version (see settleAnswer).
 */
export function createOutbox(deps: OutboxDeps): Outbox {
  const busyRetryMs = deps.busyRetryMs ?? DEFAULT_BUSY_RETRY_MS;
  let online = false;
  let busy: Timer | undefined;
  let round: Promise<void> | undefined;
  const inFlight = new Map<string, Promise<void>>();
  let settledOne: (() => void) | undefined;

  async function sendOne(op: KitchenOp): Promise<void> {
    const settlement = settleAnswer(op, await send(deps.connection, op));
    if (settlement.kind === 'retry') {
      if (!online) return;
      if (settlement.reason === 'noAnswer') {
        // A link gone silent: reconnecting resumes sending after the next sync.
        online = false;
        deps.connection.reconnect();
      } else {
        busy ??= deps.clock.setTimeout(() => {
          busy = undefined;
          kick();
        }, busyRetryMs);
      }
      return;
    }
    let settled = [op.opId];
    if (settlement.kind === 'conflict') {
      // The ops after it on the same order were made on the view that turned out stale.
      settled = deps.journal.state.ops.filter((each) => each.orderId === op.orderId).map((each) => each.opId);
    }
    if (settlement.kind !== 'refused') deps.onOrder(settlement.order);
    await deps.journal.record([{ type: 'opsSettled', opIds: settled }]);
    deps.onSettled();
    if (settlement.kind !== 'applied') deps.onNotice(settlement.notice);
    if (settlement.kind === 'refused') deps.onResyncNeeded();
  }

  function start(op: KitchenOp): void {
    const sending = sendOne(op)
      .catch(deps.onFailure)
      .finally(() => {
        inFlight.delete(op.opId);
        settledOne?.();
      });
    inFlight.set(op.opId, sending);
  }

  async function sendAll(): Promise<void> {
    while (online && !busy) {
      const next = sendable(deps.journal.state.ops, new Set(inFlight.keys()), ACK_WINDOW);
      if (next.length > 0) {
        for (const op of next) start(op);
        continue;
      }
      if (inFlight.size === 0) return;
      await new Promise<void>((resolve) => (settledOne = resolve));
      settledOne = undefined;
    }
  }

  function kick(): void {
    if (!online || round) return;
    round = sendAll().finally(() => {
      round = undefined;
      // Ops saved while the last ones were in flight, after the loop looked.
      if (online && !busy && deps.journal.state.ops.length > inFlight.size) kick();
    });
  }

  return {
    resume() {
      online = true;
      kick();
    },
    pause() {
      online = false;
      settledOne?.();
    },
    kick,
    async idle() {
      await round;
      await Promise.all(inFlight.values());
      if (busy) deps.clock.clearTimeout(busy);
      busy = undefined;
    },
  };
}
