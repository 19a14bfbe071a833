import { z } from 'zod';
import { currencySchema, displayTextSchema, locationPolicySchema, uuidSchema } from './common.js';

/** `POST /api/v1/tables/:qrToken/join` */
export const joinTableBodySchema = z.strictObject({
  displayName: displayTextSchema(40).optional(),
});
export type JoinTableBody = z.infer<typeof joinTableBodySchema>;

export const dinerSchema = z.object({
  id: uuidSchema,
  displayName: z.string(),
  color: z.string().regex(/^#[0-9a-f]{6}$/),
});
export type Diner = z.infer<typeof dinerSchema>;

export const joinTableResponseSchema = z.object({
  restaurant: z.object({
    id: uuidSchema,
    name: z.string(),
    currency: currencySchema,
    locationPolicy: locationPolicySchema,
  }),
  table: z.object({ id: uuidSchema, label: z.string() }),
  session: z.object({ id: uuidSchema, openedAt: z.iso.datetime() }),
  diner: dinerSchema,
  /** Bearer token for the cart socket and the order endpoint; dies with the session. */
  dinerToken: z.string(),
});
export type JoinTableResponse = z.infer<typeof joinTableResponseSchema>;

/** `GET /api/v1/tables/:qrToken`: what the landing screen shows before joining. */
export const tableLandingSchema = z.object({
  restaurant: z.object({ name: z.string(), currency: currencySchema, locationPolicy: locationPolicySchema }),
  table: z.object({ label: z.string() }),
  /** Who is already seated in the open session, if any. */
  seated: z.array(dinerSchema.pick({ displayName: true, color: true })),
});
export type TableLanding = z.infer<typeof tableLandingSchema>;

/** `GET /api/v1/tables/:qrToken/session` (diner token): this phone's place at the table. */
export const tableSessionSchema = joinTableResponseSchema.omit({ dinerToken: true }).extend({
  diners: z.array(dinerSchema),
});
export type TableSession = z.infer<typeof tableSessionSchema>;
