import type { z } from 'zod';
import { ApiError, NetworkError } from '../api';
import { at } from '../i18n';

/** A message per field path ("priceCents", "allowedCidrs.2"), the first one for each field. */
export type FieldErrors = Record<string, string>;

function byField(issues: readonly { path: string; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[issue.path] ??= issue.message;
  return errors;
}

/**
 * Checks what the user typed with the schema the server checks it with, so a
 * form refuses exactly what the server would, before sending it.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; data: z.output<S> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    errors: byField(result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))),
  };
}

/** The fields a VALIDATION_FAILED answer names (its `details.fields`), or null for any other failure. */
export function serverFieldErrors(error: unknown): FieldErrors | null {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED') return null;
  const fields = (error.error.details as { fields?: unknown } | undefined)?.fields;
  if (!Array.isArray(fields)) return null;
  return byField(
    fields.filter(
      (field): field is { path: string; message: string } =>
        typeof field?.path === 'string' && typeof field?.message === 'string',
    ),
  );
}

/** What to tell the user about a failed request: the server's own words, or that it could not be reached. */
export function problemText(error: unknown): string {
  if (error instanceof NetworkError) return at('admin.error.network');
  if (error instanceof Error) return error.message;
  return String(error);
}
