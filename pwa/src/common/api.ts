import { errorBodySchema, type WireError } from '@tableside/shared';
import type { z } from 'zod';

/** The server answered with an error: its code, message and details, as every route sends them. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly error: WireError,
  ) {
    super(error.message);
  }
  get code() {
    return this.error.code;
  }
}

/** No answer at all: offline, the connection dropped, or the server took too long. */
export class NetworkError extends Error {
  override name = 'NetworkError';
}

const TIMEOUT_MS = 15_000;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The diner token, sent as `Authorization: Bearer`. */
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What a successful answer carried: its status and its body, parsed with the shared schema. */
export interface Answer<T> {
  status: number;
  data: T;
}

/**
 * One JSON request to the API. The answer is parsed with its schema from
 * shared/ (a body that does not match is a server error, not something to
 * guess about); failures become ApiError or NetworkError.
 */
export async function request<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<Answer<z.output<S>>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  // 204 No Content (a delete, a sign-out) has no body: the schema sees `undefined`.
  const body: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  if (!response.ok) {
    const parsed = errorBodySchema.safeParse(body);
    throw new ApiError(
      response.status,
      parsed.success ? parsed.data.error : { code: 'INTERNAL', message: `HTTP ${response.status}` },
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(response.status, {
      code: 'INTERNAL',
      message: 'The server sent an answer this app does not understand.',
    });
  }
  return { status: response.status, data: parsed.data };
}

export const tablePath = (qrToken: string, rest = '') => `/api/v1/tables/${encodeURIComponent(qrToken)}${rest}`;
