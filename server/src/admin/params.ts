import { uuidSchema } from '@tableside/shared';
import { appError } from '../platform/errors.js';

/** A path id: anything that is not a UUID cannot be one of ours, so it is simply not found. */
export function uuidParam(ctx: { params: Record<string, string | undefined> }, name: string): string {
  const value = ctx.params[name];
  if (!uuidSchema.safeParse(value).success) throw appError('NOT_FOUND');
  return value!;
}
