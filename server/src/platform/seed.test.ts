import { DEMO, seedDemo } from '@tableside/migrations';
import { describe, expect, it } from 'vitest';
import { useTestEnv } from '../test/harness.js';

const env = useTestEnv();

const TABLES = [
  'restaurants',
  'staff_users',
  'tables',
  'menu_categories',
  'menu_items',
  'modifier_groups',
  'modifier_options',
  'kitchen_pairing_codes',
];

async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await env.db(table).count<{ count: number }>('* as count').first();
    counts[table] = row?.count ?? 0;
  }
  return counts;
}

describe('the demo seed', () => {
  it('builds a restaurant that looks real', async () => {
    const demo = await seedDemo(env.db);
    expect(demo.tables).toHaveLength(12);
    expect(demo.tables.map((table) => table.label)).toEqual(Array.from({ length: 12 }, (_, i) => `Table ${i + 1}`));
    for (const table of demo.tables) expect(table.qrToken).toMatch(/^[A-Za-z0-9_-]{32}$/);

    const counts = await rowCounts();
    expect(counts.menu_categories).toBeGreaterThanOrEqual(5);
    expect(counts.menu_items).toBeGreaterThanOrEqual(25);
    const tracked = await env.db('menu_items').whereNotNull('stock').pluck('name');
    expect(tracked.length).toBeGreaterThanOrEqual(3);
    const required = await env.db('modifier_groups').where('min_choices', '>', 0).first();
    const multi = await env.db('modifier_groups').where('max_choices', '>', 1).first();
    expect(required).toBeTruthy();
    expect(multi).toBeTruthy();
    const restaurant = await env.db('restaurants').where({ slug: DEMO.slug }).first();
    expect(restaurant.location_policy).toBe('off');
    expect(await env.db('staff_users').where({ role: 'owner' }).pluck('email')).toEqual([DEMO.owner.email]);
  });

  it('changes nothing when run a second time', async () => {
    const first = await seedDemo(env.db);
    const before = await rowCounts();
    const second = await seedDemo(env.db);
    expect(await rowCounts()).toEqual(before);
    expect(second).toEqual(first);
  });
});
