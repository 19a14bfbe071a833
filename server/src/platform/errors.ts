import {
  customFieldIssue,
  fieldIssueOf,
  statusOf,
  type ErrorCode,
  type FieldIssue,
  type WireError,
} from '@tableside/shared';
import { z } from 'zod';

/** A failure the caller can act on: it travels to the client as `{ code, message, details }`. */
export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.status = statusOf(code);
  }

  toWire(): WireError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

const DEFAULT_MESSAGES: Partial<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'The request is not valid.',
  INVALID_JSON: 'The request body is not valid JSON.',
  JSON_TOO_DEEP: 'The request body nests too deeply.',
  UNAUTHENTICATED: 'Sign in first.',
  FORBIDDEN: 'You are not allowed to do that.',
  NOT_FOUND: 'Not found.',
  METHOD_NOT_ALLOWED: 'That method is not allowed here.',
  PAYLOAD_TOO_LARGE: 'The request body is too large.',
  UNSUPPORTED_MEDIA_TYPE: 'Send JSON.',
  RATE_LIMITED: 'Too many requests. Try again in a moment.',
  DEPENDENCY_UNAVAILABLE: 'The service is briefly unavailable. Try again in a moment.',
  SERVER_BUSY: 'Very many orders are coming in at once. Try again in a moment.',
  INTERNAL: 'Something went wrong on our side.',
};

export function appError(code: ErrorCode, details?: unknown, message?: string): AppError {
  return new AppError(code, message ?? DEFAULT_MESSAGES[code] ?? code, details);
}

/** A zod failure as a VALIDATION_FAILED error naming each bad field. */
export function validationError(error: z.ZodError): AppError {
  const fields = error.issues.map(fieldIssueOf);
  const first = fields[0];
  const message = first ? `${first.path || 'body'}: ${first.message}` : 'The request is not valid.';
  return new AppError('VALIDATION_FAILED', message, { fields });
}

/**
 * VALIDATION_FAILED naming one field that a check of our own refused, shaped
 * as `parse` shapes it; `issue` says what for a translation, as zod would
 * (`{ reason: 'too_big', maximum: 5, origin: 'number' }`).
 */
export function invalidField(path: string, message: string, issue: Partial<FieldIssue> = {}): AppError {
  return new AppError('VALIDATION_FAILED', `${path}: ${message}`, {
    fields: [{ ...customFieldIssue(path, message), ...issue }],
  });
}

/** What zod would say of a number past a bound we check ourselves, for invalidField: "at least 2", "at most 5". */
export function numberBound(limit: { minimum: number } | { maximum: number }): Partial<FieldIssue> {
  return { reason: 'minimum' in limit ? 'too_small' : 'too_big', ...limit, inclusive: true, origin: 'number' };
}

/** Parse, don't re-check: the one way a route or socket handler reads untrusted input. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

// SQLSTATE classes and driver errors that mean "Postgres is not there right
// now", as opposed to a bug in our query: the client may retry.
// Deadlocks and serialization failures (40xxx) left over after a caller's own
// retries are answered the same way: nothing was written, try again. So is a
// statement cancelled by statement_timeout (57014) or a lock not granted (55P03).
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0[1-3]|57014|55P03|40001|40P01)/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

export function isDependencyDown(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) return true;
  // A transaction whose connection died fails its ROLLBACK with "not queryable", and knex throws that instead.
  return (
    error.name === 'KnexTimeoutError' ||
    /Connection terminated|Connection is closed|max retries per request|not queryable/i.test(error.message)
  );
}

/** Any thrown value as the error the client will see. Unknown errors say nothing of their cause. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) return validationError(error);
  if (isDependencyDown(error)) return appError('DEPENDENCY_UNAVAILABLE');
  // Koa and its body parser throw http-errors with an `expose`d 4xx status.
  const status = (error as { status?: unknown })?.status;
  const expose = (error as { expose?: unknown })?.expose;
  if (typeof status === 'number' && status >= 400 && status < 500 && expose === true) {
    if (status === 413) return appError('PAYLOAD_TOO_LARGE');
    if (status === 415) return appError('UNSUPPORTED_MEDIA_TYPE');
    if (status === 404) return appError('NOT_FOUND');
    if (status === 405) return appError('METHOD_NOT_ALLOWED');
    return appError('VALIDATION_FAILED', undefined, String((error as Error).message));
  }
  return appError('INTERNAL');
}
