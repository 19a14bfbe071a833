/**
 * What every benchmark table does with its cart, op after op, so that it can
 * go on for a whole run without reaching the 100-line limit: eight adds (each
 * a new line: another dish, or another diner), a quantity change, a clear.
 * The ceiling sends states of the sizes the same steps give a real cart.
 */
const CYCLE = ['add', 'add', 'add', 'add', 'add', 'add', 'add', 'add', 'setQuantity', 'clear'] as const;

export type CartStep = (typeof CYCLE)[number];

/** The step of a table's op number `turn` (0, 1, ...). */
export function cartStep(turn: number): CartStep {
  return CYCLE[turn % CYCLE.length]!;
}

/** Lines in the cart once op number `turn` is applied. */
export function linesAfter(turn: number): number {
  const position = turn % CYCLE.length;
  const adds = CYCLE.slice(0, position + 1).filter((step) => step === 'add').length;
  return cartStep(turn) === 'clear' ? 0 : adds;
}

/** The most lines a cart has in the cycle. */
export const MOST_LINES = CYCLE.filter((step) => step === 'add').length;
