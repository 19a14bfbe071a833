import { describe, expect, it } from 'vitest';
import type { CartLine } from '../schemas/cart.js';
import type { MenuItem } from '../schemas/menu.js';
import { EMPTY_CART, applyCartOp, cartItemCount, cartTotalCents, type Cart } from './cart.js';
import { chooseOptions } from './options.js';

const ana = { dinerId: '00000000-0000-4000-8000-00000000000a', displayName: 'Ana', color: '#d61f69' };
const ben = { dinerId: '00000000-0000-4000-8000-00000000000b', displayName: 'Ben', color: '#1d4ed8' };
let ids = 0;
const line = (overrides: Partial<CartLine> = {}): CartLine => ({
  lineId: `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
  itemId: '00000000-0000-4000-8000-000000000100',
  name: 'Water',
  unitPriceCents: 300,
  quantity: 1,
  options: [],
  addedBy: ana,
  ...overrides,
});

function applied(cart: Cart, ...ops: Parameters<typeof applyCartOp>[1][]): Cart {
  return ops.reduce((current, op) => {
    const result = applyCartOp(current, op);
    if (!result.ok) throw new Error(result.message);
    return result.cart;
  }, cart);
}

describe('applyCartOp', () => {
  it('raises the version by one per op', () => {
    const cart = applied(EMPTY_CART, { type: 'add', line: line() }, { type: 'clear' });
    expect(cart.version).toBe(2);
  });

  it('takes out only what an order took: lines and quantities added meanwhile stay', () => {
    const soup = line({ lineId: 'soup', quantity: 2 });
    const ordered = applied(
      EMPTY_CART,
      { type: 'add', line: soup },
      { type: 'add', line: line({ lineId: 'tea', itemId: 'tea' }) },
    );
    // While the order was being saved: one more soup (merged into its line) and a new line.
    const meanwhile = applied(
      ordered,
      { type: 'add', line: line({ lineId: 'other', quantity: 1 }) },
      { type: 'add', line: line({ lineId: 'cake', itemId: 'cake' }) },
    );
    const after = applied(meanwhile, {
      type: 'takeOrdered',
      lines: ordered.lines.map(({ lineId, quantity }) => ({ lineId, quantity })),
    });
    expect(after.version).toBe(meanwhile.version + 1);
    expect(after.lines.map((l) => [l.lineId, l.quantity])).toEqual([
      ['soup', 1],
      ['cake', 1],
    ]);
    expect(
      applied(ordered, {
        type: 'takeOrdered',
        lines: ordered.lines.map(({ lineId, quantity }) => ({ lineId, quantity })),
      }).lines,
    ).toEqual([]);
  });

  it("merges the same dish from the same diner, and keeps another diner's or another note's apart", () => {
    const cart = applied(
      EMPTY_CART,
      { type: 'add', line: line() },
      { type: 'add', line: line({ quantity: 2 }) },
      { type: 'add', line: line({ addedBy: ben }) },
      { type: 'add', line: line({ note: 'no ice' }) },
    );
    expect(cart.lines.map((l) => [l.addedBy.displayName, l.note ?? '', l.quantity])).toEqual([
      ['Ana', '', 3],
      ['Ben', '', 1],
      ['Ana', 'no ice', 1],
    ]);
    expect(cartItemCount(cart)).toBe(5);
    expect(cartTotalCents(cart)).toBe(1500);
  });

  it('refuses a merge past 99, an unknown line, and the 101st line, leaving the cart as it was', () => {
    const full = applied(EMPTY_CART, { type: 'add', line: line({ quantity: 99 }) });
    expect(applyCartOp(full, { type: 'add', line: line() })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(applyCartOp(full, { type: 'remove', lineId: 'nope' })).toMatchObject({ ok: false, code: 'LINE_NOT_FOUND' });
    let many = EMPTY_CART;
    for (let i = 0; i < 100; i++) many = applied(many, { type: 'add', line: line({ note: `n${i}` }) });
    expect(applyCartOp(many, { type: 'add', line: line({ note: 'last' }) })).toMatchObject({ code: 'CART_FULL' });
    expect(many.lines).toHaveLength(100);
  });

  it('sets a quantity, and removes the line at zero', () => {
    const start = applied(EMPTY_CART, { type: 'add', line: line() });
    const lineId = start.lines[0]!.lineId;
    expect(applied(start, { type: 'setQuantity', lineId, quantity: 5 }).lines[0]!.quantity).toBe(5);
    expect(applied(start, { type: 'setQuantity', lineId, quantity: 0 }).lines).toEqual([]);
  });
});

describe('chooseOptions', () => {
  const option = (id: string, name: string, priceDeltaCents = 0, available = true) => ({
    id,
    name,
    priceDeltaCents,
    available,
  });
  const burger: MenuItem = {
    id: 'burger',
    name: 'Burger',
    description: '',
    priceCents: 1200,
    allergens: [],
    imageUrl: null,
    available: true,
    stockStatus: 'in_stock',
    modifierGroups: [
      { id: 'cooking', name: 'Cooking', min: 1, max: 1, options: [option('rare', 'Rare'), option('well', 'Well')] },
      {
        id: 'extras',
        name: 'Extras',
        min: 0,
        max: 2,
        options: [option('bacon', 'Bacon', 250), option('egg', 'Egg', 150), option('truffle', 'Truffle', 900, false)],
      },
    ],
  };

  it('prices the line as item plus options, in menu order', () => {
    expect(chooseOptions(burger, ['egg', 'rare', 'bacon'])).toEqual({
      ok: true,
      unitPriceCents: 1600,
      options: [
        { id: 'rare', name: 'Rare', priceDeltaCents: 0 },
        { id: 'bacon', name: 'Bacon', priceDeltaCents: 250 },
        { id: 'egg', name: 'Egg', priceDeltaCents: 150 },
      ],
    });
  });

  it.each([
    [[], 'Choose 1 for Cooking.'],
    [['rare', 'well'], 'Choose at most 1 for Cooking.'],
    [['rare', 'bacon', 'egg', 'bacon'], 'An option was chosen twice.'],
    [['rare', 'truffle'], 'Truffle is not available right now.'],
    [['rare', 'fries'], 'That option is not one of Burger’s.'],
  ])('refuses %j: %s', (optionIds, message) => {
    expect(chooseOptions(burger, optionIds)).toMatchObject({ ok: false, code: 'INVALID_OPTIONS', message });
  });
});
