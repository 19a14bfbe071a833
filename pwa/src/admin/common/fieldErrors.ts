import { FIELD_MESSAGES, fieldIssueOf, type FieldIssue, type FieldMessageKey } from '@tableside/shared';
import type { z } from 'zod';
import { ApiError } from '../api';
import type { MessageParams } from '../../i18n';
import { at, type AdminMessageKey } from '../i18n';

/** A message per field path ("priceCents", "allowedCidrs.2"), the first one for each field. */
export type FieldErrors = Record<string, string>;

const isOwnMessage = (reason: string): reason is FieldMessageKey => Object.hasOwn(FIELD_MESSAGES, reason);

/** A bound's message: "at least 3" or "more than 0", "at most 10" or "less than 11", in characters or entries. */
function boundMessage(issue: FieldIssue): string {
  const small = issue.reason === 'too_small';
  const bound = small ? issue.minimum : issue.maximum;
  const params: MessageParams = small ? { min: String(bound) } : { max: String(bound) };
  if (issue.origin === 'string') {
    if (small && bound === 1) return at('admin.field.required');
    return at(small ? 'admin.field.tooShort' : 'admin.field.tooLong', params);
  }
  if (issue.origin === 'array' || issue.origin === 'set') {
    return at(small ? 'admin.field.fewEntries' : 'admin.field.manyEntries', params);
  }
  const key: AdminMessageKey = small
    ? issue.inclusive === false
      ? 'admin.field.moreThan'
      : 'admin.field.atLeast'
    : issue.inclusive === false
      ? 'admin.field.lessThan'
      : 'admin.field.atMost';
  return at(key, params);
}

/**
 * What is wrong with a field, in the owner's language: the schemas' own
 * messages by their key, zod's by its issue code and bounds. The English
 * message only when neither says more.
 */
export function fieldMessage(issue: FieldIssue): string {
  if (isOwnMessage(issue.reason)) return at(`admin.field.${issue.reason}`);
  switch (issue.reason) {
    case 'too_small':
    case 'too_big':
      return boundMessage(issue);
    case 'invalid_type':
      if (issue.expected === 'string') return at('admin.field.required');
      if (issue.expected === 'number') return at('admin.field.number');
      if (issue.expected === 'int') return at('admin.field.wholeNumber');
      return at('admin.field.invalid');
    case 'invalid_format':
      return at(issue.format === 'email' ? 'admin.field.email' : 'admin.field.invalid');
    case 'invalid_value':
      return at('admin.field.choose');
    case 'not_multiple_of':
    case 'invalid_union':
      return at('admin.field.invalid');
    default:
      return issue.message;
  }
}

function byField(issues: readonly FieldIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[issue.path] ??= fieldMessage(issue);
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
    errors: byField(result.error.issues.map(fieldIssueOf)),
  };
}

/** The fields a VALIDATION_FAILED answer names (its `details.fields`), or null for any other failure. */
export function serverFieldErrors(error: unknown): FieldErrors | null {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED') return null;
  const fields = (error.error.details as { fields?: unknown } | undefined)?.fields;
  if (!Array.isArray(fields)) return null;
  return byField(
    fields
      .filter((field): field is FieldIssue => typeof field?.path === 'string' && typeof field?.message === 'string')
      // An older server sends no reason: its message is all there is.
      .map((field) => ({ ...field, reason: typeof field.reason === 'string' ? field.reason : '' })),
  );
}
