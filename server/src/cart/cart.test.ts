import { randomUUID } from 'node:crypto';
import { cartStateSchema, type CartState } from '@tableside/shared';
import { describe, expect, it } from 'vitest';
import { closeTableSession } from '../tables/index.js';
import { connectDiner, refusedConnection, waitFor, type ConnectedDiner } from '../test/diners.js';
import { buildCategory, buildGroup, buildItem, buildOption, buildRestaurant, buildTable } from '../test/factories.js';
import { useTestEnv } from '../test/harness.js';
import { join } from '../test/tables.js';

const env = useTestEnv();
const opId = () => randomUUID();

async function aRestaurant() {
  const restaurant = await buildRestaurant(env.db);
  const category = await buildCategory(env.db, restaurant);
  const burger = await buildItem(env.db, category, { name: 'Burger', price_cents: 1200 });
  const cooking = await buildGroup(env.db, burger, { name: 'Cooking', min_choices: 1, max_choices: 1 });
  const medium = await buildOption(env.db, cooking, { name: 'Medium' });
  const rare = await buildOption(env.db, cooking, { name: 'Rare' });
  const extras = await buildGroup(env.db, burger, { name: 'Extras', min_choices: 0, max_choices: 1 });
  const bacon = await buildOption(env.db, extras, { name: 'Bacon', price_delta_cents: 250 });
  const cheese = await buildOption(env.db, extras, { name: 'Cheese', price_delta_cents: 150 });
  const water = await buildItem(env.db, category, { name: 'Water', price_cents: 300 });
  const cider = await buildItem(env.db, category, { name: 'Cider', available: false });
  const special = await buildItem(env.db, category, { name: 'Special', stock: 0 });
  return { restaurant, items: { burger, water, cider, special }, options: { medium, rare, bacon, cheese } };
}

/** Two server instances sharing Postgres, Redis and the key prefix, as two pods would. */
async function twoInstances() {
  return [await env.startServer(), await env.startServer()] as const;
}

async function seatedAt(baseUrl: string, qrToken: string, name: string): Promise<ConnectedDiner & { token: string }> {
  const joined = await join(baseUrl, qrToken, { displayName: name });
  const diner = await connectDiner(baseUrl, joined.dinerToken);
  await diner.waitForVersion(0);
  return Object.assign(diner, { token: joined.dinerToken });
}

