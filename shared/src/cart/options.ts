import type { ErrorCode } from '../errors.js';
import type { MenuItem } from '../schemas/menu.js';
import type { CartLineOption } from '../schemas/cart.js';

export type OptionChoice =
  | { ok: true; options: CartLineOption[]; unitPriceCents: number }
  | { ok: false; code: ErrorCode; message: string; details?: unknown };

/** What a diner must still do in one modifier group, for the item sheet's "Add" button. */
export function groupProblem(group: MenuItem['modifierGroups'][number], chosen: number): string | undefined {
  if (chosen < group.min) {
    return group.min === group.max
      ? `Choose ${group.min} for ${group.name}.`
      : `Choose at least ${group.min} for ${group.name}.`;
  }
  if (chosen > group.max) return `Choose at most ${group.max} for ${group.name}.`;
  return undefined;
}

/**
 * Checks a diner's choice of options for an item against its modifier groups
 * (each option belongs to the item and is available, each group's min/max is
 * respected) and prices the line: item price plus the options' deltas.
 * The server refuses cart ops with it; the PWA enables "Add" with it.
 */
export function chooseOptions(item: MenuItem, optionIds: readonly string[]): OptionChoice {
  if (new Set(optionIds).size !== optionIds.length) {
    return { ok: false, code: 'INVALID_OPTIONS', message: 'An option was chosen twice.' };
  }
  const chosen: CartLineOption[] = [];
  let unitPriceCents = item.priceCents;
  for (const id of optionIds) {
    const found = item.modifierGroups
      .flatMap((group) => group.options.map((option) => ({ group, option })))
      .find(({ option }) => option.id === id);
    if (!found) {
      return {
        ok: false,
        code: 'INVALID_OPTIONS',
        message: `That option is not one of ${item.name}’s.`,
        details: { optionId: id },
      };
    }
    if (!found.option.available) {
      return {
        ok: false,
        code: 'INVALID_OPTIONS',
        message: `${found.option.name} is not available right now.`,
        details: { optionId: id },
      };
    }
    chosen.push({ id, name: found.option.name, priceDeltaCents: found.option.priceDeltaCents });
    unitPriceCents += found.option.priceDeltaCents;
  }
  for (const group of item.modifierGroups) {
    const count = group.options.filter((option) => optionIds.includes(option.id)).length;
    const problem = groupProblem(group, count);
    if (problem) return { ok: false, code: 'INVALID_OPTIONS', message: problem, details: { groupId: group.id } };
  }
  // Options keep the menu's order, whatever order they were tapped in.
  const order = item.modifierGroups.flatMap((group) => group.options.map((option) => option.id));
  chosen.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  return { ok: true, options: chosen, unitPriceCents: Math.max(0, unitPriceCents) };
}
