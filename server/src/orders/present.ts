import type { CartLineOption, Order, OrderStatus } from '@tableside/shared';

export interface OrderRow {
  id: string;
  restaurant_id: string;
  table_id: string;
  session_id: string;
  number: number;
  status: OrderStatus;
  subtotal_cents: number;
  total_cents: number;
  currency: string;
  note: string | null;
  cancel_reason?: string | null;
  idempotency_key: string;
  cart_version: number;
  cart_fingerprint: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface OrderItemRow {
  id: string;
  order_id: string;
  menu_item_id: string | null;
  name: string;
  unit_price_cents: number;
  cart_unit_price_cents: number | null;
  quantity: number;
  options: CartLineOption[];
  note: string | null;
  added_by_diner_id: string | null;
  added_by_name: string | null;
  position: number;
}

export function presentOrder(order: OrderRow, items: OrderItemRow[], tableLabel: string): Order {
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    version: order.version,
    table: { id: order.table_id, label: tableLabel },
    sessionId: order.session_id,
    lines: items.map((item) => ({
      id: item.id,
      itemId: item.menu_item_id,
      name: item.name,
      unitPriceCents: item.unit_price_cents,
      ...(item.cart_unit_price_cents !== null && item.cart_unit_price_cents !== item.unit_price_cents
        ? { cartUnitPriceCents: item.cart_unit_price_cents }
        : {}),
      quantity: item.quantity,
      options: item.options,
      note: item.note,
      addedBy: { dinerId: item.added_by_diner_id, displayName: item.added_by_name },
    })),
    note: order.note,
    totalCents: order.total_cents,
    currency: order.currency,
    createdAt: order.created_at.toISOString(),
    updatedAt: order.updated_at.toISOString(),
  };
}
