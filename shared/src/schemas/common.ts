import { z } from 'zod';
import { FIELD_MESSAGES } from './fieldIssue.js';

export const uuidSchema = z.uuid();

/** The random part of a table's QR code URL: base64url, at least 128 bits. */
export const qrTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'not a table code');

/** Money is always an integer number of minor units (cents) of the restaurant's currency. */
export const centsSchema = z.number().int().min(0).max(10_000_000);

export const currencySchema = z.string().regex(/^[A-Z]{3}$/);

export const LOCATION_POLICIES = ['off', 'ip', 'gps', 'ip_or_gps', 'ip_and_gps'] as const;
export const locationPolicySchema = z.enum(LOCATION_POLICIES);
export type LocationPolicy = z.infer<typeof locationPolicySchema>;

/** Trimmed, single-line, printable text of bounded length, for names people type. */
export const displayTextSchema = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !/[\p{Cc}\p{Cf}]/u.test(value), FIELD_MESSAGES.controlCharacters);
