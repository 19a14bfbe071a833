import { z } from 'zod';
import { centsSchema, currencySchema, uuidSchema } from './common.js';
import { cartLineOptionSchema } from './cart.js';

export const ORDER_STATUSES = ['placed', 'accepted', 'preparing', 'ready', 'served', 'cancelled'] as const;
export const orderStatusSchema = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof orderStatusSchema>;
/** Orders the kitchen still has to deal with. */
export const OPEN_ORDER_STATUSES = ['placed', 'accepted', 'preparing', 'ready'] as const satisfies OrderStatus[];

export const locationFixSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  accuracyM: z.number().positive().max(100_000),
});
export type LocationFix = z.infer<typeof locationFixSchema>;

/**
 * `POST /api/v1/tables/:qrToken/orders` with `Authorization: Bearer <dinerToken>`
 * and `Idempotency-Key: <uuid>`. The order is the server's copy of the cart at
 * `cartVersion`; the body carries no items and no prices.
 */
export const placeOrderBodySchema = z.strictObject({
  cartVersion: z.number().int().min(0),
  location: locationFixSchema.optional(),
  note: z.string().trim().max(500).optional(),
});
export type PlaceOrderBody = z.infer<typeof placeOrderBodySchema>;

export const idempotencyKeySchema = uuidSchema;

export const orderLineSchema = z.object({
  id: uuidSchema,
  itemId: uuidSchema.nullable(),
  name: z.string(),
  unitPriceCents: centsSchema,
  /** Present when the price charged differs from what the cart showed (the menu changed meanwhile). */
  cartUnitPriceCents: centsSchema.optional(),
  quantity: z.number().int().min(1),
  options: z.array(cartLineOptionSchema),
  note: z.string().nullable(),
  addedBy: z.object({ dinerId: uuidSchema.nullable(), displayName: z.string().nullable() }),
});
export type OrderLine = z.infer<typeof orderLineSchema>;

/** An order as diners, the kitchen and the owner see it (never the location evidence). */
export const orderSchema = z.object({
  id: uuidSchema,
  /** The ticket number, per restaurant and business day. */
  number: z.number().int().min(1),
  status: orderStatusSchema,
  /** Bumped by every change; the kitchen's and owner's updates compare-and-set it. */
  version: z.number().int().min(1),
  table: z.object({ id: uuidSchema, label: z.string() }),
  sessionId: uuidSchema,
  lines: z.array(orderLineSchema),
  note: z.string().nullable(),
  totalCents: centsSchema,
  currency: currencySchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Order = z.infer<typeof orderSchema>;

export const placeOrderResponseSchema = z.object({ order: orderSchema });
export type PlaceOrderResponse = z.infer<typeof placeOrderResponseSchema>;
