import type { z } from 'zod';
import { ApiError, request, type Answer, type RequestOptions } from '../common/api';

export { ApiError, NetworkError } from '../common/api';

/** Called when the staff session is gone (401): the auth store sends the user to sign-in and back afterwards. */
let onUnauthenticated: (() => void) | undefined;
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

export interface AdminRequestOptions extends Omit<RequestOptions, 'token'> {
  /** The version the user saw, sent as `If-Match` so the server refuses a stale edit with VERSION_CONFLICT. */
  ifMatch?: number;
}

/**
 * One request to the admin API (`/api/v1/admin` + path). The staff session is
 * the HttpOnly cookie the browser sends by itself; writes carry our Origin,
 * which the server checks. A 401 anywhere ends the session in this tab.
 */
export async function adminRequest<S extends z.ZodType>(
  path: string,
  schema: S,
  options: AdminRequestOptions = {},
): Promise<Answer<z.output<S>>> {
  const { ifMatch, headers, ...rest } = options;
  try {
    return await request(`/api/v1/admin${path}`, schema, {
      ...rest,
      headers: { ...headers, ...(ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` }) },
    });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && path !== '/login') onUnauthenticated?.();
    throw error;
  }
}
