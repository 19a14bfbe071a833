import {
  OPEN_ORDER_STATUSES,
  cancelOrderResponseSchema,
  orderChangeResponseSchema,
  orderDetailSchema,
  orderListSchema,
  orderSchema,
  type Order,
  type OrderDetail,
  type OrderStatus,
  type StaffServerEvents,
} from '@tableside/shared';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError, NetworkError, adminRequest } from '../api';

export type OpenStatus = (typeof OPEN_ORDER_STATUSES)[number];
export type LoadState = 'idle' | 'loading' | 'done' | 'error';
export type StaffOrderEvent = Parameters<StaffServerEvents['order:placed']>[0];

/** Why a change was refused, for the person who asked: `conflict` means the order now shows what changed. */
export type ChangeOutcome =
  { ok: true; order: Order } | { ok: false; reason: 'conflict' | 'refused' | 'network'; message: string };

const OPEN = new Set<OrderStatus>(OPEN_ORDER_STATUSES);
const SEEN_EVENTS_KEPT = 500;
/** How long a new order stays highlighted on the board. */
export const FRESH_MS = 20_000;
const PAGE = 200;
const MAX_PAGES = 10;

/**
 * The live order board: every open order of the restaurant (placed,
 * accepted, preparing, ready). Kept live by the `/staff` socket, whose events
 * arrive at least once and in any order: each event id counts once, and an
 * order only ever moves to a higher version (`versions` remembers orders that
 * left the board, so a late, older event cannot bring one back). After a
 * reconnect `load()` re-reads the open orders, so nothing missed while
 * offline stays missing.
 */
