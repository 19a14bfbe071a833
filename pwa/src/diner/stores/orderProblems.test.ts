import type { ErrorCode } from '@tableside/shared';
import { describe, expect, it } from 'vitest';
import { t } from '../../i18n';
import { orderProblem } from './orderProblems';

/** Every refusal POST /api/v1/tables/:qrToken/orders can answer (routes.ts, placeOrder.ts, location.ts, pricing.ts, stock.ts). */
const ORDER_CODES: ErrorCode[] = [
  'IDEMPOTENCY_KEY_REQUIRED',
  'VALIDATION_FAILED',
  'INVALID_JSON',
  'INVALID_TOKEN',
  'TABLE_NOT_FOUND',
  'UNAUTHENTICATED',
  'SESSION_CLOSED',
  'LOCATION_REQUIRED',
  'OUTSIDE_GEOFENCE',
  'LOCATION_TOO_INACCURATE',
  'IP_NOT_ALLOWED',
  'CART_CHANGED',
  'CART_EMPTY',
  'ITEM_UNAVAILABLE',
  'SOLD_OUT',
  'STOCK_CONTENDED',
  'IDEMPOTENCY_KEY_REUSED',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'DEPENDENCY_UNAVAILABLE',
  'SERVER_BUSY',
  'INTERNAL',
];

describe('refused orders', () => {
  it('give every code a message and a next step', () => {
    for (const code of ORDER_CODES) {
      const problem = orderProblem({ code, message: 'server words' });
      expect(problem.message, code).not.toBe('');
      expect(problem.message, code).not.toBe('server words');
      const dead = code === 'TABLE_NOT_FOUND' || code === 'INVALID_TOKEN';
      expect(problem.action.kind === 'none', code).toBe(dead);
    }
  });

  it('name the dish that sold out, and how many are left', () => {
    expect(
      orderProblem({ code: 'SOLD_OUT', message: '', details: { itemId: 'i', name: 'Fresh oysters', left: 2 } }),
    ).toEqual({
      code: 'SOLD_OUT',
      message: 'Sorry, only 2 × Fresh oysters left.',
      action: { kind: 'removeItem', itemId: 'i', name: 'Fresh oysters', left: 2 },
    });
  });

  it('offer to remove every dish that is no longer available', () => {
    const problem = orderProblem({
      code: 'ITEM_UNAVAILABLE',
      message: '',
      details: {
        items: [
          { lineId: 'a', itemId: 'x', name: 'Burrata', reason: 'not available' },
          { lineId: 'b', itemId: 'x', name: 'Burrata', reason: 'not available' },
          { lineId: 'c', itemId: 'y', name: 'Calamari', reason: 'not available' },
        ],
      },
    });
    expect(problem.message).toBe('Sorry, Burrata, Calamari can’t be ordered right now.');
    expect(problem.action).toEqual({ kind: 'removeLines', lineIds: ['a', 'b', 'c'] });
  });

  it('send the diner back to the cart when it changed, and to the landing when the sitting is over', () => {
    expect(orderProblem({ code: 'CART_CHANGED', message: '' }).action.kind).toBe('showCart');
    expect(orderProblem({ code: 'SESSION_CLOSED', message: '' })).toMatchObject({
      message: t('error.SESSION_CLOSED'),
      action: { kind: 'rejoin' },
    });
  });

  it('survive details that are missing or malformed', () => {
    expect(orderProblem({ code: 'OUTSIDE_GEOFENCE', message: '', details: 'nonsense' }).message).toContain('0 m');
    expect(orderProblem({ code: 'ITEM_UNAVAILABLE', message: '', details: { items: [null] } })).toMatchObject({
      message: 'Sorry, something in the cart can’t be ordered right now. Please check the cart.',
      action: { kind: 'showCart' },
    });
  });
});
