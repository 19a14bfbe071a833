import { quantile } from './fanoutRecorder.js';
import type { KitchenReceipt } from './kiosk.js';
import type { OrderAttempt } from './orderLoad.js';

export interface Spread {
  p50: number;
  p99: number;
  /** How many were below zero: the kiosk had the order before the diner had the 201. */
  negative: number;
}

export interface KitchenFigures {
  /** 201s of the whole run, warm-up included. */
  placed: number;
  /** 201 orders the kiosk never received. */
  missing: number;
  /** 201 orders the kiosk received under more than one event id: the same order announced twice. */
  announcedTwice: number;
  /** Receipts of an event already received (at least once delivery; the kiosk drops them by event id). */
  duplicates: number;
  /** Receipts of orders this run did not place. */
  foreign: number;
  /** Orders whose POST was sent in the window and that reached the kiosk. */
  measured: number;
  /** The event appended to the `orders` stream (right after the commit, Redis's clock) → `kitchen:order` received (Date.now()), ms. */
  fromStreamAppend: Spread;
  /** Orders whose event was not found in the stream (trimmed, or appended by the relay under another id). */
  notInStream: number;
  /** The 201 answer complete → `kitchen:order` received, ms. */
  fromAnswer: Spread;
  /** The order's `createdAt` (its transaction's start, Postgres's clock) → `kitchen:order` received (Date.now()), ms. */
  fromCreatedAt: Spread;
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), negative: sorted.filter((v) => v < 0).length };
}

/**
 * Matches the kiosk's receipts to the 201s, by order id, keeping each event's
 * first receipt, and to the stream's append times (`appendedAt`, epoch ms by event id).
 */
export function kitchenFigures(
  attempts: OrderAttempt[],
  window: { start: number; end: number },
  receipts: KitchenReceipt[],
  appendedAt: Map<string, number>,
): KitchenFigures {
  const placed = new Map(attempts.filter((a) => a.outcome === 'placed').map((a) => [a.orderId!, a]));
  const firstReceipt = new Map<string, KitchenReceipt>();
  const eventsOf = new Map<string, Set<string>>();
  const seenEvents = new Set<string>();
  let duplicates = 0;
  let foreign = 0;
  for (const receipt of receipts) {
    if (seenEvents.has(receipt.eventId)) {
      duplicates++;
      continue;
    }
    seenEvents.add(receipt.eventId);
    if (!placed.has(receipt.orderId)) {
      foreign++;
      continue;
    }
    const events = eventsOf.get(receipt.orderId) ?? new Set<string>();
    events.add(receipt.eventId);
    eventsOf.set(receipt.orderId, events);
    if (!firstReceipt.has(receipt.orderId)) firstReceipt.set(receipt.orderId, receipt);
  }
  const fromStreamAppend: number[] = [];
  let notInStream = 0;
  const fromAnswer: number[] = [];
  const fromCreatedAt: number[] = [];
  for (const [orderId, attempt] of placed) {
    const receipt = firstReceipt.get(orderId);
    if (!receipt || attempt.sentAt < window.start || attempt.sentAt >= window.end) continue;
    const appended = appendedAt.get(receipt.eventId);
    if (appended === undefined) notInStream++;
    else fromStreamAppend.push(receipt.receivedAtEpochMs - appended);
    fromAnswer.push(receipt.receivedAt - attempt.answeredAt);
    fromCreatedAt.push(receipt.receivedAtEpochMs - receipt.createdAt);
  }
  return {
    placed: placed.size,
    missing: [...placed.keys()].filter((orderId) => !firstReceipt.has(orderId)).length,
    announcedTwice: [...eventsOf.values()].filter((events) => events.size > 1).length,
    duplicates,
    foreign,
    measured: fromAnswer.length,
    fromStreamAppend: spread(fromStreamAppend),
    notInStream,
    fromAnswer: spread(fromAnswer),
    fromCreatedAt: spread(fromCreatedAt),
  };
}
