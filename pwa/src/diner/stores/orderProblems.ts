import type { ErrorCode, WireError } from '@tableside/shared';
import { t } from '../../i18n';

/** What the diner can do about a refused order: the button the error panel offers. */
export type ProblemAction =
  | { kind: 'retry' }
  | { kind: 'locate' }
  | { kind: 'removeItem'; itemId: string; name: string; left: number }
  | { kind: 'removeLines'; lineIds: string[] }
  | { kind: 'showCart' }
  | { kind: 'rejoin' }
  | { kind: 'none' };

export interface OrderProblem {
  code: ErrorCode;
  message: string;
  action: ProblemAction;
}

type Details = Record<string, unknown>;

const text = (value: unknown, fallback = '') => (typeof value === 'string' ? value : fallback);
const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : 0);

function unavailableLines(details: Details): { lineId: string; name: string }[] {
  const items = Array.isArray(details.items) ? (details.items as Details[]) : [];
  return items
    .filter((item) => typeof item?.lineId === 'string')
    .map((item) => ({ lineId: item.lineId as string, name: text(item.name) }));
}

/**
 * Every refusal of `POST /orders` as a sentence a diner understands and the
 * next step, using the details the server sends (the dish, the distance).
 */
export function orderProblem(error: WireError): OrderProblem {
  const details = (error.details && typeof error.details === 'object' ? error.details : {}) as Details;
  const problem = (message: string, action: ProblemAction): OrderProblem => ({ code: error.code, message, action });
  switch (error.code) {
    case 'SOLD_OUT': {
      const name = text(details.name);
      const left = number(details.left);
      const action = { kind: 'removeItem' as const, itemId: text(details.itemId), name, left };
      return problem(left > 0 ? t('error.SOLD_OUT_LEFT', { name, left }) : t('error.SOLD_OUT', { name }), action);
    }
    case 'ITEM_UNAVAILABLE': {
      const lines = unavailableLines(details);
      const names = [...new Set(lines.map((line) => line.name))].join(', ');
      const action: ProblemAction =
        lines.length > 0 ? { kind: 'removeLines', lineIds: lines.map((line) => line.lineId) } : { kind: 'showCart' };
      return problem(names ? t('error.ITEM_UNAVAILABLE', { names }) : t('error.someUnavailable'), action);
    }
    case 'CART_CHANGED':
      return problem(t('error.CART_CHANGED'), { kind: 'showCart' });
    case 'CART_EMPTY':
      return problem(t('error.CART_EMPTY'), { kind: 'showCart' });
    case 'LOCATION_REQUIRED':
      return problem(t('error.LOCATION_REQUIRED'), { kind: 'locate' });
    case 'OUTSIDE_GEOFENCE':
      return problem(t('error.OUTSIDE_GEOFENCE', { distance: number(details.distanceM) }), { kind: 'locate' });
    case 'LOCATION_TOO_INACCURATE':
      return problem(t('error.LOCATION_TOO_INACCURATE', { accuracy: number(details.accuracyM) }), { kind: 'locate' });
    case 'IP_NOT_ALLOWED':
      return problem(t('error.IP_NOT_ALLOWED'), { kind: 'retry' });
    case 'SESSION_CLOSED':
      return problem(t('error.SESSION_CLOSED'), { kind: 'rejoin' });
    case 'UNAUTHENTICATED':
      return problem(t('error.UNAUTHENTICATED'), { kind: 'rejoin' });
    case 'TABLE_NOT_FOUND':
    case 'INVALID_TOKEN':
      return problem(t('error.TABLE_NOT_FOUND'), { kind: 'none' });
    case 'RATE_LIMITED':
      return problem(t('error.RATE_LIMITED'), { kind: 'retry' });
    case 'CART_BUSY':
    case 'STOCK_CONTENDED':
    case 'DEPENDENCY_UNAVAILABLE':
    case 'SERVER_BUSY':
      return problem(t('error.busy'), { kind: 'retry' });
    case 'IDEMPOTENCY_KEY_REUSED':
      return problem(t('error.IDEMPOTENCY_KEY_REUSED'), { kind: 'retry' });
    default:
      return problem(t('error.generic'), { kind: 'retry' });
  }
}
