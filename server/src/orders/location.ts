import { BlockList, isIP } from 'node:net';
import {
  GPS_ACCURACY_SLACK_CAP_M,
  GPS_MAX_ACCURACY_M,
  distanceMeters,
  type LocationFix,
  type LocationPolicy,
} from '@tableside/shared';
import { appError } from '../platform/errors.js';

export interface LocationRules {
  policy: LocationPolicy;
  latitude: number | null;
  longitude: number | null;
  radiusM: number;
  /** The restaurant's own networks, as CIDRs (IPv4 and IPv6). */
  allowedCidrs: string[];
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

function distanceOf(rules: LocationRules, fix: LocationFix | undefined): number | null {
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
      return { verdict: 'not_required', distanceM: distanceOf(rules, fix) };
    case 'ip':
      if (!ipAllowed(clientIp, rules.allowedCidrs)) throw appError('IP_NOT_ALLOWED', undefined, IP_REFUSED);
      return { verdict: 'ip', distanceM: distanceOf(rules, fix) };
    case 'gps':
      return { verdict: 'gps', distanceM: gpsCheck(rules, fix, 'Share your location') };
    case 'ip_or_gps':
      if (ipAllowed(clientIp, rules.allowedCidrs)) return { verdict: 'ip', distanceM: distanceOf(rules, fix) };
      return { verdict: 'gps', distanceM: gpsCheck(rules, fix, 'Join the restaurant’s Wi-Fi or share your location') };
    case 'ip_and_gps':
      if (!ipAllowed(clientIp, rules.allowedCidrs)) throw appError('IP_NOT_ALLOWED', undefined, IP_REFUSED);
      return { verdict: 'ip_and_gps', distanceM: gpsCheck(rules, fix, 'Share your location') };
  }
}
