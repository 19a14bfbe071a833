import type { StaffClientEvents, StaffServerEvents } from '@tableside/shared';
import type { Namespace, Server } from 'socket.io';
import type { Deps } from '../createServer.js';
import { appError, toAppError } from '../platform/errors.js';
import { STAFF_COOKIE } from './adminRoutes.js';
import type { StaffSessions } from './auth/staffSessions.js';

export const staffRoom = (restaurantId: string) => `restaurant:${restaurantId}:staff`;

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** The `/staff` namespace: signed-in owners and staff hear their restaurant's order events live. */
export function attachStaffNamespace(io: Server, deps: Pick<Deps, 'db'>, sessions: StaffSessions) {
  const namespace = io.of('/staff') as Namespace<StaffClientEvents, StaffServerEvents>;
  namespace.use((socket, next) => {
    const token = cookieValue(socket.handshake.headers.cookie, STAFF_COOKIE);
    (async () => {
      const session = token ? await sessions.get(token) : undefined;
      const user = session
        ? await deps.db('staff_users').where({ id: session.userId, restaurant_id: session.restaurantId }).first('id')
        : undefined;
      if (!session || !user) throw appError('UNAUTHENTICATED', undefined, 'Sign in to continue.');
      await socket.join(staffRoom(session.restaurantId));
    })().then(
      () => next(),
      (error: unknown) => {
        const refused = toAppError(error);
        next(Object.assign(new Error(refused.message), { data: refused.toWire() }));
      },
    );
  });
  return namespace;
}
