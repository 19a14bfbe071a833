import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useNoticesStore } from '../../common/stores/notices';
import { ANNA, BACON, BEN, BURGER, RARE, SESSION_ID, fakeChannel, flush, serverLine, state } from '../../test/fixtures';
import { useCartStore } from './cart';

function openCart() {
  const cart = useCartStore();
  cart.open(SESSION_ID, ANNA);
  return cart;
}

/** A cart attached to a fake socket whose first sync answered `initial`. */
async function liveCart(initial = state(0, [])) {
  const cart = openCart();
  const socket = fakeChannel();
  cart.attach(socket.channel);
  socket.syncs[0]!.answer({ ok: true, cart: initial });
  await flush();
  return { cart, ...socket };
}

beforeEach(() => {
  localStorage.clear();
  setActivePinia(createPinia());
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => vi.useRealTimers());

describe('the cart store', () => {
  it('shows the diner’s own add at once, then the server’s line in its place', async () => {
    const { cart, sent } = await liveCart();

    expect(cart.add(BURGER, [RARE, BACON], 2, ' no onions ')).toBe(true);

    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0]).toMatchObject({
      name: 'Harbour burger',
      quantity: 2,
      unitPriceCents: 1850,
      note: 'no onions',
    });
    expect(cart.totalCents).toBe(3700);
    expect(cart.lineState.get(cart.lines[0]!.lineId)).toBe('adding');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.event).toBe('cart:add');
    expect(sent[0]!.payload).toMatchObject({
      itemId: BURGER.id,
      quantity: 2,
      optionIds: [RARE, BACON],
      note: 'no onions',
    });

    const line = serverLine({ quantity: 2, unitPriceCents: 1850 });
    sent[0]!.answer({ ok: true, version: 1 });
    cart.receive(state(1, [line], ANNA));
    await flush();

    expect(cart.lines).toEqual([line]);
    expect(cart.pending).toHaveLength(0);
    expect(cart.version).toBe(1);
  });

  it('never shows an optimistic line twice when the state overtakes its ack', async () => {
    const { cart, sent } = await liveCart();
    cart.add(BURGER, [RARE], 1);
    const line = serverLine();

    cart.receive(state(1, [line], ANNA));
    expect(cart.lines).toHaveLength(1);

    sent[0]!.answer({ ok: true, version: 1 });
    await flush();
    expect(cart.lines).toEqual([line]);
  });

  it('rolls a refused op back and says why, naming the dish', async () => {
    const { cart, sent } = await liveCart();
    cart.add(BURGER, [RARE], 1);
    expect(cart.itemCount).toBe(1);

    sent[0]!.answer({
      ok: false,
      error: { code: 'SOLD_OUT', message: 'Harbour burger is sold out.', details: { name: 'Harbour burger' } },
    });
    await flush();

    expect(cart.lines).toHaveLength(0);
    expect(cart.pending).toHaveLength(0);
    const notices = useNoticesStore();
    expect(notices.notices.at(-1)).toMatchObject({ tone: 'error', text: 'Sorry, Harbour burger just sold out.' });
  });

  it('rolls back a quantity change someone else’s removal made impossible', async () => {
    const line = serverLine({ addedBy: BEN });
    const { cart, sent } = await liveCart(state(1, [line]));
    cart.setQuantity(line.lineId, 3);
    expect(cart.lines[0]!.quantity).toBe(3);

    cart.receive(state(2, [], BEN));
    sent[0]!.answer({ ok: false, error: { code: 'LINE_NOT_FOUND', message: 'gone' } });
    await flush();

    expect(cart.lines).toEqual([]);
    expect(useNoticesStore().notices.at(-1)?.tone).toBe('error');
  });

  it('asks for the whole cart when a version is skipped, and shows it', async () => {
    const { cart, syncs } = await liveCart(state(1, [serverLine()]));
    const newer = [serverLine({ addedBy: BEN }), serverLine({ addedBy: BEN })];

    cart.receive(state(3, newer, BEN));
    expect(syncs).toHaveLength(2);
    expect(cart.version).toBe(1);

    syncs[1]!.answer({ ok: true, cart: state(3, newer) });
    await flush();
    expect(cart.version).toBe(3);
    expect(cart.lines).toEqual(newer);
    expect(cart.highlighted).toEqual(newer.map((line) => line.lineId));
  });

  it('begins again from the server’s cart when the server lost it, dropping what it had acked, and says so', async () => {
    const { cart, sent, syncs } = await liveCart(state(5, [serverLine(), serverLine()]));
    cart.add(BURGER, [RARE], 1);
    sent[0]!.answer({ ok: true, version: 6 });
    await flush();
    cart.detach();
    cart.add(BURGER, [RARE, BACON], 1);
    expect(cart.pending).toHaveLength(2);

    // Redis restarted while the phone was away: the server's cart starts again, and Ben has added a dish to it.
    const bens = serverLine({ addedBy: BEN, name: 'Burrata' });
    const socket = fakeChannel();
    cart.attach(socket.channel);
    socket.syncs[0]!.answer({ ok: true, cart: state(1, [bens]) });
    await flush();
    expect(cart.version).toBe(1);
    expect(cart.lines.map((line) => line.name)).toEqual(['Burrata', BURGER.name]);
    expect(cart.pending).toHaveLength(1);
    expect(useNoticesStore().notices.at(-1)).toMatchObject({
      tone: 'error',
      text: 'The table’s cart was lost on our side, sorry. Please add your dishes again.',
    });
    // The op made offline goes to the new cart; states of the new cart follow on as usual.
    expect(socket.sent).toHaveLength(1);
    socket.sent[0]!.answer({ ok: true, version: 2 });
    cart.receive(state(2, [bens, serverLine({ name: BURGER.name })], ANNA));
    await flush();
    expect(cart.version).toBe(2);
    expect(cart.pending).toHaveLength(0);
    expect(syncs).toHaveLength(1);
  });

  it('asks for the whole cart when a state older than its own comes, and keeps its own if that was a late copy', async () => {
    const { cart, syncs } = await liveCart(state(3, [serverLine()]));
    cart.receive(state(2, []));
    expect(syncs).toHaveLength(2);
    syncs[1]!.answer({ ok: true, cart: state(3, cart.lines) });
    await flush();
    expect(cart.version).toBe(3);
    expect(cart.lines).toHaveLength(1);
  });

  it('highlights and announces another diner’s change, not its own', async () => {
    const mine = serverLine();
    const { cart } = await liveCart(state(1, [mine]));
    const bens = serverLine({ addedBy: BEN, name: 'Burrata' });

    cart.receive(state(2, [mine, bens], BEN));
    expect(cart.highlighted).toEqual([bens.lineId]);
    vi.advanceTimersByTime(3_000);
    expect(cart.highlighted).toEqual([]);

    cart.receive(state(3, [{ ...mine, quantity: 2 }, bens], ANNA));
    expect(cart.highlighted).toEqual([]);
  });

  it('keeps ops made offline, with their opIds, and replays them once on reconnect', async () => {
    const { cart, sent } = await liveCart();
    cart.add(BURGER, [RARE], 1);
    const firstOpId = sent[0]!.payload.opId;

    cart.detach();
    cart.add(BURGER, [RARE, BACON], 1);
    expect(cart.lines).toHaveLength(2);
    expect(cart.lineState.get(cart.lines[1]!.lineId)).toBe('queued');

    // A reload while offline: the queue comes back from storage.
    setActivePinia(createPinia());
    const reloaded = openCart();
    expect(reloaded.lines).toHaveLength(2);

    const socket = fakeChannel();
    reloaded.attach(socket.channel);
    expect(socket.sent.map((op) => op.payload.opId)).toEqual([firstOpId]);
    socket.sent[0]!.answer({ ok: true, version: 1 });
    await flush();
    expect(socket.sent).toHaveLength(2);
    const secondOpId = socket.sent[1]!.payload.opId;
    expect(secondOpId).not.toBe(firstOpId);

    // The connection drops before the second answer: it goes again with the same opId.
    reloaded.detach();
    const again = fakeChannel();
    reloaded.attach(again.channel);
    expect(again.sent.map((op) => op.payload.opId)).toEqual([secondOpId]);
  });

  it('folds taps on a line added offline into its add', async () => {
    const { cart, sent } = await liveCart();
    cart.detach();
    cart.add(BURGER, [RARE], 1);
    const lineId = cart.lines[0]!.lineId;

    cart.setQuantity(lineId, 3);
    expect(cart.pending).toHaveLength(1);
    expect(cart.lines[0]!.quantity).toBe(3);

    cart.remove(lineId);
    expect(cart.pending).toHaveLength(0);
    expect(cart.lines).toHaveLength(0);
    expect(sent).toHaveLength(0);
  });

  it('sends one op at a time, in order, and collapses unsent taps on one line', async () => {
    const line = serverLine();
    const { cart, sent } = await liveCart(state(1, [line]));
    cart.setQuantity(line.lineId, 2);
    cart.setQuantity(line.lineId, 3);
    cart.setQuantity(line.lineId, 4);

    expect(sent).toHaveLength(1);
    expect(cart.lines[0]!.quantity).toBe(4);
    sent[0]!.answer({ ok: true, version: 2 });
    await flush();

    expect(sent).toHaveLength(2);
    expect(sent[1]!.payload).toMatchObject({ lineId: line.lineId, quantity: 4 });
  });

  it('retries an op that got no answer, with the same opId', async () => {
    const { cart, sent } = await liveCart();
    cart.add(BURGER, [RARE], 1);
    sent[0]!.fail();
    await flush();
    vi.advanceTimersByTime(1_000);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.payload.opId).toBe(sent[0]!.payload.opId);
  });

  it('refuses options that break a group’s min or max before anything is sent', async () => {
    const { cart, sent } = await liveCart();
    expect(cart.add(BURGER, [], 1)).toBe(false);
    expect(sent).toHaveLength(0);
  });
});
