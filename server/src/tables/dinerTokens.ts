import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A diner token binds one phone to one restaurant, table, session and diner.
 * It is `v1.<payload>.<signature>`, both base64url, signed with HMAC-SHA256.
 * The signature proves we issued it; whether its session is still open is
 * checked against Postgres on use, so closing a session kills its tokens.
 */
export interface DinerClaims {
  restaurantId: string;
  tableId: string;
  sessionId: string;
  dinerId: string;
}

interface Payload {
  r: string;
  t: string;
  s: string;
  d: string;
  /** Issued at, seconds since the epoch. */
  iat: number;
}

const VERSION = 'v1';
const MAX_LENGTH = 512;
/** A hard ceiling on top of the session's own lifetime. */
const MAX_AGE_SECONDS = 48 * 3600;

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`${VERSION}.${payload}`).digest('base64url');
}

export function signDinerToken(secret: string, claims: DinerClaims, now: Date): string {
  const payload: Payload = {
    r: claims.restaurantId,
    t: claims.tableId,
    s: claims.sessionId,
    d: claims.dinerId,
    iat: Math.floor(now.getTime() / 1000),
  };
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${VERSION}.${encoded}.${sign(secret, encoded)}`;
}

/** The claims of a token we signed and that has not outlived its ceiling; otherwise null. */
export function verifyDinerToken(secret: string, token: string, now: Date): DinerClaims | null {
  if (token.length > MAX_LENGTH) return null;
  const [version, encoded, signature, ...rest] = token.split('.');
  if (version !== VERSION || !encoded || !signature || rest.length > 0) return null;
  const expected = Buffer.from(sign(secret, encoded));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let payload: Payload;
  try {
    payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Payload;
  } catch {
    return null;
  }
  const age = now.getTime() / 1000 - payload.iat;
  if (!Number.isFinite(age) || age < -300 || age > MAX_AGE_SECONDS) return null;
  return { restaurantId: payload.r, tableId: payload.t, sessionId: payload.s, dinerId: payload.d };
}

/** The token of an `Authorization: Bearer <token>` header, if there is one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
