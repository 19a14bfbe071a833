import { errorBodySchema, type WireError } from '@tableside/shared';

/** The body of a successful answer, as the test expects it to be. */
export async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** The error of a failed answer; fails the test unless it has exactly the wire shape. */
export async function errorOf(response: Response): Promise<WireError> {
  return errorBodySchema.strict().parse(await response.json()).error;
}
