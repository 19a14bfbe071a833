import type { z } from 'zod';

const PREFIX = 'tableside:';

/**
 * localStorage, parsed on the way out: a value written by an older version of
 * the app, or edited by hand, reads as missing instead of breaking a screen.
 * Storage can be unavailable (private browsing, quota): the app then works
 * without it, and says so in the console.
 */
export function readStored<S extends z.ZodType>(key: string, schema: S): z.output<S> | undefined {
  let raw: string | null;
  try {
    raw = localStorage.getItem(PREFIX + key);
  } catch (error) {
    console.warn('tableside: storage unavailable', error);
    return undefined;
  }
  if (raw === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export function writeStored(key: string, value: unknown): void {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch (error) {
    console.warn('tableside: could not save', key, error);
  }
}

export function removeStored(key: string): void {
  try {
    localStorage.removeItem(PREFIX + key);
  } catch (error) {
    console.warn('tableside: could not remove', key, error);
  }
}
