import { Router, type RouterContext } from '@koa/router';
import { roleAtLeast, type StaffRole } from '@tableside/shared';
import type { Config } from '../config.js';
import type { Deps } from '../createServer.js';
import { appError } from '../platform/errors.js';
import type { AppState } from '../platform/http.js';
import type { StaffSessions } from './auth/staffSessions.js';

export const STAFF_COOKIE = 'tableside_staff';

export interface StaffUserRow {
  id: string;
  restaurant_id: string;
  email: string;
  display_name: string;
  role: StaffRole;
  password_hash?: string;
}

export interface AdminState extends AppState {
  staff: { user: StaffUserRow; restaurantId: string; token: string };
}
export type AdminContext = RouterContext<AdminState>;
export type AdminHandler = (ctx: AdminContext) => Promise<void> | void;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One admin route as the guard sees it: who may call it. */
export interface AdminRouteSpec {
  method: Method;
  path: string;
  minRole: StaffRole;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Mutating requests must come from our own pages: their Origin (or, failing
 * that, Referer) must be PUBLIC_URL's. A form on another site cannot forge one.
 */
export function sameOrigin(ctx: { get(name: string): string }, publicUrl: string): boolean {
  const expected = new URL(publicUrl).origin;
  const origin = ctx.get('origin');
  if (origin) return origin === expected;
  const referer = ctx.get('referer');
  if (!referer) return false;
  try {
    return new URL(referer).origin === expected;
  } catch {
    return false;
  }
}

/**
 * The admin API's router. Every route is declared with the least role that
 * may call it and goes through the guard: a session cookie (401), the role
 * (403), then the same-origin check for writes. `specs` lists them all, so a
 * test can walk every route.
 */
export function createAdminRoutes(deps: Deps, config: Config, sessions: StaffSessions) {
  const router = new Router<AdminState>({ prefix: '/api/v1/admin' });
  const specs: AdminRouteSpec[] = [];

  const guard =
    (minRole: StaffRole) =>
    async (ctx: AdminContext, next: () => Promise<unknown>): Promise<void> => {
      const token = ctx.cookies.get(STAFF_COOKIE);
      const session = token ? await sessions.get(token) : undefined;
      const user = session
        ? await deps
            .db<StaffUserRow>('staff_users')
            .where({ id: session.userId, restaurant_id: session.restaurantId })
            .first()
        : undefined;
      if (!token || !session || !user) throw appError('UNAUTHENTICATED', undefined, 'Sign in to continue.');
      if (!roleAtLeast(user.role, minRole)) {
        throw appError('FORBIDDEN', { requiredRole: minRole }, 'Your role does not allow this. Ask an owner.');
      }
      if (MUTATING.has(ctx.method) && !sameOrigin(ctx, config.PUBLIC_URL)) {
        throw appError('CSRF_REJECTED', undefined, 'This request did not come from the Tableside app.');
      }
      ctx.state.staff = { user, restaurantId: user.restaurant_id, token };
      await next();
    };

  function route(method: Method, path: string, minRole: StaffRole, handler: AdminHandler): void {
    specs.push({ method, path, minRole });
    const verb = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    router[verb](path, guard(minRole), handler);
  }

  return { router, specs, route };
}
export type AdminRoutes = ReturnType<typeof createAdminRoutes>;
