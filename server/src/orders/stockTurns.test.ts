import { describe, expect, it } from 'vitest';
import { createStockTurns } from './stockTurns.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('turns at an item’s stock', () => {
  it('lets one order at a time at an item, in the order they came, and forgets the item after', async () => {
    const turns = createStockTurns();
    const order: string[] = [];
    const ends = new Map<string, () => void>();
    const take = (name: string, items: string[]) =>
      turns.wait(items).then((end) => {
        order.push(name);
        ends.set(name, end);
      });
    const first = take('first', ['soup']);
    const second = take('second', ['soup']);
    const other = take('other', ['bread']);
    await tick();
    expect(order).toEqual(['first', 'other']);
    ends.get('first')!();
    await second;
    expect(order).toEqual(['first', 'other', 'second']);
    ends.get('second')!();
    ends.get('other')!();
    await Promise.all([first, other]);
    expect(turns.busyItems).toBe(0);
  });

  it('takes several items in id order, so two orders wanting both never wait for each other', async () => {
    const turns = createStockTurns();
    const a = await turns.wait(['wine', 'bread']);
    let bGot = false;
    const b = turns.wait(['bread', 'wine']).then((end) => {
      bGot = true;
      return end;
    });
    await tick();
    expect(bGot).toBe(false);
    a();
    (await b)();
    expect(bGot).toBe(true);
    expect(turns.busyItems).toBe(0);
  });
});
