import type { AdminMenu, AdminMenuItem } from '@tableside/shared';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api';
import { useAdminMenuStore } from './menuStore';

const CATEGORY_ID = '11111111-1111-4111-8111-111111111111';
const BURRATA: AdminMenuItem = {
  id: '22222222-2222-4222-8222-222222222222',
  categoryId: CATEGORY_ID,
  name: 'Burrata',
  description: 'With tomatoes',
  priceCents: 1250,
  allergens: ['milk'],
  imageUrl: null,
  available: true,
  stock: 10,
  version: 3,
  position: 1,
  modifierGroups: [],
};
const OLIVES: AdminMenuItem = { ...BURRATA, id: '33333333-3333-4333-8333-333333333333', name: 'Olives', position: 2 };
const MENU: AdminMenu = {
  restaurantId: '44444444-4444-4444-8444-444444444444',
  currency: 'EUR',
  version: 9,
  categories: [{ id: CATEGORY_ID, name: 'Starters', version: 1, position: 1, items: [BURRATA, OLIVES] }],
};

interface Sent {
  method: string;
  url: string;
  ifMatch: string | null;
  body: unknown;
}
let answers: { status: number; body?: unknown }[] = [];
let sent: Sent[] = [];

function fetchStub(url: string, init: RequestInit): Promise<Response> {
  sent.push({
    method: init.method ?? 'GET',
    url,
    ifMatch: new Headers(init.headers).get('if-match'),
    body: init.body === undefined ? undefined : JSON.parse(String(init.body)),
  });
  const next = answers.shift();
  if (!next) return Promise.reject(new TypeError('Failed to fetch'));
  return Promise.resolve(
    new Response(next.body === undefined ? null : JSON.stringify(next.body), { status: next.status }),
  );
}

const conflictWith = (current: unknown) => ({
  status: 409,
  body: {
    error: { code: 'VERSION_CONFLICT', message: 'Someone changed this menu item meanwhile.', details: { current } },
  },
});

async function loaded() {
  const store = useAdminMenuStore();
  answers = [{ status: 200, body: structuredClone(MENU) }];
  await store.load();
  return store;
}

beforeEach(() => {
  setActivePinia(createPinia());
  answers = [];
  sent = [];
  vi.stubGlobal('fetch', fetchStub);
});
afterEach(() => vi.unstubAllGlobals());

