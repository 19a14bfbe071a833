import { createHash, randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { Knex } from 'knex';
import { DEMO_MENU } from './demoMenu.js';

/** What the demo prints, and what tests and benchmarks log in with. */
export const DEMO = {
  slug: 'harbour-lane',
  name: 'Harbour Lane Bistro',
  currency: 'EUR',
  timezone: 'Europe/Berlin',
  latitude: 53.5453,
  longitude: 9.9665,
  tableCount: 12,
  owner: { email: 'owner@harbour-lane.test', password: 'tableside-demo', name: 'Olivia Owner' },
  staff: { email: 'staff@harbour-lane.test', password: 'tableside-demo', name: 'Sam Server' },
  // Crockford base32 (no I, L, O, U), shown as XXXX-XXXX; kiosks type it in.
  pairingCode: 'KTCH-2026',
  pairingCodeDays: 30,
} as const;

export interface DemoSummary {
  restaurantId: string;
  tables: { label: string; qrToken: string }[];
  owner: { email: string; password: string };
  pairingCode: string;
}

/** A stable UUID (v5 layout) for a seed row, so the seed can run again and insert nothing new. */
export function stableId(name: string): string {
  const bytes = createHash('sha1').update(`tableside-demo:${name}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function pairingCodeHash(code: string): string {
  return createHash('sha256')
    .update(code.replace(/[^0-9A-Z]/gi, '').toUpperCase())
    .digest('hex');
}

/**
 * The demo restaurant: a real-looking menu, 12 tables, an owner and a staff
 * login, and a kitchen pairing code. Every insert ignores rows that already
 * exist, so running it twice changes nothing.
 */
export async function seedDemo(knex: Knex): Promise<DemoSummary> {
  const restaurantId = stableId('restaurant');
  await knex.transaction(async (trx) => {
    await trx('restaurants')
      .insert({
        id: restaurantId,
        slug: DEMO.slug,
        name: DEMO.name,
        currency: DEMO.currency,
        timezone: DEMO.timezone,
        latitude: DEMO.latitude,
        longitude: DEMO.longitude,
        geofence_radius_m: 120,
        location_policy: 'off',
        allowed_cidrs: trx.raw(`'{127.0.0.0/8,::1/128}'::cidr[]`),
      })
      .onConflict('id')
      .ignore();

    for (const [key, person, role] of [
      ['owner', DEMO.owner, 'owner'],
      ['staff', DEMO.staff, 'staff'],
    ] as const) {
      const exists = await trx('staff_users')
        .where({ id: stableId(`staff:${key}`) })
        .first('id');
      if (exists) continue;
      await trx('staff_users').insert({
        id: stableId(`staff:${key}`),
        restaurant_id: restaurantId,
        email: person.email,
        display_name: person.name,
        password_hash: await hash(person.password),
        role,
      });
    }

    for (let n = 1; n <= DEMO.tableCount; n++) {
      await trx('tables')
        .insert({
          id: stableId(`table:${n}`),
          restaurant_id: restaurantId,
          label: `Table ${n}`,
          seats: n % 3 === 0 ? 6 : n % 2 === 0 ? 4 : 2,
          qr_token: randomBytes(24).toString('base64url'),
        })
        .onConflict('id')
        .ignore();
    }

    await seedMenu(trx, restaurantId);

    await trx('kitchen_pairing_codes')
      .insert({
        id: stableId('pairing-code'),
        restaurant_id: restaurantId,
        code_hash: pairingCodeHash(DEMO.pairingCode),
        expires_at: trx.raw(`now() + interval '${DEMO.pairingCodeDays} days'`),
      })
      .onConflict('id')
      .ignore();
  });

  const tables = await knex('tables')
    .where({ restaurant_id: restaurantId })
    .orderByRaw("(regexp_replace(label, '\\D', '', 'g'))::int nulls last, label")
    .select('label', 'qr_token as qrToken');
  return {
    restaurantId,
    tables,
    owner: { email: DEMO.owner.email, password: DEMO.owner.password },
    pairingCode: DEMO.pairingCode,
  };
}

async function seedMenu(trx: Knex.Transaction, restaurantId: string): Promise<void> {
  const ignore = <T extends object>(table: string, row: T) => trx(table).insert(row).onConflict('id').ignore();
  for (const [categoryIndex, category] of DEMO_MENU.entries()) {
    const categoryId = stableId(`category:${category.name}`);
    await ignore('menu_categories', {
      id: categoryId,
      restaurant_id: restaurantId,
      name: category.name,
      position: categoryIndex,
    });
    for (const [itemIndex, item] of category.items.entries()) {
      const itemId = stableId(`item:${category.name}:${item.name}`);
      await ignore('menu_items', {
        id: itemId,
        restaurant_id: restaurantId,
        category_id: categoryId,
        name: item.name,
        description: item.description,
        price_cents: item.price,
        allergens: item.allergens ?? [],
        stock: item.stock ?? null,
        position: itemIndex,
      });
      for (const [groupIndex, group] of (item.groups ?? []).entries()) {
        const groupId = stableId(`group:${itemId}:${group.name}`);
        await ignore('modifier_groups', {
          id: groupId,
          restaurant_id: restaurantId,
          item_id: itemId,
          name: group.name,
          min_choices: group.min,
          max_choices: group.max,
          position: groupIndex,
        });
        for (const [optionIndex, option] of group.options.entries()) {
          await ignore('modifier_options', {
            id: stableId(`option:${groupId}:${option.name}`),
            restaurant_id: restaurantId,
            group_id: groupId,
            name: option.name,
            price_delta_cents: option.delta ?? 0,
            position: optionIndex,
          });
        }
      }
    }
  }
}
