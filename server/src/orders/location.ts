import { BlockList, isIP } from 'node:net';
import {
  GPS_ACCURACY_SLACK_CAP_M,
  GPS_MAX_ACCURACY_M,
  distanceMeters,
  type LocationFix,
  type LocationPolicy,
} from '@tableside/shared';
import type { Knex } from '../platform/db.js';
import { appError } from '../platform/errors.js';

export interface LocationRules {
  policy: LocationPolicy;
  latitude: number | null;
  longitude: number | null;
  radiusM: number;
  /** The restaurant's own networks, as CIDRs (IPv4 and IPv6). */
  allowedCidrs: string[];
}

/** The restaurant columns the rules live in (allowed_cidrs read as text[]). */
export interface LocationRuleRow {
  location_policy: LocationPolicy;
  latitude: number | null;
  longitude: number | null;
  geofence_radius_m: number;
  allowed_cidrs: string[];
}

/** The rules from a restaurant row. */
export function locationRulesOf(row: LocationRuleRow): LocationRules {
  return {
    policy: row.location_policy,
    latitude: row.latitude,
    longitude: row.longitude,
    radiusM: row.geofence_radius_m,
    allowedCidrs: row.allowed_cidrs,
  };
}

/** A restaurant's location rules as saved; undefined when there is no such restaurant. */
export async function readLocationRules(db: Knex, restaurantId: string): Promise<LocationRules | undefined> {
  const row = await db('restaurants')
    .where({ id: restaurantId })
    .first<LocationRuleRow | undefined>(
      'location_policy',
      'latitude',
      'longitude',
      'geofence_radius_m',
      db.raw('allowed_cidrs::text[] as allowed_cidrs'),
    );
  return row ? locationRulesOf(row) : undefined;
}

export interface LocationVerdict {
  verdict: 'not_required' | 'ip' | 'gps' | 'ip_and_gps';
  /** Distance of the fix from the restaurant, when a fix was given and the restaurant has coordinates. */
  distanceM: number | null;
}

/** An IPv4 client on a dual-stack socket shows up as ::ffff:a.b.c.d. */
export function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
}

export function ipAllowed(ip: string, cidrs: readonly string[]): boolean {
  const address = normalizeIp(ip);
  const family = isIP(address);
  if (family === 0) return false;
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [network, bits] = cidr.split('/');
    const networkFamily = isIP(network ?? '');
    if (networkFamily === 0) continue;
    const type = networkFamily === 4 ? 'ipv4' : 'ipv6';
    list.addSubnet(network!, Number(bits ?? (networkFamily === 4 ? 32 : 128)), type);
  }
  return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function gpsCheck(rules: LocationRules, fix: LocationFix | undefined, needWhat: string): number {
  if (!fix) throw appError('LOCATION_REQUIRED', undefined, `${needWhat} so we know you are at the restaurant.`);
  if (rules.latitude === null || rules.longitude === null) {
    throw new Error('a gps location policy without restaurant coordinates');
  }
  if (fix.accuracyM > GPS_MAX_ACCURACY_M) {
    throw appError(
      'LOCATION_TOO_INACCURATE',
      { accuracyM: Math.round(fix.accuracyM), maxAccuracyM: GPS_MAX_ACCURACY_M },
      'Your phone’s location is too imprecise right now. Step near a window or turn on precise location, then try again.',
    );
  }
  const distanceM = distanceMeters({ lat: rules.latitude, lng: rules.longitude }, fix);
  if (distanceM > rules.radiusM + Math.min(fix.accuracyM, GPS_ACCURACY_SLACK_CAP_M)) {
    throw appError(
      'OUTSIDE_GEOFENCE',
      { distanceM: Math.round(distanceM), radiusM: rules.radiusM },
      `You seem to be about ${Math.round(distanceM)} m from the restaurant. Orders can only be placed from inside.`,
    );
  }
  return distanceM;
}

/**
 * The network to allow for a client at `ip`: the address itself for IPv4 (a
 * restaurant's Wi-Fi reaches us through one public address), its /64 for IPv6
 * (the phones on one network share the prefix but each picks its own address).
 */
export function networkOf(ip: string): string {
  const address = normalizeIp(ip);
  if (isIP(address) === 4) return `${address}/32`;
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  const prefix = [...left, ...zeros, ...right].slice(0, 4).map((group) => parseInt(group, 16).toString(16));
  return `${prefix.join(':')}::/64`;
}

/** Distance of `fix` from the restaurant, when there is a fix and the restaurant has coordinates. */
export function distanceFromRestaurant(rules: LocationRules, fix: LocationFix | undefined): number | null {
  if (!fix || rules.latitude === null || rules.longitude === null) return null;
  return distanceMeters({ lat: rules.latitude, lng: rules.longitude }, fix);
}

const IP_REFUSED = 'Please connect to the restaurant’s Wi-Fi to order.';

/**
 * Is the diner in the restaurant? The restaurant's policy decides which
 * evidence counts: its own network (IP), a GPS fix inside the geofence, either,
 * or both. Throws the reason a diner can act on; returns what was proven.
 */
export function checkLocation(rules: LocationRules, clientIp: string, fix: LocationFix | undefined): LocationVerdict {
  switch (rules.policy) {
    case 'off':
      return { verdict: 'not_required', distanceM: distanceFromRestaurant(rules, fix) };
    case 'ip':
      if (!ipAllowed(clientIp, rules.allowedCidrs)) throw appError('IP_NOT_ALLOWED', undefined, IP_REFUSED);
      return { verdict: 'ip', distanceM: distanceFromRestaurant(rules, fix) };
    case 'gps':
      return { verdict: 'gps', distanceM: gpsCheck(rules, fix, 'Share your location') };
    case 'ip_or_gps':
      if (ipAllowed(clientIp, rules.allowedCidrs))
        return { verdict: 'ip', distanceM: distanceFromRestaurant(rules, fix) };
      return { verdict: 'gps', distanceM: gpsCheck(rules, fix, 'Join the restaurant’s Wi-Fi or share your location') };
    case 'ip_and_gps':
      if (!ipAllowed(clientIp, rules.allowedCidrs)) throw appError('IP_NOT_ALLOWED', undefined, IP_REFUSED);
      return { verdict: 'ip_and_gps', distanceM: gpsCheck(rules, fix, 'Share your location') };
  }
}
