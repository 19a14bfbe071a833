import { z } from 'zod';
import { centsSchema, uuidSchema } from './common.js';
import { errorSchema } from '../errors.js';
import { FIELD_MESSAGES } from './fieldIssue.js';

/** A client-chosen id for one cart op; a retry with the same id is applied once. */
export const opIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'an op id is 8-64 letters, digits, - or _');

export const MAX_LINE_QUANTITY = 99;
export const MAX_CART_LINES = 100;
export const MAX_NOTE_LENGTH = 200;

const quantitySchema = z.number().int().min(1).max(MAX_LINE_QUANTITY);
const noteSchema = z
  .string()
  .trim()
  .max(MAX_NOTE_LENGTH)
  .refine((value) => !/[\p{Cc}]/u.test(value.replace(/\n/g, '')), FIELD_MESSAGES.controlCharacters);

/** Client → server: add an item. The client never sends a price. */
export const cartAddSchema = z.strictObject({
  opId: opIdSchema,
  itemId: uuidSchema,
  quantity: quantitySchema,
  optionIds: z.array(uuidSchema).max(50).default([]),
  note: noteSchema.optional(),
});
export type CartAdd = z.input<typeof cartAddSchema>;

/** Client → server: change a line's quantity; 0 removes it. */
export const cartSetQuantitySchema = z.strictObject({
  opId: opIdSchema,
  lineId: uuidSchema,
  quantity: z.number().int().min(0).max(MAX_LINE_QUANTITY),
});
export type CartSetQuantity = z.input<typeof cartSetQuantitySchema>;

export const cartRemoveSchema = z.strictObject({ opId: opIdSchema, lineId: uuidSchema });
export type CartRemove = z.input<typeof cartRemoveSchema>;

export const cartClearSchema = z.strictObject({ opId: opIdSchema });
export type CartClear = z.input<typeof cartClearSchema>;

export const cartSyncSchema = z.strictObject({});

export const cartLineOptionSchema = z.object({
  id: uuidSchema,
  name: z.string(),
  priceDeltaCents: z.number().int(),
});
export type CartLineOption = z.infer<typeof cartLineOptionSchema>;

export const cartDinerSchema = z.object({ dinerId: uuidSchema, displayName: z.string(), color: z.string() });
export type CartDiner = z.infer<typeof cartDinerSchema>;

export const cartLineSchema = z.object({
  lineId: uuidSchema,
  itemId: uuidSchema,
  name: z.string(),
  /** Item price plus the chosen options' deltas, from the menu at the time it was added. */
  unitPriceCents: centsSchema,
  quantity: quantitySchema,
  options: z.array(cartLineOptionSchema),
  note: z.string().optional(),
  addedBy: cartDinerSchema,
});
export type CartLine = z.infer<typeof cartLineSchema>;

/**
 * Server → table: the whole cart after every change. `version` rises by
 * exactly one per applied op and the states of one table arrive in version
 * order; a client that sees a jump (it missed a state: Pub/Sub drops messages
 * when a subscriber lags or reconnects) asks `cart:sync`.
 */
export const cartStateSchema = z.object({
  version: z.number().int().min(0),
  lines: z.array(cartLineSchema),
  totalCents: centsSchema,
  /** Who made the change that produced this state; absent for the empty cart and syncs. */
  updatedBy: cartDinerSchema.optional(),
});
export type CartState = z.infer<typeof cartStateSchema>;

/** The answer to every cart op. */
export const cartAckSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), version: z.number().int() }),
  z.object({ ok: z.literal(false), error: errorSchema }),
]);
export type CartAck = z.infer<typeof cartAckSchema>;

export const cartSyncAckSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), cart: cartStateSchema }),
  z.object({ ok: z.literal(false), error: errorSchema }),
]);
export type CartSyncAck = z.infer<typeof cartSyncAckSchema>;