export const useOrderBoardStore = defineStore('admin-order-board', () => {
  const orders = ref<Record<string, Order>>({});
  const state = ref<LoadState>('idle');
  /** Orders that arrived live a moment ago, highlighted until they are looked at or `FRESH_MS` passes. */
  const fresh = ref<Set<string>>(new Set());
  const versions = new Map<string, number>();
  const seen = new Set<string>();
  /** Orders an event touched while a re-read was under way: the re-read's snapshot may predate them. */
  let touchedDuringLoad: Set<string> | undefined;
  let loading: Promise<void> | undefined;

  const columns = computed(() => {
    const byStatus = Object.fromEntries(OPEN_ORDER_STATUSES.map((status) => [status, [] as Order[]])) as Record<
      OpenStatus,
      Order[]
    >;
    const oldestFirst = Object.values(orders.value).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    for (const order of oldestFirst) byStatus[order.status as OpenStatus].push(order);
    return byStatus;
  });
  const count = computed(() => Object.keys(orders.value).length);

  /** Keeps the newer of what we know and `order`; true if the board changed. */
  function upsert(order: Order): boolean {
    if ((versions.get(order.id) ?? 0) >= order.version) return false;
    versions.set(order.id, order.version);
    touchedDuringLoad?.add(order.id);
    const { [order.id]: _previous, ...others } = orders.value;
    orders.value = OPEN.has(order.status) ? { ...others, [order.id]: order } : others;
    if (!OPEN.has(order.status)) unmark(order.id);
    return true;
  }

  function firstTime(eventId: string): boolean {
    if (seen.has(eventId)) return false;
    seen.add(eventId);
    if (seen.size > SEEN_EVENTS_KEPT) seen.delete(seen.values().next().value!);
    return true;
  }

  /** An `order:placed` from the socket; true if it is a new order on the board (time for the sound). */
  function placed(event: StaffOrderEvent): boolean {
    if (!firstTime(event.eventId)) return false;
    const isNew = !versions.has(event.order.id);
    if (!upsert(event.order) || !isNew || !OPEN.has(event.order.status)) return false;
    mark(event.order.id);
    return true;
  }

  /** An `order:updated` from the socket (a status change, a cancel). */
  function updated(event: StaffOrderEvent): void {
    if (firstTime(event.eventId)) upsert(event.order);
  }

  function mark(orderId: string): void {
    fresh.value = new Set(fresh.value).add(orderId);
    setTimeout(() => unmark(orderId), FRESH_MS);
  }

  function unmark(orderId: string): void {
    if (!fresh.value.has(orderId)) return;
    const next = new Set(fresh.value);
    next.delete(orderId);
    fresh.value = next;
  }

  async function readOpenOrders(): Promise<Order[]> {
    const all: Order[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = new URLSearchParams({ status: OPEN_ORDER_STATUSES.join(','), limit: String(PAGE) });
      if (cursor) query.set('cursor', cursor);
      const { data } = await adminRequest(`/orders?${query}`, orderListSchema);
      all.push(...data.orders);
      cursor = data.nextCursor;
      if (!cursor) break;
    }
    return all;
  }

  /**
   * (Re-)reads every open order: on opening the board and after every
   * reconnect. Orders the list no longer has were served or cancelled
   * meanwhile and leave the board, unless an event touched them during the
   * read (the list may have been taken before that event).
   */
  function load(): Promise<void> {
    loading ??= (async () => {
      if (state.value !== 'done') state.value = 'loading';
      touchedDuringLoad = new Set();
      try {
        const open = await readOpenOrders();
        const listed = new Set(open.map((order) => order.id));
        for (const order of open) upsert(order);
        const gone = Object.keys(orders.value).filter((id) => !listed.has(id) && !touchedDuringLoad!.has(id));
        if (gone.length > 0) {
          const kept = { ...orders.value };
          for (const id of gone) {
            delete kept[id];
            unmark(id);
          }
          orders.value = kept;
        }
        state.value = 'done';
      } catch (error) {
        // A board that was shown stays shown (the connection badge says it is not live); an empty one says why.
        if (state.value !== 'done' || !(error instanceof NetworkError)) state.value = 'error';
        if (!(error instanceof NetworkError || error instanceof ApiError)) throw error;
      } finally {
        touchedDuringLoad = undefined;
        loading = undefined;
      }
    })();
    return loading;
  }

  /** The order with its history and what a cancel would restock; the board takes the fresh copy too. */
  async function detail(orderId: string): Promise<OrderDetail> {
    const { data } = await adminRequest(`/orders/${orderId}`, orderDetailSchema);
    upsert(data.order);
    return data;
  }

  /**
   * Runs one change with the version the user saw. A stale view is refused
   * with VERSION_CONFLICT carrying the order as it is now: the board shows
   * that instead, and the user decides again.
   */
  async function change(run: () => Promise<Order>): Promise<ChangeOutcome> {
    try {
      const order = await run();
      upsert(order);
      return { ok: true, order };
    } catch (error) {
      if (error instanceof NetworkError) return { ok: false, reason: 'network', message: error.message };
      if (!(error instanceof ApiError)) throw error;
      if (error.code === 'VERSION_CONFLICT') {
        const current = orderSchema.safeParse((error.error.details as { current?: unknown } | undefined)?.current);
        if (current.success) upsert(current.data);
        return { ok: false, reason: 'conflict', message: error.message };
      }
      return { ok: false, reason: 'refused', message: error.message };
    }
  }

  function move(order: Order, to: 'accepted' | 'preparing' | 'ready' | 'served'): Promise<ChangeOutcome> {
    return change(async () => {
      const body = { to, expectedVersion: order.version };
      return (await adminRequest(`/orders/${order.id}/status`, orderChangeResponseSchema, { method: 'POST', body }))
        .data.order;
    });
  }

  function recall(order: Order): Promise<ChangeOutcome> {
    return change(async () => {
      const body = { expectedVersion: order.version };
      return (await adminRequest(`/orders/${order.id}/recall`, orderChangeResponseSchema, { method: 'POST', body }))
        .data.order;
    });
  }

  function cancel(order: Order, reason: string): Promise<ChangeOutcome> {
    return change(async () => {
      const body = { reason, expectedVersion: order.version };
      return (await adminRequest(`/orders/${order.id}/cancel`, cancelOrderResponseSchema, { method: 'POST', body }))
        .data.order;
    });
  }

  /** Forgets everything: the next user may work for another restaurant. */
  function reset(): void {
    orders.value = {};
    fresh.value = new Set();
    versions.clear();
    seen.clear();
    state.value = 'idle';
  }

  return { orders, columns, count, state, fresh, load, placed, updated, unmark, detail, move, recall, cancel, reset };
});
