import type { Order, OrderStatus } from '@tableside/shared';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FRESH_MS, useOrderBoardStore } from './orderBoard';

const TABLE = { id: '99999999-9999-4999-8999-999999999999', label: '4' };
const SESSION_ID = '33333333-3333-4333-8333-333333333333';

function order(n: number, status: OrderStatus = 'placed', version = 1): Order {
  return {
    id: `aaaaaaaa-aaaa-4aaa-8aaa-${String(n).padStart(12, '0')}`,
    number: n,
    status,
    version,
    table: TABLE,
    sessionId: SESSION_ID,
    lines: [],
    note: null,
    totalCents: 1200,
    currency: 'EUR',
    createdAt: `2026-11-25T18:${String(n).padStart(2, '0')}:00.000Z`,
    updatedAt: `2026-11-25T18:${String(n).padStart(2, '0')}:00.000Z`,
  };
}
const event = (eventId: string, value: Order) => ({
  eventId: `bbbbbbbb-bbbb-4bbb-8bbb-${eventId.padStart(12, '0')}`,
  order: value,
});

type Answer = { status: number; body: unknown } | 'network';
let answers: Answer[] = [];
let requests: { method: string; url: string; body: unknown }[] = [];
/** Answers that wait until the test lets them go, to interleave socket events with a re-read. */
let held: (() => void)[] = [];
let holdNext = false;

function fetchStub(url: string, init: RequestInit): Promise<Response> {
  requests.push({ method: init.method ?? 'GET', url, body: init.body ? JSON.parse(String(init.body)) : undefined });
  const next = answers.shift() ?? 'network';
  const respond = () =>
    next === 'network'
      ? Promise.reject(new TypeError('Failed to fetch'))
      : Promise.resolve(new Response(JSON.stringify(next.body), { status: next.status }));
  if (!holdNext) return respond();
  holdNext = false;
  return new Promise((resolve, reject) => held.push(() => respond().then(resolve, reject)));
}
const list = (...orders: Order[]) => ({ status: 200, body: { orders, nextCursor: null } });
const ids = (orders: Order[]) => orders.map((o) => o.number);

