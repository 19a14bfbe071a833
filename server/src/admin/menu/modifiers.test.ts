import {
  adminModifierGroupSchema,
  adminModifierOptionSchema,
  type AdminModifierGroup,
  type AdminModifierOption,
  type Menu,
} from '@tableside/shared';
import { describe, expect, it } from 'vitest';
import { signedIn } from '../../test/admin.js';
import {
  buildCategory,
  buildGroup,
  buildItem,
  buildOption,
  buildRestaurant,
  buildTable,
} from '../../test/factories.js';
import { useTestEnv } from '../../test/harness.js';
import { errorOf, json } from '../../test/http.js';

const env = useTestEnv();

async function aBurger() {
  const { url } = await env.startServer();
  const restaurant = await buildRestaurant(env.db);
  const table = await buildTable(env.db, restaurant);
  const { client } = await signedIn(url, env.db, restaurant.id, 'manager');
  const burger = await buildItem(env.db, await buildCategory(env.db, restaurant), { name: 'Burger' });
  return { url, restaurant, table, client, burger };
}

const dinersMenu = async (url: string, qrToken: string) =>
  (await fetch(`${url}/api/v1/tables/${qrToken}/menu`).then((response) => response.json())) as Menu;

describe('modifier groups and options', () => {
  it('are added in order, edited and deleted, and diners see each change', async () => {
    const { url, table, client, burger } = await aBurger();

    const created = await client.request('POST', `/menu/items/${burger.id}/groups`, {
      name: 'Cooking',
      min: 1,
      max: 1,
    });
    expect(created.status).toBe(201);
    const cooking = adminModifierGroupSchema.strict().parse(await created.json());
    expect(cooking).toEqual({
      id: expect.any(String),
      itemId: burger.id,
      name: 'Cooking',
      min: 1,
      max: 1,
      version: 1,
      position: 0,
      options: [],
    });
    const extras = await json<AdminModifierGroup>(
      await client.request('POST', `/menu/items/${burger.id}/groups`, { name: 'Extras', min: 0, max: 3 }),
    );
    expect(extras.position).toBe(1);

    const rare = await client.request('POST', `/menu/groups/${cooking.id}/options`, {
      name: 'Rare',
      priceDeltaCents: 0,
    });
    expect(rare.status).toBe(201);
    expect(adminModifierOptionSchema.strict().parse(await rare.json())).toEqual({
      id: expect.any(String),
      groupId: cooking.id,
      name: 'Rare',
      priceDeltaCents: 0,
      available: true,
      version: 1,
      position: 0,
    });
    const bacon = await json<AdminModifierOption>(
      await client.request('POST', `/menu/groups/${extras.id}/options`, { name: 'Bacon', priceDeltaCents: 250 }),
    );
    const cheese = await json<AdminModifierOption>(
      await client.request('POST', `/menu/groups/${extras.id}/options`, {
        name: 'Cheese',
        priceDeltaCents: 150,
        available: false,
      }),
    );
    expect(cheese).toMatchObject({ position: 1, available: false });

    const renamed = await client.request(
      'PATCH',
      `/menu/groups/${extras.id}`,
      { name: 'Toppings', max: 2 },
      { 'if-match': '1' },
    );
    expect(await json(renamed)).toMatchObject({ name: 'Toppings', min: 0, max: 2, version: 2 });
    const repriced = await client.request('PATCH', `/menu/options/${bacon.id}`, {
      priceDeltaCents: 300,
      available: false,
      expectedVersion: 1,
    });
    expect(await json(repriced)).toMatchObject({ priceDeltaCents: 300, available: false, version: 2 });

    const seen = (await dinersMenu(url, table.qr_token)).categories[0]!.items[0]!.modifierGroups;
    expect(seen.map((group) => [group.name, group.max, group.options.map((option) => option.name)])).toEqual([
      ['Cooking', 1, ['Rare']],
      ['Toppings', 2, ['Bacon', 'Cheese']],
    ]);
    expect(seen[1]!.options[0]).toMatchObject({ priceDeltaCents: 300, available: false });

    expect((await client.request('DELETE', `/menu/options/${cheese.id}`)).status).toBe(204);
    expect((await client.request('DELETE', `/menu/groups/${cooking.id}`)).status).toBe(204);
    expect(await env.db('modifier_options').where({ group_id: cooking.id })).toEqual([]);
    const after = (await dinersMenu(url, table.qr_token)).categories[0]!.items[0]!.modifierGroups;
    expect(after.map((group) => [group.name, group.options.map((option) => option.name)])).toEqual([
      ['Toppings', ['Bacon']],
    ]);
  });

  it('refuse a stale edit with the entry as it is now, writing nothing', async () => {
    const { client, burger } = await aBurger();
    const extras = await buildGroup(env.db, burger, { name: 'Extras', max_choices: 2, version: 4 });
    const bacon = await buildOption(env.db, extras, { name: 'Bacon', price_delta_cents: 250, version: 7 });

    const staleGroup = await client.request('PATCH', `/menu/groups/${extras.id}`, {
      name: 'Sides',
      expectedVersion: 3,
    });
    expect(staleGroup.status).toBe(409);
    const groupError = await errorOf(staleGroup);
    expect(groupError.code).toBe('VERSION_CONFLICT');
    expect(groupError.details).toEqual({
      current: {
        id: extras.id,
        itemId: burger.id,
        name: 'Extras',
        min: 0,
        max: 2,
        version: 4,
        position: 0,
        options: [expect.objectContaining({ id: bacon.id, version: 7 })],
      },
    });

    const staleOption = await client.request(
      'PATCH',
      `/menu/options/${bacon.id}`,
      { priceDeltaCents: 0 },
      { 'if-match': 'W/"6"' },
    );
    expect(await errorOf(staleOption)).toMatchObject({
      code: 'VERSION_CONFLICT',
      details: { current: { id: bacon.id, name: 'Bacon', priceDeltaCents: 250, version: 7 } },
    });
    const staleDelete = await client.request('DELETE', `/menu/options/${bacon.id}`, undefined, { 'if-match': '6' });
    expect((await errorOf(staleDelete)).code).toBe('VERSION_CONFLICT');

    expect(await env.db('modifier_groups').where({ id: extras.id }).first()).toMatchObject({
      name: 'Extras',
      version: 4,
    });
    expect(await env.db('modifier_options').where({ id: bacon.id }).first()).toMatchObject({
      price_delta_cents: 250,
      version: 7,
    });
  });

  it('need at least 0 and at most 1 or more choices, min never above max', async () => {
    const { client, burger } = await aBurger();
    const sauces = await buildGroup(env.db, burger, { min_choices: 2, max_choices: 3 });
    const cases: [string, string, unknown, RegExp][] = [
      ['POST', `/menu/items/${burger.id}/groups`, { name: 'Sauces', min: -1, max: 1 }, /^min: /],
      ['POST', `/menu/items/${burger.id}/groups`, { name: 'Sauces', min: 0, max: 0 }, /^max: /],
      [
        'POST',
        `/menu/items/${burger.id}/groups`,
        { name: 'Sauces', min: 3, max: 2 },
        /^min: must not be more than max/,
      ],
      ['PATCH', `/menu/groups/${sauces.id}`, { min: 4, expectedVersion: 1 }, /^min: must not be more than max \(3\)/],
      ['PATCH', `/menu/groups/${sauces.id}`, { max: 0, expectedVersion: 1 }, /^max: /],
      ['PATCH', `/menu/groups/${sauces.id}`, { expectedVersion: 1 }, /change at least one field/],
      ['POST', `/menu/groups/${sauces.id}/options`, { name: 'Mayo' }, /^priceDeltaCents: /],
      ['PATCH', `/menu/options/${sauces.id}`, { name: '\u0007', expectedVersion: 1 }, /^name: /],
    ];
    for (const [method, path, body, message] of cases) {
      const error = await errorOf(await client.request(method, path, body));
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toMatch(message);
    }
    const lowered = await client.request('PATCH', `/menu/groups/${sauces.id}`, { max: 1, expectedVersion: 1 });
    const refusal = await errorOf(lowered);
    expect(refusal.message).toBe('max: must not be less than min (2)');
    // What the owner app needs to say "At least 2." in the owner's language.
    expect(refusal.details).toEqual({
      fields: [
        {
          path: 'max',
          message: 'must not be less than min (2)',
          reason: 'too_small',
          minimum: 2,
          inclusive: true,
          origin: 'number',
        },
      ],
    });
    expect(await env.db('modifier_groups').where({ item_id: burger.id })).toHaveLength(1);
    expect(await env.db('modifier_groups').where({ id: sauces.id }).first()).toMatchObject({
      min_choices: 2,
      max_choices: 3,
      version: 1,
    });
  });
});
