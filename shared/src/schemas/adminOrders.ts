import { z } from 'zod';
import { centsSchema, uuidSchema } from './common.js';
import { orderEventSchema } from './admin.js';
import { orderSchema } from './orders.js';
import { dinerSchema } from './tables.js';

/** `GET /api/v1/admin/orders`: newest first; `nextCursor` continues the list, null on the last page. */
export const orderListSchema = z.object({ orders: z.array(orderSchema), nextCursor: z.string().nullable() });
export type OrderList = z.infer<typeof orderListSchema>;

/** What cancelling an order puts back on the shelf: one entry per stock-tracked item. */
export const restockSchema = z.array(z.object({ itemId: uuidSchema, quantity: z.number().int().min(1) }));

/**
 * `GET /api/v1/admin/orders/:id`: the order, its status history, and what a
 * cancel would restock now (lines whose item still counts its stock), with
 * the item's name as ordered.
 */
export const orderDetailSchema = z.object({
  order: orderSchema,
  events: z.array(orderEventSchema),
  restockOnCancel: z.array(z.object({ itemId: uuidSchema, name: z.string(), quantity: z.number().int().min(1) })),
});
export type OrderDetail = z.infer<typeof orderDetailSchema>;

/** `POST /api/v1/admin/orders/:id/status` and `/recall`: the order as it is now. */
export const orderChangeResponseSchema = z.object({ order: orderSchema });

/** `POST /api/v1/admin/orders/:id/cancel`. */
export const cancelOrderResponseSchema = z.object({ order: orderSchema, restocked: restockSchema });

/** One open table session, as `GET /api/v1/admin/sessions` lists it. */
export const openSessionSchema = z.object({
  id: uuidSchema,
  table: z.object({ id: uuidSchema, label: z.string() }),
  openedAt: z.iso.datetime(),
  lastActivityAt: z.iso.datetime(),
  diners: z.array(dinerSchema),
  cart: z.object({ version: z.number().int().min(0), items: z.number().int().min(0), totalCents: centsSchema }),
  orders: z.object({ count: z.number().int().min(0), totalCents: z.number().int().min(0) }),
});
export type OpenSession = z.infer<typeof openSessionSchema>;
export const openSessionListSchema = z.object({ sessions: z.array(openSessionSchema) });

/**
 * `GET /api/v1/admin/stats/today`: the restaurant's business day so far, in
 * its own timezone. Cancelled orders count only in `cancelledOrders`, never
 * in revenue. `perHour` lists the local hours that had orders.
 */
export const todayStatsSchema = z.object({
  date: z.iso.date(),
  timezone: z.string(),
  currency: z.string(),
  orders: z.number().int().min(0),
  cancelledOrders: z.number().int().min(0),
  revenueCents: z.number().int().min(0),
  averageTicketCents: z.number().int().min(0),
  perHour: z.array(
    z.object({
      hour: z.number().int().min(0).max(23),
      orders: z.number().int().min(1),
      revenueCents: z.number().int(),
    }),
  ),
  topItems: z.array(z.object({ name: z.string(), quantity: z.number().int().min(1), revenueCents: z.number().int() })),
});
export type TodayStats = z.infer<typeof todayStatsSchema>;
