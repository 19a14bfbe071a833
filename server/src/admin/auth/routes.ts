import { loginBodySchema, type Me } from '@tableside/shared';
import type { Config } from '../../config.js';
import type { Deps } from '../../createServer.js';
import { appError, parse } from '../../platform/errors.js';
import { createRateLimit } from '../../platform/rateLimit.js';
import { STAFF_COOKIE, sameOrigin, type AdminContext, type AdminRoutes, type StaffUserRow } from '../adminRoutes.js';
import { DECOY_HASH, passwordMatches } from './passwords.js';
import type { StaffSessions } from './staffSessions.js';

function cookie(config: Config, value: string, maxAgeSeconds: number): string {
  const secure = new URL(config.PUBLIC_URL).protocol === 'https:' ? '; Secure' : '';
  return `${STAFF_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

export async function presentMe(deps: Pick<Deps, 'db'>, user: StaffUserRow): Promise<Me> {
  const restaurant = await deps
    .db('restaurants')
    .where({ id: user.restaurant_id })
    .first('id', 'name', 'currency', 'timezone');
  return {
    user: { id: user.id, email: user.email, displayName: user.display_name, role: user.role },
    restaurant,
  };
}

/** Sign-in, sign-out and "who am I" for owners and staff. */
export function registerAuthRoutes(admin: AdminRoutes, deps: Deps, config: Config, sessions: StaffSessions): void {
  const window = { durationSeconds: 15 * 60 };
  const perAccount = createRateLimit(deps.redis, {
    keyPrefix: deps.keys.rateLimit('login-account'),
    points: config.LOGIN_FAILURES_PER_ACCOUNT,
    ...window,
  });
  const perAddress = createRateLimit(deps.redis, {
    keyPrefix: deps.keys.rateLimit('login-ip'),
    points: config.LOGIN_FAILURES_PER_IP,
    ...window,
  });
  const ttlSeconds = config.STAFF_SESSION_HOURS * 3600;

  // Public: the one admin route without the guard. Still same-origin only (login CSRF).
  admin.router.post('/login', async (ctx) => {
    if (!sameOrigin(ctx, config.PUBLIC_URL)) {
      throw appError('CSRF_REJECTED', undefined, 'This request did not come from the Tableside app.');
    }
    const body = parse(loginBodySchema, ctx.request.body);
    await perAccount.check(body.email);
    await perAddress.check(ctx.ip);
    const user = await deps.db<StaffUserRow>('staff_users').whereRaw('lower(email) = ?', [body.email]).first();
    const valid = await passwordMatches(user?.password_hash ?? DECOY_HASH, body.password);
    if (!user || !valid) {
      await Promise.all([perAccount.penalize(body.email), perAddress.penalize(ctx.ip)]);
      throw appError('INVALID_CREDENTIALS', undefined, 'That email and password do not match.');
    }
    await perAccount.reset(body.email);
    const token = await sessions.create(user.id, user.restaurant_id, deps.clock.now());
    ctx.set('Set-Cookie', cookie(config, token, ttlSeconds));
    ctx.state.log.info({ staffId: user.id }, 'staff signed in');
    ctx.body = await presentMe(deps, user);
  });

  admin.route('POST', '/logout', 'staff', async (ctx: AdminContext) => {
    await sessions.revoke(ctx.state.staff.token);
    ctx.set('Set-Cookie', cookie(config, '', 0));
    ctx.status = 204;
  });

  admin.route('GET', '/me', 'staff', async (ctx: AdminContext) => {
    ctx.body = await presentMe(deps, ctx.state.staff.user);
  });
}
