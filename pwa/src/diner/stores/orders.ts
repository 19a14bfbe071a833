import { orderSchema, type Order, type OrderStatus, type OrderStatusEvent } from '@tableside/shared';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { z } from 'zod';
import { NetworkError, request, tablePath } from '../../common/api';
import { readStored, removeStored, writeStored } from '../../common/storage';
import { useNoticesStore } from '../../common/stores/notices';
import { t } from '../../i18n';
import type { LoadState } from './menu';

/** `GET /api/v1/tables/:qrToken/orders` answers `{ orders }`, each an order as shared/ defines it. */
const sessionOrdersSchema = z.object({ orders: z.array(orderSchema) });
/** When each order reached each status, as far as this phone saw it. */
const timesSchema = z.record(z.string(), z.partialRecord(orderSchema.shape.status, z.string()));
const storedSchema = z.object({ orders: z.array(orderSchema), times: timesSchema });
type StatusTimes = z.infer<typeof timesSchema>;

const SEEN_EVENTS_KEPT = 200;

/**
 * The sitting's orders, from everyone at the table: loaded on join, reload
 * and reconnect (a late joiner sees earlier ones), then kept live by
 * `order:placed` and `order:status`, which arrive at least once: each event
 * id counts once, and an order only ever moves to a newer version.
 */
export const useOrdersStore = defineStore('orders', () => {
  const orders = ref<Order[]>([]);
  const times = ref<StatusTimes>({});
  const state = ref<LoadState>('idle');
  const notices = useNoticesStore();
  const seen: string[] = [];
  let storageKey = '';

  const sorted = computed(() => [...orders.value].sort((a, b) => b.createdAt.localeCompare(a.createdAt)));

  function persist(): void {
    if (storageKey) writeStored(storageKey, { orders: orders.value, times: times.value });
  }

  function open(sessionId: string): void {
    storageKey = `orders:${sessionId}`;
    const stored = readStored(storageKey, storedSchema);
    orders.value = stored?.orders ?? [];
    times.value = stored?.times ?? {};
    state.value = stored ? 'done' : 'idle';
  }

  function record(orderId: string, status: OrderStatus, at: string): void {
    times.value = { ...times.value, [orderId]: { ...times.value[orderId], [status]: at } };
  }

  /** Keeps the newer of what we have and `order`; true if it changed anything. */
  function upsert(order: Order): boolean {
    const known = orders.value.find((candidate) => candidate.id === order.id);
    if (known && known.version >= order.version) return false;
    orders.value = known
      ? orders.value.map((candidate) => (candidate === known ? order : candidate))
      : [...orders.value, order];
    record(order.id, 'placed', order.createdAt);
    if (order.status !== 'placed') record(order.id, order.status, order.updatedAt);
    return true;
  }

  function firstTime(eventId: string): boolean {
    if (seen.includes(eventId)) return false;
    seen.push(eventId);
    if (seen.length > SEEN_EVENTS_KEPT) seen.shift();
    return true;
  }

  async function load(token: string, qrToken: string): Promise<void> {
    if (orders.value.length === 0) state.value = 'loading';
    try {
      const { data } = await request(tablePath(qrToken, '/orders'), sessionOrdersSchema, { token });
      for (const order of data.orders) upsert(order);
      state.value = 'done';
      persist();
    } catch (error) {
      if (!(error instanceof NetworkError) || orders.value.length === 0) state.value = 'error';
      if (!(error instanceof NetworkError)) console.warn('tableside: orders failed', error);
    }
  }

  /** The order this phone just placed (the 201), before or after its `order:placed`. */
  function placed(order: Order): void {
    if (upsert(order)) persist();
  }

  function onPlaced(event: { eventId: string; order: Order }): void {
    if (!firstTime(event.eventId)) return;
    // Another phone's order (this phone's own was upserted from its 201 already).
    if (upsert(event.order)) {
      notices.notify(t('checkout.placed', { number: event.order.number }));
      persist();
    }
  }

  /** Returns false for a status of an order this phone does not know yet (the caller reloads the list). */
  function onStatus(event: OrderStatusEvent): boolean {
    if (!firstTime(event.eventId)) return true;
    const known = orders.value.find((order) => order.id === event.orderId);
    if (!known) return false;
    if (known.version >= event.version) return true;
    orders.value = orders.value.map((order) =>
      order === known ? { ...order, status: event.status, version: event.version, updatedAt: event.at } : order,
    );
    record(event.orderId, event.status, event.at);
    const words = t('orders.statusChanged', { number: event.number, status: t(`status.${event.status}`) });
    // The moments a diner acts on are shown; every step is read out.
    if (event.status === 'ready' || event.status === 'cancelled')
      notices.notify(words, event.status === 'ready' ? 'info' : 'error');
    else notices.announce(words);
    persist();
    return true;
  }

  /** A new sitting starts: the last one's orders are not kept. */
  function forget(): void {
    if (storageKey) removeStored(storageKey);
    orders.value = [];
    times.value = {};
  }

  return { orders: sorted, times, state, open, load, placed, onPlaced, onStatus, forget };
});
