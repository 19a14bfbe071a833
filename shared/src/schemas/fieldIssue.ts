import type { z } from 'zod';

/**
 * Our own validation messages, by key. The schemas say them in English (what
 * the API answers); an app in another language finds an issue's key
 * (`FieldIssue.reason`) and shows its own words.
 */
export const FIELD_MESSAGES = {
  passwordLength: 'at least 10 characters',
  gpsNeedsCoordinates: 'a GPS policy needs the restaurant’s coordinates',
  ipNeedsNetworks: 'an IP policy needs at least one network',
  network: 'must be a network like 192.168.1.0/24 or 2001:db8::/32',
  controlCharacters: 'must not contain control characters',
  allergenTwice: 'must not name an allergen twice',
  idTwice: 'must not list an id twice',
  httpAddress: 'must be an http(s) address',
  changeSomething: 'change at least one field',
  minWithinMax: 'must not be more than max',
  notZero: 'must not be 0',
  setOrAdjust: 'send exactly one of set or adjust',
  tableChange: 'name at least one of label, seats, active',
  emailTaken: 'already has an account',
} as const;
export type FieldMessageKey = keyof typeof FIELD_MESSAGES;

const KEY_OF_MESSAGE = new Map<string, FieldMessageKey>(
  Object.entries(FIELD_MESSAGES).map(([key, message]) => [message, key as FieldMessageKey]),
);

/**
 * What is wrong with one field: VALIDATION_FAILED lists them
 * (`details.fields`), and forms show them in the user's language.
 */
export interface FieldIssue {
  /** The field, as a dotted path ("priceCents", "allowedCidrs.2"); "" for the body as a whole. */
  path: string;
  /** In English, for developers and for clients without a translation. */
  message: string;
  /** What to translate: a key of FIELD_MESSAGES, or else zod's issue code ("too_small", "invalid_type" …). */
  reason: string;
  /** For too_small and too_big: the bound, whether it is allowed itself, and what it counts ("string": characters). */
  minimum?: number;
  maximum?: number;
  inclusive?: boolean;
  origin?: string;
  /** For invalid_type: what was wanted ("number", "int" …); for invalid_format: which format ("email" …). */
  expected?: string;
  format?: string;
}

/** One zod issue as a FieldIssue. */
export function fieldIssueOf(issue: z.core.$ZodIssue): FieldIssue {
  const field: FieldIssue = {
    path: issue.path.join('.'),
    message: issue.message,
    reason: KEY_OF_MESSAGE.get(issue.message) ?? issue.code,
  };
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    field.origin = issue.origin;
    field.inclusive = issue.inclusive ?? true;
    if (issue.code === 'too_small') field.minimum = Number(issue.minimum);
    else field.maximum = Number(issue.maximum);
  }
  if (issue.code === 'invalid_type') field.expected = issue.expected;
  if (issue.code === 'invalid_format') field.format = issue.format;
  return field;
}

/** A field refused by a check of the server's own, not a schema's: its reason is the message's key, or "custom". */
export function customFieldIssue(path: string, message: string): FieldIssue {
  return { path, message, reason: KEY_OF_MESSAGE.get(message) ?? 'custom' };
}