describe('the owner’s menu store', () => {
  it('sends each change with the version the user saw and shows the server’s answer in place', async () => {
    const store = await loaded();
    answers.push({ status: 200, body: { ...BURRATA, available: false, version: 4 } });
    expect(await store.setAvailable(store.findItem(BURRATA.id)!, false)).toBe(true);
    expect(sent[1]).toMatchObject({
      method: 'POST',
      url: `/api/v1/admin/menu/items/${BURRATA.id}/availability`,
      ifMatch: '"3"',
      body: { available: false },
    });
    expect(store.findItem(BURRATA.id)).toMatchObject({ available: false, version: 4 });
    expect(store.conflict).toBeNull();
  });

  it('on VERSION_CONFLICT shows the server’s current entry and keeps the user’s change aside, unsent', async () => {
    const store = await loaded();
    // Two orders took 2 units meanwhile (version 3 → 5); the manager adds a delivery of 12 to the 10 they saw.
    const now = { ...BURRATA, stock: 8, version: 5 };
    answers.push(conflictWith(now));
    expect(await store.adjustStock(store.findItem(BURRATA.id)!, 12)).toBe(false);
    expect(store.findItem(BURRATA.id)).toMatchObject({ stock: 8, version: 5 });
    expect(store.conflict).toMatchObject({
      kind: 'item',
      seen: { stock: 10, version: 3 },
      current: { stock: 8, version: 5 },
      change: { adjust: 12 },
    });
    expect(sent).toHaveLength(2);
  });

  it('re-applies the change on top of the current entry, at its version', async () => {
    const store = await loaded();
    answers.push(conflictWith({ ...BURRATA, stock: 8, version: 5 }));
    await store.adjustStock(store.findItem(BURRATA.id)!, 12);
    answers.push({ status: 200, body: { ...BURRATA, stock: 20, version: 6 } });
    expect(await store.reapply()).toBe(true);
    expect(sent[2]).toMatchObject({ ifMatch: '"5"', body: { adjust: 12 } });
    expect(store.findItem(BURRATA.id)).toMatchObject({ stock: 20, version: 6 });
    expect(store.conflict).toBeNull();
  });

  it('a re-applied change that conflicts again shows the newer entry, never overwriting it', async () => {
    const store = await loaded();
    answers.push(conflictWith({ ...BURRATA, priceCents: 1300, version: 4 }));
    await store.edit('item', store.findItem(BURRATA.id)!, { priceCents: 1400 });
    answers.push(conflictWith({ ...BURRATA, priceCents: 1350, version: 5 }));
    expect(await store.reapply()).toBe(false);
    expect(sent[2]).toMatchObject({ method: 'PATCH', ifMatch: '"4"', body: { priceCents: 1400 } });
    expect(store.conflict).toMatchObject({
      seen: { priceCents: 1300, version: 4 },
      current: { priceCents: 1350, version: 5 },
      change: { priceCents: 1400 },
    });
    expect(store.findItem(BURRATA.id)?.priceCents).toBe(1350);
  });

  it('discarding keeps what the server has and sends nothing', async () => {
    const store = await loaded();
    answers.push(conflictWith({ ...BURRATA, name: 'Burrata di Andria', version: 4 }));
    await store.edit('item', store.findItem(BURRATA.id)!, { name: 'Burrata pugliese' });
    store.discard();
    expect(store.conflict).toBeNull();
    expect(store.findItem(BURRATA.id)?.name).toBe('Burrata di Andria');
    expect(await store.reapply()).toBe(false);
    expect(sent).toHaveLength(2);
  });

  it('a conflict with the very same change made meanwhile needs no decision', async () => {
    const store = await loaded();
    answers.push(conflictWith({ ...BURRATA, stock: 5, version: 4 }));
    expect(await store.setStock(store.findItem(BURRATA.id)!, 5)).toBe(true);
    expect(store.conflict).toBeNull();
    expect(store.findItem(BURRATA.id)).toMatchObject({ stock: 5, version: 4 });
  });

  it('a delete of an entry changed meanwhile is a conflict too', async () => {
    const store = await loaded();
    answers.push(conflictWith({ ...OLIVES, priceCents: 500, version: 4 }));
    expect(await store.destroy('item', store.findItem(OLIVES.id)!)).toBe(false);
    expect(sent[1]).toMatchObject({ method: 'DELETE', ifMatch: '"3"' });
    expect(store.conflict?.change).toEqual({ deleted: true });
    answers.push({ status: 204 });
    expect(await store.reapply()).toBe(true);
    expect(store.findItem(OLIVES.id)).toBeUndefined();
  });

  it('passes other failures on to the screen, changing nothing', async () => {
    const store = await loaded();
    answers.push({
      status: 409,
      body: { error: { code: 'STOCK_BELOW_ZERO', message: 'Only 10 × Burrata left.' } },
    });
    await expect(store.adjustStock(store.findItem(BURRATA.id)!, -11)).rejects.toBeInstanceOf(ApiError);
    expect(store.conflict).toBeNull();
    expect(store.findItem(BURRATA.id)).toMatchObject({ stock: 10, version: 3 });
    expect(store.busy.size).toBe(0);
  });

  it('moves an item down within its category', async () => {
    const store = await loaded();
    answers.push({
      status: 200,
      body: {
        ...MENU.categories[0],
        items: [
          { ...OLIVES, position: 1 },
          { ...BURRATA, position: 2 },
        ],
      },
    });
    await store.moveItem(store.findItem(BURRATA.id)!, 1);
    expect(sent[1]).toMatchObject({ url: '/api/v1/admin/menu/items/reorder', body: { ids: [OLIVES.id, BURRATA.id] } });
    expect(store.categories[0]!.items.map((item) => item.name)).toEqual(['Olives', 'Burrata']);
  });
});
