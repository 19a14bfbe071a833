import { expect } from 'vitest';
import type { JoinTableResponse } from '@tableside/shared';
import { json } from './http.js';

/** A phone joining a table through the real HTTP API. */
export async function join(
  baseUrl: string,
  qrToken: string,
  options: { displayName?: string; token?: string } = {},
): Promise<JoinTableResponse> {
  const response = await fetch(`${baseUrl}/api/v1/tables/${qrToken}/join`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: JSON.stringify(options.displayName ? { displayName: options.displayName } : {}),
  });
  expect([200, 201]).toContain(response.status);
  return json<JoinTableResponse>(response);
}
