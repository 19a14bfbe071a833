import { kitchenSyncAckSchema, orderSchema, type Order } from '@tableside/shared';
import type { BoardChange, OrderBoard } from '../board/orderBoard.js';
import { takeInEntries } from '../board/takeIn.js';
import type { Clock, Timer } from '../clock.js';
import { createKitchenConnection, type KitchenConnection } from '../connection/kitchenConnection.js';
import type { Journal } from '../journal/journal.js';
import type { KioskTimings } from '../timings.js';
import type { ConnectionStatus } from '../kioskApi.js';
import type { LedgerEntry, LedgerState } from '../ledger/ledger.js';
import type { KioskLog } from '../log.js';

export interface KitchenSessionDeps {
  serverUrl: string;
  token: string;
  clock: Clock;
  random?: () => number;
  timings: KioskTimings;
  board: OrderBoard;
  journal: Journal<LedgerState, LedgerEntry>;
  log: KioskLog;
  /** Whether new orders owe the printer a ticket. */
  printing(): boolean;
  /** Orders closed this long ago are dropped from the journal's memory. */
  forgetAfterMs: number;
  onChange(): void;
  onNotice(text: string): void;
  /** New orders are durably taken in: show them, then ack and print them. */
  onTakenIn(): void;
  /** Synced: the board equals the server's open orders; the outbox may send. */
  onOnline(): void;
  onOffline(): void;
  onUnauthorized(): Promise<void>;
  onFailure(error: unknown): void;
}

export interface KitchenSession {
  readonly connection: KitchenConnection;
  status(): { status: ConnectionStatus; retryAt: number | null };
  /** Merges an order the server answered with (to an ack, bump or recall). */
  merge(order: Order): void;
  sync(): Promise<void>;
  stop(): void;
}

const DEFAULT_RESYNC_MS = 20_000;

/**
 * One device token's time with the server: connects, syncs on every
 * (re)connect and on a timer, merges pushed events (each event id once, each
 * order by version) and takes every new order in. "Online" means synced, not
 * merely connected.
 */
export function startKitchenSession(deps: KitchenSessionDeps): KitchenSession {
  const { clock, board, journal, log } = deps;
  const resyncMs = deps.timings.resyncMs ?? DEFAULT_RESYNC_MS;
  let status: ConnectionStatus = 'connecting';
  let retryAt: number | null = null;
  let resync: Timer | undefined;
  let syncing: Promise<void> | undefined;
  let stopped = false;
  /** Counts the drops: a sync that began before the latest one does not declare the session online. */
  let drops = 0;
  /** Orders whose taking-in is being written: not taken twice by an event and a sync at once. */
  const beingTaken = new Set<string>();

  const connection = createKitchenConnection(
    {
      serverUrl: deps.serverUrl,
      token: deps.token,
      clock,
      random: deps.random,
      backoff: deps.timings.backoff,
      answerTimeoutMs: deps.timings.answerTimeoutMs,
    },
    {
      onStatus(next, at) {
        if (next === 'online') return; // Online once synced.
        status = next;
        retryAt = at;
        drops++;
        stopResync();
        deps.onOffline();
        deps.onChange();
      },
      onConnected: () => void sync(),
      onOrderEvent(event) {
        if (!board.firstSight(event.eventId)) return;
        const order = orderSchema.safeParse(event.order);
        if (order.success) merge(order.data);
        else log.warn('an order event did not match the schema', { eventId: event.eventId });
      },
      onUnauthorized() {
        stopResync();
        deps.onUnauthorized().catch(deps.onFailure);
      },
    },
  );

  function stopResync(): void {
    if (resync) clock.clearTimeout(resync);
    resync = undefined;
  }

  function noticeCancellations(changes: BoardChange[]): void {
    for (const change of changes) {
      if (change.kind === 'closed' && change.order.status === 'cancelled') {
        deps.onNotice(`Ticket ${change.order.number} (table ${change.order.table.label}) was cancelled.`);
      }
    }
  }

  async function takeIn(orders: readonly Order[]): Promise<void> {
    const entries = takeInEntries(orders, journal.state, { printing: deps.printing(), now: clock.now(), beingTaken });
    if (entries.length === 0) return;
    const ids = entries.map((entry) => entry.orderId);
    for (const id of ids) beingTaken.add(id);
    try {
      await journal.record(entries);
    } catch (error) {
      deps.onFailure(error);
      return;
    } finally {
      for (const id of ids) beingTaken.delete(id);
    }
    deps.onTakenIn();
  }

  function merge(order: Order): void {
    const change = board.merge(order);
    if (change.kind === 'unchanged') return;
    noticeCancellations([change]);
    deps.onChange();
    if (change.kind === 'added') void takeIn([order]);
  }

  /** Drops long-closed orders from the journal's memory of what it took in. */
  async function forgetClosed(): Promise<void> {
    const before = clock.now() - deps.forgetAfterMs;
    const old = [...journal.state.taken]
      .filter(([orderId, taken]) => taken.at < before && !board.get(orderId))
      .map(([orderId]) => orderId);
    if (old.length > 0) await journal.record([{ type: 'ordersForgotten', orderIds: old }]);
  }

  async function runSync(): Promise<void> {
    stopResync();
    const mark = board.mark();
    const dropsBefore = drops;
    const answer = await connection.request('kitchen:sync', {});
    if (stopped || drops !== dropsBefore) return;
    if (answer === undefined) {
      connection.reconnect(); // Connected but silent: a link that died without closing.
      return;
    }
    const synced = kitchenSyncAckSchema.safeParse(answer);
    if (!synced.success || !synced.data.ok) {
      log.warn('the server did not sync', { answer: synced.success ? synced.data : 'malformed' });
      resync = clock.setTimeout(() => void sync(), resyncMs);
      return;
    }
    noticeCancellations(board.replaceWith(synced.data.orders, mark));
    await takeIn(board.orders());
    await forgetClosed().catch(deps.onFailure);
    if (stopped || drops !== dropsBefore) return;
    status = 'online';
    retryAt = null;
    deps.onChange();
    deps.onOnline();
    resync = clock.setTimeout(() => void sync(), resyncMs);
  }

  function sync(): Promise<void> {
    syncing ??= runSync().finally(() => {
      syncing = undefined;
    });
    return syncing;
  }

  connection.start();
  return {
    connection,
    status: () => ({ status, retryAt }),
    merge,
    sync,
    stop() {
      stopped = true;
      stopResync();
      connection.stop();
    },
  };
}