beforeEach(() => {
  setActivePinia(createPinia());
  answers = [];
  requests = [];
  held = [];
  holdNext = false;
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  vi.stubGlobal('fetch', vi.fn(fetchStub));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the live order board', () => {
  it('loads the open orders into columns, oldest first, asking only for open statuses', async () => {
    answers = [list(order(3, 'accepted', 2), order(2), order(1))];
    const board = useOrderBoardStore();
    await board.load();
    expect(board.state).toBe('done');
    expect(ids(board.columns.placed)).toEqual([1, 2]);
    expect(ids(board.columns.accepted)).toEqual([3]);
    expect(requests[0]!.url).toContain('status=placed%2Caccepted%2Cpreparing%2Cready');
  });

  it('follows the cursor until the last page', async () => {
    answers = [{ status: 200, body: { orders: [order(2)], nextCursor: 'next-page' } }, list(order(1))];
    const board = useOrderBoardStore();
    await board.load();
    expect(ids(board.columns.placed)).toEqual([1, 2]);
    expect(requests[1]!.url).toContain('cursor=next-page');
  });

  it('counts a duplicate event once: one card, one sound, one highlight', () => {
    const board = useOrderBoardStore();
    expect(board.placed(event('1', order(5)))).toBe(true);
    expect(board.placed(event('1', order(5)))).toBe(false);
    expect(ids(board.columns.placed)).toEqual([5]);
    expect(board.fresh.has(order(5).id)).toBe(true);
    vi.advanceTimersByTime(FRESH_MS);
    expect(board.fresh.has(order(5).id)).toBe(false);
  });

  it('ignores an event older than what it shows, and never brings back an order that left', () => {
    const board = useOrderBoardStore();
    board.updated(event('2', order(5, 'preparing', 3)));
    board.placed(event('1', order(5, 'placed', 1)));
    expect(board.columns.preparing.map((o) => o.version)).toEqual([3]);
    expect(board.columns.placed).toEqual([]);

    board.updated(event('3', order(5, 'served', 5)));
    board.updated(event('4', order(5, 'ready', 4)));
    expect(board.count).toBe(0);
    // A recall is a newer version: the order comes back.
    board.updated(event('5', order(5, 'ready', 6)));
    expect(ids(board.columns.ready)).toEqual([5]);
  });

  it('an order placed and moved on before its "placed" event arrives plays no sound', () => {
    const board = useOrderBoardStore();
    board.updated(event('2', order(6, 'accepted', 2)));
    expect(board.placed(event('1', order(6, 'placed', 1)))).toBe(false);
    expect(ids(board.columns.accepted)).toEqual([6]);
  });

  it('after a reconnect, the re-read adds what was missed and drops what was served meanwhile', async () => {
    const board = useOrderBoardStore();
    answers = [list(order(2), order(1))];
    await board.load();
    answers = [list(order(3), order(2, 'ready', 4))];
    await board.load();
    expect(ids(board.columns.placed)).toEqual([3]);
    expect(ids(board.columns.ready)).toEqual([2]);
    expect(board.orders[order(1).id]).toBeUndefined();
  });

  it('keeps an order that arrived live while the re-read was on its way', async () => {
    const board = useOrderBoardStore();
    answers = [list(order(1))];
    holdNext = true;
    const reading = board.load();
    board.placed(event('9', order(2)));
    held.shift()!();
    await reading;
    expect(ids(board.columns.placed)).toEqual([1, 2]);
  });

  it('a re-read that fails keeps the board it had', async () => {
    const board = useOrderBoardStore();
    answers = [list(order(1))];
    await board.load();
    answers = ['network'];
    await board.load();
    expect(board.state).toBe('done');
    expect(ids(board.columns.placed)).toEqual([1]);
  });

  it('an empty board that cannot load says so', async () => {
    const board = useOrderBoardStore();
    answers = ['network'];
    await board.load();
    expect(board.state).toBe('error');
  });

  it('moves an order with the version it shows, and takes the answer', async () => {
    const board = useOrderBoardStore();
    board.placed(event('1', order(1)));
    answers = [{ status: 200, body: { order: order(1, 'accepted', 2) } }];
    const outcome = await board.move(board.columns.placed[0]!, 'accepted');
    expect(outcome.ok).toBe(true);
    expect(requests[0]).toMatchObject({ method: 'POST', body: { to: 'accepted', expectedVersion: 1 } });
    expect(ids(board.columns.accepted)).toEqual([1]);
  });

  it('a stale change is refused, and the board shows the order as it is now', async () => {
    const board = useOrderBoardStore();
    board.placed(event('1', order(1, 'accepted', 2)));
    const current = order(1, 'ready', 4);
    answers = [
      {
        status: 409,
        body: { error: { code: 'VERSION_CONFLICT', message: 'Order 1 changed meanwhile.', details: { current } } },
      },
    ];
    const outcome = await board.move(board.columns.accepted[0]!, 'preparing');
    expect(outcome).toEqual({ ok: false, reason: 'conflict', message: 'Order 1 changed meanwhile.' });
    expect(requests[0]!.body).toEqual({ to: 'preparing', expectedVersion: 2 });
    expect(board.columns.accepted).toEqual([]);
    expect(board.columns.ready.map((o) => o.version)).toEqual([4]);
  });

  it('forgets everything on reset, so the next user starts from an empty board', async () => {
    const board = useOrderBoardStore();
    board.placed(event('1', order(1)));
    board.reset();
    expect(board.count).toBe(0);
    expect(board.state).toBe('idle');
    expect(board.placed(event('1', order(1)))).toBe(true);
  });

  it('a cancel sends the reason and takes the order off the board', async () => {
    const board = useOrderBoardStore();
    board.placed(event('1', order(1)));
    answers = [{ status: 200, body: { order: { ...order(1, 'cancelled', 2) }, restocked: [] } }];
    const outcome = await board.cancel(board.columns.placed[0]!, 'Guest left');
    expect(outcome.ok).toBe(true);
    expect(requests[0]!.body).toEqual({ reason: 'Guest left', expectedVersion: 1 });
    expect(board.count).toBe(0);
    expect(board.fresh.size).toBe(0);
  });
});
