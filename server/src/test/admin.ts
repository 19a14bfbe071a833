import type { StaffRole } from '@tableside/shared';
import { hashPassword } from '../admin/auth/passwords.js';
import type { Knex } from '../platform/db.js';
import { json } from './http.js';

/** The Origin of every test request that writes: the harness's PUBLIC_URL. */
export const TEST_ORIGIN = 'http://localhost:3000';
const PASSWORD = 'correct horse battery';
let counter = 0;

export async function buildStaffUser(db: Knex, restaurantId: string, role: StaffRole) {
  const email = `${role}-${++counter}-${Date.now()}@example.test`;
  const [user] = await db('staff_users')
    .insert({
      restaurant_id: restaurantId,
      email,
      display_name: `${role} ${counter}`,
      password_hash: await hashPassword(PASSWORD),
      role,
    })
    .returning('*');
  return { ...(user as { id: string; email: string; role: StaffRole }), password: PASSWORD };
}

/** An admin API client with its own cookie, as one browser tab. */
export interface AdminClient {
  cookie: string;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

export function adminClient(baseUrl: string, cookie = ''): AdminClient {
  const client: AdminClient = {
    cookie,
    request: (method, path, body, headers = {}) =>
      fetch(`${baseUrl}/api/v1/admin${path}`, {
        method,
        headers: {
          origin: TEST_ORIGIN,
          ...(client.cookie ? { cookie: client.cookie } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
  };
  return client;
}

/** Signs a new user of `role` in; the client carries their session cookie. */
export async function signedIn(baseUrl: string, db: Knex, restaurantId: string, role: StaffRole) {
  const user = await buildStaffUser(db, restaurantId, role);
  const client = adminClient(baseUrl);
  const response = await client.request('POST', '/login', { email: user.email, password: user.password });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  client.cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  await json(response);
  return { user, client };
}
