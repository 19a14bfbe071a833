import type { OrderFigures } from './orderFigures.js';
import type { OrderAttempt } from './orderLoad.js';
import { formatCount, formatTable } from './report.js';
import { orderCount, stockOf, unitsOrdered } from './stockFixtures.js';

/** One correctness check of bench/orders: what was measured against what must be. */
export interface Check {
  label: string;
  measured: string;
  expected: string;
  ok: boolean;
}

function equal(label: string, measured: number, expected: number, detail?: string): Check {
  return {
    label,
    measured: `${formatCount(measured)}${detail ? ` (${detail})` : ''}`,
    expected: formatCount(expected),
    ok: measured === expected,
  };
}

/** Units of some dishes before and after a run, and how many each 201 should have taken. */
export interface Taken {
  what: string;
  before: number;
  after: number;
  perOrder: number;
}

/** What a run on plentiful stock must keep: each 201 took its units and nothing else did; no SOLD_OUT, no error. */
export function plentyChecks(label: string, figures: OrderFigures, taken: Taken[]): Check[] {
  return [
    ...taken.map(({ what, before, after, perOrder }) =>
      equal(`${label}: ${what} taken = ${perOrder} × 201s`, before - after, perOrder * figures.placed),
    ),
    equal(`${label}: SOLD_OUT answers (every one false: stock never ran low)`, figures.soldOut, 0),
    equal(`${label}: other errors`, figures.failed, 0, figures.firstFailure),
  ];
}

/**
 * What the race for an item's last `units` must end with: exactly that many
 * sold, none left, every diner stopped by SOLD_OUT, and no SOLD_OUT while
 * units were left. Stock reaches 0 only once every sale has committed, so
 * after the last sale's POST went out: a SOLD_OUT answered before then was
 * answered while units were left.
 */
export function raceChecks(
  attempts: OrderAttempt[],
  figures: OrderFigures,
  left: number,
  race: { units: number; diners: number },
): Check[] {
  const lastSaleSent = Math.max(...attempts.filter((a) => a.outcome === 'placed').map((a) => a.sentAt));
  const early = attempts.filter((a) => a.outcome === 'soldOut' && a.answeredAt < lastSaleSent).length;
  return [
    equal('race: 201s', figures.placed, race.units),
    equal('race: units left', left, 0),
    equal('race: diners stopped by SOLD_OUT', figures.soldOut, race.diners),
    equal('race: SOLD_OUT answered while units were left', early, 0),
    equal('race: other errors', figures.failed, 0, figures.firstFailure),
  ];
}

/** The books against the answers: one order per 201, the hot dish's order lines its units sold, no stock below 0. */
export async function bookChecks(
  placed: number,
  hot: { itemId: string; sold: number },
  allItemIds: string[],
): Promise<Check[]> {
  const lowest = (await stockOf(allItemIds)).lowest;
  return [
    equal('books: orders = 201s', await orderCount(), placed),
    equal('books: hot dish units on order lines = units sold', await unitsOrdered(hot.itemId), hot.sold),
    { label: 'books: lowest stock of any dish', measured: formatCount(lowest), expected: '>= 0', ok: lowest >= 0 },
  ];
}

/** Prints the checks with PASS/FAIL; answers whether all passed. */
export function printChecks(checks: Check[]): boolean {
  console.log(
    formatTable(
      ['correctness', 'measured', 'expected', ''],
      checks.map((check) => [check.label, check.measured, check.expected, check.ok ? 'PASS' : 'FAIL']),
    ),
  );
  return checks.every((check) => check.ok);
}
