/** What a server answered to one op: the version its state will carry, or why it refused. */
export type OpAck = { ok: true; version: number } | { ok: false; error: string };

/** One run at one rate, as the diners saw it. */
export interface FanoutCounts {
  /** Ops emitted in the window and accepted. */
  ops: number;
  /** States received by any diner in the window. */
  deliveries: number;
  /** Op emitted → the table's last diner received its state, in ms, for the window's ops, sorted. */
  latenciesMs: number[];
  /** Ops answered `ok: false`, over the whole run, and the first answer of that kind. */
  refused: number;
  /**
   * Ops refused LINE_NOT_FOUND after their table had already sent its next
   * op: under an open-loop load a slow quantity change can be overtaken by
   * the table's clear, and the cart refuses it rather than lose the clear, as
   * designed (guarantee 5). Counted, not a problem; a LINE_NOT_FOUND with no
   * later op of the table sent is one (a line lost) and counts as refused.
   */
  overtaken: number;
  firstRefusal?: string;
  /** Ops with no answer by the end of the drain. */
  unanswered: number;
  /** States of accepted ops some diner never received, counted once per diner. */
  lost: number;
}

interface Delivery {
  /** When the op that made this version was emitted; unknown until its ack arrives. */
  sentAt?: number;
  received: number;
  lastReceivedAt: number;
}

/**
 * Matches ops to the states they cause, per table and version: a state may
 * reach a diner before the op's ack reaches its sender, so whichever comes
 * second completes the pair. Only ops emitted inside the window, and states
 * received inside it, are counted; the rest is warm-up and drain.
 */
export function createFanoutRecorder(
  tableCount: number,
  dinersPerTable: number,
  /** Called for every op whose state reached all its table's diners, window or not (a run of several steps). */
  onComplete?: (sentAt: number, latencyMs: number) => void,
) {
  const deliveries = Array.from({ length: tableCount }, () => new Map<number, Delivery>());
  const window = { start: Infinity, end: Infinity };
  const counts: FanoutCounts = {
    ops: 0,
    deliveries: 0,
    latenciesMs: [],
    refused: 0,
    overtaken: 0,
    unanswered: 0,
    lost: 0,
  };
  /** When each table emitted its latest op. */
  const lastSentAt: number[] = Array.from({ length: tableCount }, () => -Infinity);
  let awaitingAck = 0;
  let finished = false;
  const inWindow = (at: number) => at >= window.start && at < window.end;

  function delivery(table: number, version: number): Delivery {
    const known = deliveries[table]!.get(version);
    if (known) return known;
    const fresh: Delivery = { received: 0, lastReceivedAt: 0 };
    deliveries[table]!.set(version, fresh);
    return fresh;
  }

  function completeIfDone(table: number, version: number, entry: Delivery): void {
    if (entry.sentAt === undefined || entry.received < dinersPerTable) return;
    if (inWindow(entry.sentAt)) counts.latenciesMs.push(entry.lastReceivedAt - entry.sentAt);
    onComplete?.(entry.sentAt, entry.lastReceivedAt - entry.sentAt);
    deliveries[table]!.delete(version);
  }

  return {
    openWindow(at: number): void {
      window.start = at;
    },
    closeWindow(at: number): void {
      window.end = at;
    },

    /** Call as the op is emitted; call what it returns with the ack (undefined: none came). */
    opSent(table: number, sentAt: number): (ack: OpAck | undefined) => void {
      awaitingAck++;
      lastSentAt[table] = sentAt;
      return (ack) => {
        if (finished) return;
        awaitingAck--;
        if (!ack) {
          counts.unanswered++;
        } else if (!ack.ok && ack.error.startsWith('LINE_NOT_FOUND') && lastSentAt[table]! > sentAt) {
          counts.overtaken++;
        } else if (!ack.ok) {
          counts.refused++;
          counts.firstRefusal ??= ack.error;
        } else {
          if (inWindow(sentAt)) counts.ops++;
          const entry = delivery(table, ack.version);
          entry.sentAt = sentAt;
          completeIfDone(table, ack.version, entry);
        }
      };
    },

    stateReceived(table: number, version: number, at: number): void {
      if (finished) return;
      if (inWindow(at)) counts.deliveries++;
      const entry = delivery(table, version);
      entry.received++;
      entry.lastReceivedAt = at;
      completeIfDone(table, version, entry);
    },

    /** Ops still waiting for their ack or for a diner to receive their state. */
    outstanding(): number {
      let waiting = awaitingAck;
      for (const table of deliveries) {
        for (const entry of table.values()) if (entry.sentAt !== undefined) waiting++;
      }
      return waiting;
    },

    /** The counts, once the drain is over: what is still missing by then is lost. */
    finish(): FanoutCounts {
      finished = true;
      for (const table of deliveries) {
        for (const entry of table.values()) {
          if (entry.sentAt !== undefined) counts.lost += dinersPerTable - entry.received;
        }
      }
      counts.unanswered += awaitingAck;
      counts.latenciesMs.sort((a, b) => a - b);
      return counts;
    },
  };
}

export type FanoutRecorder = ReturnType<typeof createFanoutRecorder>;

/** The `q` quantile (0..1) of sorted values, nearest rank; NaN for none. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
