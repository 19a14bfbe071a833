import type { LocationDryRun, LocationFix } from '@tableside/shared';
import {
  checkLocation,
  distanceFromRestaurant,
  networkOf,
  normalizeIp,
  type LocationRules,
} from '../../orders/index.js';
import { AppError } from '../../platform/errors.js';

/**
 * Would an order from `clientIp` with `fix` be accepted under `rules`? The
 * answer comes from the order path's own check, so the owner's test and a
 * diner's order can never disagree; a refusal is the error that diner would
 * see. Reads and writes nothing.
 */
export function dryRunLocation(rules: LocationRules, ip: string, fix: LocationFix | undefined): LocationDryRun {
  const clientIp = normalizeIp(ip);
  const common = { clientIp, clientNetwork: networkOf(clientIp), distanceM: distanceFromRestaurant(rules, fix) };
  try {
    const { verdict } = checkLocation(rules, clientIp, fix);
    return { ...common, accepted: true, verdict };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { ...common, accepted: false, refusal: error.toWire() };
  }
}
