import { z } from 'zod';

/**
 * Every error the API can answer with, and its HTTP status. Socket acks carry
 * the same codes (`{ ok: false, error: { code, message } }`) without a status.
 * Clients switch on `code`; `message` is for people.
 */
export const ERROR_STATUS = {
  // The request itself is wrong.
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  JSON_TOO_DEEP: 400,
  INVALID_TOKEN: 400,
  IDEMPOTENCY_KEY_REQUIRED: 400,
  UNAUTHENTICATED: 401,
  SESSION_CLOSED: 401,
  PAIRING_CODE_INVALID: 401,
  FORBIDDEN: 403,
  CSRF_REJECTED: 403,
  INVALID_CREDENTIALS: 401,
  LOCATION_REQUIRED: 403,
  OUTSIDE_GEOFENCE: 403,
  LOCATION_TOO_INACCURATE: 403,
  IP_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  TABLE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  // The request is fine but the world disagrees.
  VERSION_CONFLICT: 409,
  ITEM_NOT_FOUND: 404,
  ITEM_UNAVAILABLE: 409,
  SOLD_OUT: 409,
  STOCK_BELOW_ZERO: 409,
  STOCK_NOT_TRACKED: 409,
  CATEGORY_NOT_EMPTY: 409,
  INVALID_OPTIONS: 422,
  LINE_NOT_FOUND: 404,
  CART_FULL: 422,
  CART_EMPTY: 422,
  CART_CHANGED: 409,
  CART_BUSY: 503,
  IDEMPOTENCY_KEY_REUSED: 422,
  INVALID_TRANSITION: 409,
  TABLE_LABEL_TAKEN: 409,
  TABLE_HAS_ORDERS: 409,
  STOCK_CONTENDED: 503,
  // The server, or something it depends on, failed, or is full.
  DEPENDENCY_UNAVAILABLE: 503,
  SERVER_BUSY: 503,
  INTERNAL: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const errorCodeSchema = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

/** The one shape of every error answer: HTTP bodies and socket acks alike. */
export const errorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  details: z.unknown().optional(),
});
export type WireError = z.infer<typeof errorSchema>;

export const errorBodySchema = z.object({ error: errorSchema });
export type ErrorBody = z.infer<typeof errorBodySchema>;

export function statusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}

/** Codes a client may retry unchanged, later. */
export function isRetryable(code: ErrorCode): boolean {
  return (
    code === 'DEPENDENCY_UNAVAILABLE' ||
    code === 'SERVER_BUSY' ||
    code === 'RATE_LIMITED' ||
    code === 'CART_BUSY' ||
    code === 'STOCK_CONTENDED'
  );
}
