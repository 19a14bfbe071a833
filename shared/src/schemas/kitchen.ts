import { z } from 'zod';
import { errorSchema } from '../errors.js';
import { displayTextSchema, uuidSchema } from './common.js';
import { orderSchema, type OrderStatus } from './orders.js';

/** Crockford base32 without I, L, O, U; typed as XXXX-XXXX, any case, dash optional. */
export const pairingCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .transform((code) => code.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^[0-9A-HJKMNP-TV-Z]{8}$/, 'a pairing code is 8 letters and digits, like KTCH-2026'));

/** `POST /api/v1/kitchen/pair` */
export const pairDeviceBodySchema = z.strictObject({
  code: pairingCodeSchema,
  deviceName: displayTextSchema(60),
});
export type PairDeviceBody = z.input<typeof pairDeviceBodySchema>;

export const pairDeviceResponseSchema = z.object({
  deviceId: uuidSchema,
  restaurantId: uuidSchema,
  /** The device's secret for the `/kitchen` handshake; shown once, stored only as a hash. */
  token: z.string(),
});
export type PairDeviceResponse = z.infer<typeof pairDeviceResponseSchema>;

export const kitchenSyncSchema = z.strictObject({});
export const kitchenAckSchema = z.strictObject({ orderId: uuidSchema });
export const kitchenBumpSchema = z.strictObject({
  orderId: uuidSchema,
  to: z.enum(['preparing', 'ready', 'served']),
  expectedVersion: z.number().int().min(1),
});
export const kitchenRecallSchema = z.strictObject({ orderId: uuidSchema, expectedVersion: z.number().int().min(1) });
export type KitchenAck = z.infer<typeof kitchenAckSchema>;
export type KitchenBump = z.infer<typeof kitchenBumpSchema>;
export type KitchenRecall = z.infer<typeof kitchenRecallSchema>;

/** The answer to ack, bump and recall: the order as it is now. VERSION_CONFLICT carries `details.current`. */
export const orderChangeAckSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), order: orderSchema }),
  z.object({ ok: z.literal(false), error: errorSchema }),
]);
export type OrderChangeAck = z.infer<typeof orderChangeAckSchema>;

export const kitchenSyncAckSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), orders: z.array(orderSchema) }),
  z.object({ ok: z.literal(false), error: errorSchema }),
]);
export type KitchenSyncAck = z.infer<typeof kitchenSyncAckSchema>;

/** The kitchen's forward path. `placed → accepted` is the device's ack; bumps may skip steps. */
export const KITCHEN_FLOW: readonly OrderStatus[] = ['placed', 'accepted', 'preparing', 'ready', 'served'];

/** Whether a bump from `from` to `to` moves forward along the kitchen's path. */
export function canBump(from: OrderStatus, to: OrderStatus): boolean {
  const a = KITCHEN_FLOW.indexOf(from);
  const b = KITCHEN_FLOW.indexOf(to);
  return a >= 0 && b > a && to !== 'accepted' && from !== 'served';
}

/** The one step back a recall takes (kitchens un-bump by mistake), if any. */
export function recallTarget(from: OrderStatus): OrderStatus | undefined {
  if (from === 'served') return 'ready';
  if (from === 'ready') return 'preparing';
  return undefined;
}
