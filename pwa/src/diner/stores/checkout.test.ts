import type { JoinTableResponse } from '@tableside/shared';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeStored } from '../../common/storage';
import { ANNA, BURGER, SESSION_ID, fakeChannel, flush, serverLine, state } from '../../test/fixtures';
import { useCartStore } from './cart';
import { useCheckoutStore } from './checkout';
import { useSessionStore } from './session';

const QR = 'abcdefghijklmnopqrstuvwx';
const JOINED: JoinTableResponse = {
  restaurant: {
    id: '88888888-8888-4888-8888-888888888888',
    name: 'Harbour Lane',
    currency: 'EUR',
    locationPolicy: 'off',
  },
  table: { id: '99999999-9999-4999-8999-999999999999', label: '1' },
  session: { id: SESSION_ID, openedAt: '2026-11-25T18:00:00.000Z' },
  diner: { id: ANNA.dinerId, displayName: ANNA.displayName, color: ANNA.color },
  dinerToken: 'v1.token.signature',
};
const ORDER = {
  id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
  number: 7,
  status: 'placed',
  version: 1,
  table: { id: JOINED.table.id, label: '1' },
  sessionId: SESSION_ID,
  lines: [],
  note: null,
  totalCents: 1650,
  currency: 'EUR',
  createdAt: '2026-11-25T18:30:00.000Z',
  updatedAt: '2026-11-25T18:30:00.000Z',
};

type Answer = { status: number; body: unknown } | 'network';
let answers: Answer[] = [];
const requests: { key: string | null; body: unknown }[] = [];

function fetchStub(_url: string, init: RequestInit): Promise<Response> {
  requests.push({
    key: new Headers(init.headers).get('idempotency-key'),
    body: JSON.parse(String(init.body)),
  });
  const next = answers.shift() ?? 'network';
  if (next === 'network') return Promise.reject(new TypeError('Failed to fetch'));
  return Promise.resolve(new Response(JSON.stringify(next.body), { status: next.status }));
}

/** A diner at the table with one burger in a live cart at version 1. */
async function atTable() {
  writeStored(`session:${QR}`, JOINED);
  useSessionStore().open(QR);
  const cart = useCartStore();
  cart.open(SESSION_ID, ANNA);
  const socket = fakeChannel();
  cart.attach(socket.channel);
  socket.syncs[0]!.answer({ ok: true, cart: state(1, [serverLine()]) });
  await flush();
  const checkout = useCheckoutStore();
  checkout.open(SESSION_ID);
  return { checkout, cart, socket };
}

const error = (status: number, code: string, details?: unknown) => ({
  status,
  body: { error: { code, message: code, ...(details ? { details } : {}) } },
});

beforeEach(() => {
  localStorage.clear();
  answers = [];
  requests.length = 0;
  setActivePinia(createPinia());
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  vi.stubGlobal('fetch', vi.fn(fetchStub));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('placing an order', () => {
  it('sends the cart version it showed, once, however often "Place order" is tapped', async () => {
    const { checkout } = await atTable();
    answers = [{ status: 201, body: { order: ORDER } }];

    checkout.place({ note: ' window seat ' });
    checkout.place({});
    await flush();

    expect(requests).toHaveLength(1);
    expect(requests[0]!.body).toEqual({ cartVersion: 1, note: 'window seat' });
    expect(checkout.phase).toBe('done');
    expect(checkout.lastOrder?.number).toBe(7);
    expect(localStorage.getItem('tableside:checkout')).toBeNull();
  });

  it('waits for the network and retries with the same Idempotency-Key', async () => {
    const { checkout } = await atTable();
    answers = ['network', 'network', { status: 201, body: { order: ORDER } }];

    checkout.place({});
    await flush();
    expect(checkout.phase).toBe('waiting');
    expect(localStorage.getItem('tableside:checkout')).toContain(requests[0]!.key!);

    await vi.advanceTimersByTimeAsync(2_000);
    await vi.advanceTimersByTimeAsync(4_000);
    await flush();

    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((request) => request.key)).size).toBe(1);
    expect(checkout.phase).toBe('done');
  });

  it('carries on with the same key after a reload in the middle of a submit', async () => {
    const first = await atTable();
    answers = ['network'];
    first.checkout.place({});
    await flush();
    const key = requests[0]!.key;

    setActivePinia(createPinia());
    answers = [{ status: 200, body: { order: ORDER } }];
    await atTable();
    await flush();

    expect(requests).toHaveLength(2);
    expect(requests[1]!.key).toBe(key);
    expect(requests[1]!.body).toEqual(requests[0]!.body);
  });

  it('retries a busy server by itself with the same key', async () => {
    const { checkout } = await atTable();
    answers = [error(503, 'STOCK_CONTENDED'), { status: 201, body: { order: ORDER } }];
    checkout.place({});
    await flush();
    await vi.advanceTimersByTimeAsync(2_000);
    await flush();
    expect(requests.map((request) => request.key)).toEqual([requests[0]!.key, requests[0]!.key]);
    expect(checkout.phase).toBe('done');
  });

  it('names the sold-out dish and offers to remove it; the next submit is a new attempt', async () => {
    const { checkout } = await atTable();
    answers = [error(409, 'SOLD_OUT', { itemId: BURGER.id, name: 'Harbour burger', left: 0 })];
    checkout.place({});
    await flush();

    expect(checkout.phase).toBe('error');
    expect(checkout.problem).toMatchObject({
      message: 'Sorry, Harbour burger just sold out.',
      action: { kind: 'removeItem', itemId: BURGER.id, name: 'Harbour burger', left: 0 },
    });
    expect(localStorage.getItem('tableside:checkout')).toBeNull();

    answers = [{ status: 201, body: { order: ORDER } }];
    checkout.place({});
    await flush();
    expect(requests[1]!.key).not.toBe(requests[0]!.key);
  });

  it('shows the new cart when it changed under the diner', async () => {
    const { checkout, socket } = await atTable();
    answers = [error(409, 'CART_CHANGED', { currentVersion: 2 })];
    checkout.place({});
    await flush();
    expect(checkout.problem?.action.kind).toBe('showCart');
    expect(socket.syncs).toHaveLength(2);
  });

  it('explains location refusals with the server’s figures', async () => {
    const { checkout } = await atTable();
    answers = [error(403, 'OUTSIDE_GEOFENCE', { distanceM: 812, radiusM: 120 })];
    checkout.place({ location: { lat: 53.56, lng: 9.97, accuracyM: 20 } });
    await flush();
    expect(requests[0]!.body).toMatchObject({ location: { lat: 53.56, lng: 9.97, accuracyM: 20 } });
    expect(checkout.problem).toMatchObject({ code: 'OUTSIDE_GEOFENCE', action: { kind: 'locate' } });
    expect(checkout.problem?.message).toContain('812 m');
  });

  it('waits for the diner’s own unsent cart changes before it fixes the version', async () => {
    const { checkout, cart, socket } = await atTable();
    cart.setQuantity(cart.lines[0]!.lineId, 2);
    answers = [{ status: 201, body: { order: ORDER } }];

    checkout.place({});
    await flush();
    expect(checkout.phase).toBe('waiting');
    expect(requests).toHaveLength(0);

    socket.sent[0]!.answer({ ok: true, version: 2 });
    cart.receive(state(2, [{ ...cart.lines[0]!, quantity: 2 }], ANNA));
    await flush();
    expect(requests[0]!.body).toEqual({ cartVersion: 2 });
  });
});
