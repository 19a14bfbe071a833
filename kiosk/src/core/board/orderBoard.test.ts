import { describe, expect, it } from 'vitest';
import { anOrder } from '../../test/orders.js';
import { OrderBoard } from './orderBoard.js';

describe('the board of open orders', () => {
  it('keeps the newest version of an order, whatever order the news arrives in', () => {
    const board = new OrderBoard();
    const placed = anOrder({ status: 'placed', version: 1 });
    const preparing = { ...placed, status: 'preparing' as const, version: 3 };
    expect(board.merge(placed).kind).toBe('added');
    expect(board.merge(preparing).kind).toBe('updated');
    expect(board.merge({ ...placed, status: 'accepted', version: 2 }).kind).toBe('unchanged');
    expect(board.get(placed.id)).toEqual(preparing);
  });

  it('sees each event id once', () => {
    const board = new OrderBoard();
    expect(board.firstSight('event-1')).toBe(true);
    expect(board.firstSight('event-1')).toBe(false);
  });

  it('drops served and cancelled orders', () => {
    const board = new OrderBoard();
    const order = anOrder();
    board.merge(order);
    expect(board.merge({ ...order, status: 'cancelled', version: 3 })).toMatchObject({ kind: 'closed' });
    expect(board.orders()).toEqual([]);
  });

  it('becomes the server’s list on sync, but keeps an order whose news came after the sync was asked', () => {
    const board = new OrderBoard();
    const closedMeanwhile = anOrder();
    const stillOpen = anOrder();
    board.merge(closedMeanwhile);
    board.merge(stillOpen);
    const mark = board.mark();
    const placedAfterTheServerAnswered = anOrder();
    board.merge(placedAfterTheServerAnswered);

    const changes = board.replaceWith([stillOpen], mark);
    expect(changes.map((change) => change.kind)).toEqual(['closed']);
    expect(
      board
        .orders()
        .map((order) => order.id)
        .sort(),
    ).toEqual([stillOpen.id, placedAfterTheServerAnswered.id].sort());
  });
});