describe('one cart per table, live on every phone', () => {
  it('shows an item diner A adds on instance 1 to diner B on instance 2, at the same version', async () => {
    const [one, two] = await twoInstances();
    const { restaurant, items, options } = await aRestaurant();
    const table = await buildTable(env.db, restaurant);
    const a = await seatedAt(one.url, table.qr_token, 'Ana');
    const b = await seatedAt(two.url, table.qr_token, 'Ben');

    const ack = await a.send('cart:add', {
      opId: opId(),
      itemId: items.burger.id,
      quantity: 2,
      optionIds: [options.bacon.id, options.medium.id],
      note: 'no pickles',
    });
    expect(ack).toEqual({ ok: true, version: 1 });
    const [atA, atB] = await Promise.all([a.waitForVersion(1), b.waitForVersion(1)]);
    expect(atB).toEqual(atA);
    const state = cartStateSchema.strict().parse(atB);
    expect(state.lines).toEqual([
      {
        lineId: expect.any(String),
        itemId: items.burger.id,
        name: 'Burger',
        unitPriceCents: 1450,
        quantity: 2,
        options: [
          { id: options.medium.id, name: 'Medium', priceDeltaCents: 0 },
          { id: options.bacon.id, name: 'Bacon', priceDeltaCents: 250 },
        ],
        note: 'no pickles',
        addedBy: { dinerId: expect.any(String), displayName: 'Ana', color: expect.any(String) },
      },
    ]);
    expect(state.totalCents).toBe(2900);
    expect(state.updatedBy?.displayName).toBe('Ana');
  });

  it('applies 4 diners × 25 concurrent ops over two instances exactly once each, in one order for all', async () => {
    const [one, two] = await twoInstances();
    const { restaurant, items } = await aRestaurant();
    const table = await buildTable(env.db, restaurant);
    const diners = [
      await seatedAt(one.url, table.qr_token, 'D1'),
      await seatedAt(two.url, table.qr_token, 'D2'),
      await seatedAt(one.url, table.qr_token, 'D3'),
      await seatedAt(two.url, table.qr_token, 'D4'),
    ];
    const acks = await Promise.all(
      diners.flatMap((diner) =>
        Array.from({ length: 25 }, () => diner.send('cart:add', { opId: opId(), itemId: items.water.id, quantity: 1 })),
      ),
    );
    expect(acks.every((ack) => ack.ok)).toBe(true);
    const versions = acks.map((ack) => (ack.ok ? ack.version : -1)).sort((x, y) => x - y);
    expect(versions).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));

    const finals = await Promise.all(diners.map((diner) => diner.waitForVersion(100)));
    for (const diner of diners) expect(diner.last()).toEqual(finals[0]);
    const final = finals[0] as CartState;
    expect(final.lines.map((line) => [line.addedBy.displayName, line.quantity]).sort()).toEqual([
      ['D1', 25],
      ['D2', 25],
      ['D3', 25],
      ['D4', 25],
    ]);
    expect(final.totalCents).toBe(100 * 300);
    // Every phone saw the states in version order, one step at a time.
    for (const diner of diners) {
      const seen = diner.states.map((state) => state.version);
      expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => seen[0]! + i));
    }
  });

  it('applies an op retried with the same opId once, answering the same', async () => {
    const [one, two] = await twoInstances();
    const { restaurant, items } = await aRestaurant();
    const table = await buildTable(env.db, restaurant);
    const a = await seatedAt(one.url, table.qr_token, 'Ana');
    const again = await seatedAt(two.url, table.qr_token, 'Ana again');
    const op = { opId: opId(), itemId: items.water.id, quantity: 1 };
    const first = await a.send('cart:add', op);
    // The ack was lost; the phone retries, this time through the other instance.
    const retried = await a.send('cart:add', op);
    expect(retried).toEqual(first);
    await again.waitForVersion(1);
    const sync = (await again.send('cart:sync', {})) as unknown as { ok: true; cart: CartState };
    expect(sync.cart.version).toBe(1);
    expect(sync.cart.lines).toHaveLength(1);
    expect(sync.cart.lines[0]!.quantity).toBe(1);
  });

  it('changes and removes lines, and clears the cart', async () => {
    const [one, two] = await twoInstances();
    const { restaurant, items, options } = await aRestaurant();
    const table = await buildTable(env.db, restaurant);
    const a = await seatedAt(one.url, table.qr_token, 'Ana');
    const b = await seatedAt(two.url, table.qr_token, 'Ben');
    await a.send('cart:add', { opId: opId(), itemId: items.water.id, quantity: 1 });
    await b.send('cart:add', { opId: opId(), itemId: items.burger.id, quantity: 1, optionIds: [options.rare.id] });
    const state = await a.waitForVersion(2);
    const water = state.lines.find((line) => line.name === 'Water')!;
    expect(await b.send('cart:setQuantity', { opId: opId(), lineId: water.lineId, quantity: 4 })).toEqual({
      ok: true,
      version: 3,
    });
    expect((await a.waitForVersion(3)).lines.find((line) => line.lineId === water.lineId)!.quantity).toBe(4);
    await a.send('cart:setQuantity', { opId: opId(), lineId: water.lineId, quantity: 0 });
    expect((await b.waitForVersion(4)).lines.map((line) => line.name)).toEqual(['Burger']);
    const burger = b.last()!.lines[0]!;
    await a.send('cart:remove', { opId: opId(), lineId: burger.lineId });
    expect((await b.waitForVersion(5)).lines).toEqual([]);
    await a.send('cart:add', { opId: opId(), itemId: items.water.id, quantity: 2 });
    expect(await b.send('cart:clear', { opId: opId() })).toEqual({ ok: true, version: 7 });
    expect(await a.waitForVersion(7)).toMatchObject({ lines: [], totalCents: 0 });
  });
});

