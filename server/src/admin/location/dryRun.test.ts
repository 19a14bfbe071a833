import type { LocationDryRun, LocationSettings } from '@tableside/shared';
import { describe, expect, it } from 'vitest';
import { signedIn } from '../../test/admin.js';
import { buildRestaurant } from '../../test/factories.js';
import { useTestEnv } from '../../test/harness.js';
import { errorOf, json } from '../../test/http.js';

const env = useTestEnv();

const HARBOUR = { lat: 52.52, lng: 13.405 };
/** Saved: orders only from the restaurant's own network (which is not the test's 127.0.0.1). */
const SAVED: LocationSettings = {
  policy: 'ip',
  latitude: HARBOUR.lat,
  longitude: HARBOUR.lng,
  radiusM: 100,
  allowedCidrs: ['10.1.0.0/16'],
};
const AT_THE_BAR = { lat: HARBOUR.lat + 0.0002, lng: HARBOUR.lng, accuracyM: 12 };
/** About 1.1 km north. */
const ACROSS_THE_HARBOUR = { lat: HARBOUR.lat + 0.01, lng: HARBOUR.lng, accuracyM: 12 };

async function managerOf(overrides: Record<string, string> = {}) {
  const { url } = await env.startServer(overrides);
  const restaurant = await buildRestaurant(env.db);
  const { client } = await signedIn(url, env.db, restaurant.id, 'manager');
  expect((await client.request('PUT', '/location', SAVED)).status).toBe(200);
  const dryRun = async (body: unknown, headers?: Record<string, string>) => {
    const response = await client.request('POST', '/location/dry-run', body, headers);
    expect(response.status).toBe(200);
    return json<LocationDryRun>(response);
  };
  return { client, dryRun };
}

describe('location dry run: would an order from here be accepted?', () => {
  it('judges the caller by the saved rules, as an order from the same place would be', async () => {
    const { dryRun } = await managerOf();
    const refused = await dryRun({ location: AT_THE_BAR });
    expect(refused).toMatchObject({
      accepted: false,
      clientIp: '127.0.0.1',
      clientNetwork: '127.0.0.1/32',
      refusal: { code: 'IP_NOT_ALLOWED', message: 'Please connect to the restaurant’s Wi-Fi to order.' },
    });
    expect(refused.distanceM).toBeGreaterThan(15);
    expect(refused.distanceM).toBeLessThan(30);
  });

  it('judges proposed settings before they are saved, and saves nothing', async () => {
    const { client, dryRun } = await managerOf();
    const onOurNetwork = { ...SAVED, allowedCidrs: ['10.1.0.0/16', '127.0.0.1/32'] };
    expect(await dryRun({ settings: onOurNetwork })).toMatchObject({ accepted: true, verdict: 'ip' });
    expect(await dryRun({ settings: { ...SAVED, policy: 'off' } })).toMatchObject({
      accepted: true,
      verdict: 'not_required',
      distanceM: null,
    });
    expect(await json(await client.request('GET', '/location'))).toEqual(SAVED);
  });

  it('accepts a fix inside the geofence and refuses one too far away, saying how far', async () => {
    const { dryRun } = await managerOf();
    const gps = { ...SAVED, policy: 'gps' };
    expect(await dryRun({ settings: gps, location: AT_THE_BAR })).toMatchObject({ accepted: true, verdict: 'gps' });
    const far = await dryRun({ settings: gps, location: ACROSS_THE_HARBOUR });
    expect(far).toMatchObject({
      accepted: false,
      refusal: { code: 'OUTSIDE_GEOFENCE', details: { radiusM: 100 } },
    });
    expect(far.distanceM).toBeGreaterThan(1000);
    expect(await dryRun({ settings: gps })).toMatchObject({ accepted: false, refusal: { code: 'LOCATION_REQUIRED' } });
  });

  it('refuses a fix too rough to prove anything', async () => {
    const { dryRun } = await managerOf();
    const rough = await dryRun({ settings: { ...SAVED, policy: 'gps' }, location: { ...AT_THE_BAR, accuracyM: 900 } });
    expect(rough).toMatchObject({
      accepted: false,
      refusal: { code: 'LOCATION_TOO_INACCURATE', details: { accuracyM: 900, maxAccuracyM: 150 } },
    });
  });

  it('believes X-Forwarded-For only behind a trusted proxy, as the order path does', async () => {
    const forwarded = { 'x-forwarded-for': '10.1.2.3' };
    const direct = await managerOf();
    expect(await direct.dryRun({}, forwarded)).toMatchObject({ accepted: false, clientIp: '127.0.0.1' });
    const proxied = await managerOf({ TRUST_PROXY: '1' });
    expect(await proxied.dryRun({}, forwarded)).toMatchObject({
      accepted: true,
      verdict: 'ip',
      clientIp: '10.1.2.3',
      clientNetwork: '10.1.2.3/32',
    });
    expect(await proxied.dryRun({}, { 'x-forwarded-for': '2001:db8:aa:bb:1:2:3:4' })).toMatchObject({
      accepted: false,
      clientNetwork: '2001:db8:aa:bb::/64',
    });
  });

  it('answers bad input with 400 naming the field, and changes nothing', async () => {
    const { client } = await managerOf();
    for (const [bad, field] of [
      [{ settings: { ...SAVED, allowedCidrs: ['10.1.0.0/33'] } }, 'settings.allowedCidrs.0'],
      [{ settings: { ...SAVED, policy: 'gps', latitude: null } }, 'settings.latitude'],
      [{ location: { ...AT_THE_BAR, lat: 91 } }, 'location.lat'],
      [{ location: { ...AT_THE_BAR, accuracyM: 0 } }, 'location.accuracyM'],
      [{ ip: '10.1.2.3' }, ''],
    ] as const) {
      const response = await client.request('POST', '/location/dry-run', bad);
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message.startsWith(`${field || 'body'}:`)).toBe(true);
    }
    expect(await json(await client.request('GET', '/location'))).toEqual(SAVED);
  });

  it('is for managers: staff are refused', async () => {
    const { url } = await env.startServer();
    const restaurant = await buildRestaurant(env.db);
    const { client } = await signedIn(url, env.db, restaurant.id, 'staff');
    expect((await client.request('POST', '/location/dry-run', {})).status).toBe(403);
  });
});
