import type { LocationPolicy } from '@tableside/shared';
import { describe, expect, it } from 'vitest';
import { buildCategory, buildItem, buildRestaurant, buildTable } from '../test/factories.js';
import { useTestEnv } from '../test/harness.js';
import { errorOf } from '../test/http.js';
import { fillCart, seat, submitOrder } from '../test/orders.js';
import { checkLocation, ipAllowed, type LocationRules } from './location.js';

const RESTAURANT = { lat: 52.52, lng: 13.405 };
const fixes = {
  inside: { lat: 52.5201, lng: 13.4051, accuracyM: 10 },
  /** ~150 m north: outside a 100 m fence even with the 50 m slack */
  outside: { lat: 52.5215, lng: 13.405, accuracyM: 10 },
  inaccurate: { lat: 52.52, lng: 13.405, accuracyM: 500 },
  missing: undefined,
};
const ips = { allowed: '192.168.1.23', other: '203.0.113.9' };

const rules = (policy: LocationPolicy): LocationRules => ({
  policy,
  latitude: RESTAURANT.lat,
  longitude: RESTAURANT.lng,
  radiusM: 100,
  allowedCidrs: ['192.168.1.0/24', '2001:db8::/32'],
});

function outcome(policy: LocationPolicy, ip: string, fix: keyof typeof fixes): string {
  try {
    return checkLocation(rules(policy), ip, fixes[fix]).verdict;
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('the location check', () => {
  // policy → [ip, fix] → verdict or refusal
  const matrix: [LocationPolicy, keyof typeof ips, keyof typeof fixes, string][] = [
    ['off', 'other', 'missing', 'not_required'],
    ['off', 'other', 'outside', 'not_required'],
    ['ip', 'allowed', 'missing', 'ip'],
    ['ip', 'other', 'inside', 'IP_NOT_ALLOWED'],
    ['gps', 'other', 'inside', 'gps'],
    ['gps', 'allowed', 'outside', 'OUTSIDE_GEOFENCE'],
    ['gps', 'allowed', 'inaccurate', 'LOCATION_TOO_INACCURATE'],
    ['gps', 'allowed', 'missing', 'LOCATION_REQUIRED'],
    ['ip_or_gps', 'allowed', 'missing', 'ip'],
    ['ip_or_gps', 'allowed', 'outside', 'ip'],
    ['ip_or_gps', 'other', 'inside', 'gps'],
    ['ip_or_gps', 'other', 'outside', 'OUTSIDE_GEOFENCE'],
    ['ip_or_gps', 'other', 'inaccurate', 'LOCATION_TOO_INACCURATE'],
    ['ip_or_gps', 'other', 'missing', 'LOCATION_REQUIRED'],
    ['ip_and_gps', 'allowed', 'inside', 'ip_and_gps'],
    ['ip_and_gps', 'other', 'inside', 'IP_NOT_ALLOWED'],
    ['ip_and_gps', 'allowed', 'outside', 'OUTSIDE_GEOFENCE'],
    ['ip_and_gps', 'allowed', 'inaccurate', 'LOCATION_TOO_INACCURATE'],
    ['ip_and_gps', 'allowed', 'missing', 'LOCATION_REQUIRED'],
  ];
  it.each(matrix)('%s, %s IP, %s fix → %s', (policy, ip, fix, expected) => {
    expect(outcome(policy, ips[ip], fix)).toBe(expected);
  });

  it('tells the diner how far away they seem to be', () => {
    expect(() => checkLocation(rules('gps'), ips.other, fixes.outside)).toThrow(/about 1\d\d m from the restaurant/);
  });

  it('gives the fix’s uncertainty to the diner, up to a cap', () => {
    // 130 m away: outside 100 m, inside 100 m + min(40, 50) slack.
    const fix = { lat: 52.52117, lng: 13.405, accuracyM: 40 };
    expect(checkLocation(rules('gps'), ips.other, fix).verdict).toBe('gps');
    expect(() => checkLocation(rules('gps'), ips.other, { ...fix, accuracyM: 5 })).toThrow();
  });

  it('matches IPv4, IPv6 and IPv4-mapped IPv6 addresses against CIDRs', () => {
    const cidrs = ['10.0.0.0/8', '2001:db8::/32'];
    expect(ipAllowed('10.20.30.40', cidrs)).toBe(true);
    expect(ipAllowed('::ffff:10.20.30.40', cidrs)).toBe(true);
    expect(ipAllowed('2001:db8:1::5', cidrs)).toBe(true);
    expect(ipAllowed('11.0.0.1', cidrs)).toBe(false);
    expect(ipAllowed('2001:db9::1', cidrs)).toBe(false);
    expect(ipAllowed('not an ip', cidrs)).toBe(false);
  });
});

describe('the client address behind proxies', () => {
  const env = useTestEnv();

  async function orderFrom(policyCidrs: string[], trustProxy: string, forwardedFor: string | undefined) {
    const { url } = await env.startServer({ TRUST_PROXY: trustProxy });
    const restaurant = await buildRestaurant(env.db, {
      location_policy: 'ip',
      allowed_cidrs: env.db.raw('?::cidr[]', [`{${policyCidrs.join(',')}}`]),
    });
    const item = await buildItem(env.db, await buildCategory(env.db, restaurant));
    const diner = await seat(url, (await buildTable(env.db, restaurant)).qr_token);
    const cartVersion = await fillCart(env.redis, env.keys, diner, [{ item, quantity: 1 }]);
    const response = await submitOrder(
      url,
      diner,
      { cartVersion },
      { headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} },
    );
    return response.status === 201 ? 'placed' : (await errorOf(response)).code;
  }

  it('ignores X-Forwarded-For unless TRUST_PROXY says to believe it', async () => {
    // The test connects from 127.0.0.1; the restaurant's network is 10.9.0.0/16.
    expect(await orderFrom(['10.9.0.0/16'], '0', '10.9.1.2')).toBe('IP_NOT_ALLOWED');
    expect(await orderFrom(['127.0.0.0/8'], '0', '203.0.113.5')).toBe('placed');
  });

  it('takes the address the trusted proxy saw, not what the client wrote before it', async () => {
    expect(await orderFrom(['10.9.0.0/16'], '1', '10.9.1.2')).toBe('placed');
    // A spoofed first hop is ignored: one trusted proxy means only the last entry counts.
    expect(await orderFrom(['10.9.0.0/16'], '1', '10.9.1.2, 203.0.113.5')).toBe('IP_NOT_ALLOWED');
  });

  it('stores the verdict and the evidence on the order', async () => {
    const { url } = await env.startServer();
    const restaurant = await buildRestaurant(env.db, { location_policy: 'gps', geofence_radius_m: 100 });
    await env
      .db('restaurants')
      .where({ id: restaurant.id })
      .update({ latitude: RESTAURANT.lat, longitude: RESTAURANT.lng });
    const item = await buildItem(env.db, await buildCategory(env.db, restaurant));
    const diner = await seat(url, (await buildTable(env.db, restaurant)).qr_token);
    const cartVersion = await fillCart(env.redis, env.keys, diner, [{ item, quantity: 1 }]);
    const refused = await submitOrder(url, diner, { cartVersion, location: fixes.outside });
    expect(refused.status).toBe(403);
    expect(await errorOf(refused)).toMatchObject({ code: 'OUTSIDE_GEOFENCE', details: { radiusM: 100 } });
    const placed = await submitOrder(url, diner, { cartVersion, location: fixes.inside });
    expect(placed.status).toBe(201);
    const row = await env.db('orders').where({ restaurant_id: restaurant.id }).first();
    expect(row).toMatchObject({ location_verdict: 'gps', gps_lat: fixes.inside.lat, gps_accuracy_m: 10 });
    expect(row.location_distance_m).toBeGreaterThan(5);
    expect(row.location_distance_m).toBeLessThan(30);
  });
});