describe('refused ops change nothing', () => {
  it('answers each invalid op with ok:false and its code, and leaves the version alone', async () => {
    const [one] = await twoInstances();
    const { restaurant, items, options } = await aRestaurant();
    const other = await aRestaurant();
    const table = await buildTable(env.db, restaurant);
    const a = await seatedAt(one.url, table.qr_token, 'Ana');
    await a.send('cart:add', { opId: opId(), itemId: items.water.id, quantity: 1 });
    await a.waitForVersion(1);
    const burger = { opId: opId(), itemId: items.burger.id, quantity: 1, optionIds: [options.medium.id] };

    const cases: [string, unknown, string][] = [
      ['cart:add', { ...burger, itemId: randomUUID() }, 'ITEM_NOT_FOUND'],
      ['cart:add', { ...burger, itemId: other.items.water.id }, 'ITEM_NOT_FOUND'],
      ['cart:add', { ...burger, itemId: items.cider.id, optionIds: [] }, 'ITEM_UNAVAILABLE'],
      ['cart:add', { ...burger, itemId: items.special.id, optionIds: [] }, 'SOLD_OUT'],
      ['cart:add', { ...burger, optionIds: [other.options.medium.id] }, 'INVALID_OPTIONS'],
      ['cart:add', { ...burger, optionIds: [] }, 'INVALID_OPTIONS'],
      ['cart:add', { ...burger, optionIds: [options.medium.id, options.rare.id] }, 'INVALID_OPTIONS'],
      [
        'cart:add',
        { ...burger, optionIds: [options.medium.id, options.bacon.id, options.cheese.id] },
        'INVALID_OPTIONS',
      ],
      ['cart:add', { ...burger, optionIds: [options.medium.id, options.medium.id] }, 'INVALID_OPTIONS'],
      ['cart:add', { ...burger, quantity: 0 }, 'VALIDATION_FAILED'],
      ['cart:add', { ...burger, quantity: 100 }, 'VALIDATION_FAILED'],
      ['cart:add', { ...burger, quantity: -1 }, 'VALIDATION_FAILED'],
      ['cart:add', { ...burger, quantity: 1.5 }, 'VALIDATION_FAILED'],
      ['cart:add', { ...burger, quantity: '1' }, 'VALIDATION_FAILED'],
      ['cart:add', { ...burger, note: 'x'.repeat(201) }, 'VALIDATION_FAILED'],
      ['cart:add', { ...burger, opId: undefined }, 'VALIDATION_FAILED'],
      ['cart:add', { ...burger, unitPriceCents: 1 }, 'VALIDATION_FAILED'],
      ['cart:add', null, 'VALIDATION_FAILED'],
      ['cart:add', 'burger', 'VALIDATION_FAILED'],
      ['cart:setQuantity', { opId: opId(), lineId: randomUUID(), quantity: 2 }, 'LINE_NOT_FOUND'],
      ['cart:remove', { opId: opId(), lineId: 'not-a-uuid' }, 'VALIDATION_FAILED'],
      ['cart:clear', { opId: opId(), everything: true }, 'VALIDATION_FAILED'],
    ];
    for (const [event, payload, code] of cases) {
      const ack = await a.send(event as 'cart:add', payload);
      expect(ack, `${event} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code } });
      if (!ack.ok) expect(ack.error.message.length).toBeGreaterThan(0);
    }
    const sync = (await a.send('cart:sync', {})) as unknown as { ok: true; cart: CartState };
    expect(sync.cart.version).toBe(1);
    expect(a.last()!.version).toBe(1);
  });

  it('refuses a line past the hundredth with CART_FULL', async () => {
    const [one] = await twoInstances();
    const { restaurant, items } = await aRestaurant();
    const table = await buildTable(env.db, restaurant);
    const a = await seatedAt(one.url, table.qr_token, 'Ana');
    for (let i = 0; i < 100; i++) {
      await a.send('cart:add', { opId: opId(), itemId: items.water.id, quantity: 1, note: `glass ${i}` });
    }
    const ack = await a.send('cart:add', { opId: opId(), itemId: items.water.id, quantity: 1, note: 'one more' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'CART_FULL' } });
  });
});

describe('tables stay apart', () => {
  it("never lets a token of table X see or change table Y's cart", async () => {
    const [one, two] = await twoInstances();
    const { restaurant, items } = await aRestaurant();
    const x = await buildTable(env.db, restaurant);
    const y = await buildTable(env.db, restaurant);
    const atX = await seatedAt(one.url, x.qr_token, 'Xena');
    const atY = await seatedAt(two.url, y.qr_token, 'Yuri');
    await atY.send('cart:add', { opId: opId(), itemId: items.water.id, quantity: 3 });
    const yLine = (await atY.waitForVersion(1)).lines[0]!;

    expect(await atX.send('cart:setQuantity', { opId: opId(), lineId: yLine.lineId, quantity: 9 })).toMatchObject({
      ok: false,
      error: { code: 'LINE_NOT_FOUND' },
    });
    expect(await atX.send('cart:remove', { opId: opId(), lineId: yLine.lineId })).toMatchObject({ ok: false });
    await atX.send('cart:add', { opId: opId(), itemId: items.water.id, quantity: 1 });
    await atX.waitForVersion(1);
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(atX.states.every((state) => state.lines.every((line) => line.addedBy.displayName === 'Xena'))).toBe(true);
    expect(atY.states.every((state) => state.lines.every((line) => line.addedBy.displayName === 'Yuri'))).toBe(true);
    expect(atY.last()!.lines[0]!.quantity).toBe(3);
  });
});

describe('connections', () => {
  it('gives a phone that reconnects the current cart first', async () => {
    const [one, two] = await twoInstances();
    const { restaurant, items } = await aRestaurant();
    const table = await buildTable(env.db, restaurant);
    const a = await seatedAt(one.url, table.qr_token, 'Ana');
    const b = await seatedAt(two.url, table.qr_token, 'Ben');
    a.close();
    for (let i = 0; i < 3; i++) await b.send('cart:add', { opId: opId(), itemId: items.water.id, quantity: 1 });
    const back = await connectDiner(one.url, a.token);
    const first = await waitFor(() => back.states[0], 5_000, 'the first state');
    expect(first.version).toBe(3);
    expect(first.lines[0]!.quantity).toBe(3);
  });

  it('refuses a forged token and a closed session at connect, with a code to show', async () => {
    const [one] = await twoInstances();
    const { restaurant } = await aRestaurant();
    const table = await buildTable(env.db, restaurant);
    const joined = await join(one.url, table.qr_token);
    expect(await refusedConnection(one.url, `${joined.dinerToken}x`)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await refusedConnection(one.url, '')).toMatchObject({ code: 'UNAUTHENTICATED' });
    await env
      .db('table_sessions')
      .where({ id: joined.session.id })
      .update({ closed_at: new Date(), closed_reason: 'staff' });
    expect(await refusedConnection(one.url, joined.dinerToken)).toMatchObject({ code: 'SESSION_CLOSED' });
  });

  it('tells the table who is seated and who is online', async () => {
    const [one, two] = await twoInstances();
    const { restaurant } = await aRestaurant();
    const table = await buildTable(env.db, restaurant);
    const a = await seatedAt(one.url, table.qr_token, 'Ana');
    const b = await seatedAt(two.url, table.qr_token, 'Ben');
    const both = await waitFor(
      () => a.diners.find((list) => list.length === 2 && list.every((diner) => diner.online)),
      5_000,
      'both online',
    );
    expect(both.map((diner) => diner.displayName)).toEqual(['Ana', 'Ben']);
    b.close();
    const benLeft = await waitFor(
      () => a.diners.find((list) => list.some((diner) => diner.displayName === 'Ben' && !diner.online)),
      5_000,
      'Ben offline',
    );
    expect(benLeft.find((diner) => diner.displayName === 'Ana')!.online).toBe(true);
  });

  it('tells every phone when the table is closed, drops the cart and disconnects them', async () => {
    const [one, two] = await twoInstances();
    const { restaurant, items } = await aRestaurant();
    const table = await buildTable(env.db, restaurant);
    const a = await seatedAt(one.url, table.qr_token, 'Ana');
    const b = await seatedAt(two.url, table.qr_token, 'Ben');
    await a.send('cart:add', { opId: opId(), itemId: items.water.id, quantity: 1 });
    await b.waitForVersion(1);
    const sessionId = (await env.db('table_sessions').where({ table_id: table.id }).first()).id as string;

    expect(await closeTableSession({ ...one.server.deps }, sessionId, 'staff')).toBe(true);
    for (const diner of [a, b]) {
      expect(await waitFor(() => diner.closed[0], 5_000, 'table:closed')).toEqual({ reason: 'staff' });
      await waitFor(() => (diner.socket.connected ? undefined : true), 5_000, 'disconnect');
    }
    expect(await env.redis.exists(env.keys.cart(sessionId))).toBe(0);
  });
});
