import {
  EMPTY_CART,
  cartItemCount,
  cartStateSchema,
  cartTotalCents,
  isRetryable,
  type CartAck,
  type CartDiner,
  type CartState,
  type CartSyncAck,
  type MenuItem,
} from '@tableside/shared';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { z } from 'zod';
import { readStored, removeStored, writeStored } from '../../common/storage';
import { useNoticesStore } from '../../common/stores/notices';
import { randomId } from '../../common/uuid';
import { t } from '../../i18n';
import { useCartChanges } from './cartChanges';
import {
  EVENT_OF,
  addOp,
  lineStates,
  pendingOpSchema,
  queueLineChange,
  settle,
  viewOf,
  type PendingOp,
} from './cartQueue';
import { cartRefusal } from './refusals';

/** The cart socket as the store needs it; a promise that rejects means no answer came (timeout, disconnect). */
export interface CartChannel {
  send(event: (typeof EVENT_OF)[PendingOp['kind']], payload: PendingOp['payload']): Promise<CartAck>;
  sync(): Promise<CartSyncAck>;
}

const storedCartSchema = z.object({ confirmed: cartStateSchema.nullable(), pending: z.array(pendingOpSchema) });

/** How long a state made by our own op waits for that op's ack, so an optimistic line is never shown twice. */
const HOLD_MS = 1_500;
/** An acked op whose state has not arrived by then: ask for the whole cart. */
const STATE_AFTER_ACK_MS = 3_000;
const RETRY_MS = [1_000, 3_000, 8_000];

/**
 * The table's shared cart on this phone: the server's cart (`confirmed`, in
 * version order) with this diner's unconfirmed ops applied on top, so a tap
 * shows at once. Ops go out one at a time, in order, each with its opId; a
 * refusal rolls the op back with a message; with no connection they wait,
 * saved with the cart, and are replayed with the same opIds on reconnect.
 */
export const useCartStore = defineStore('cart', () => {
  const confirmed = ref<CartState | null>(null);
  const pending = ref<PendingOp[]>([]);
  const notices = useNoticesStore();

  let me: CartDiner | null = null;
  const changes = useCartChanges(() => me?.dinerId);
  let storageKey = '';
  let channel: CartChannel | null = null;
  /** Bumped on every attach and detach: answers from an older connection are ignored (a replay answers again). */
  let generation = 0;
  let inFlight: string | null = null;
  let retryAt = 0;
  const attempts = new Map<string, number>();
  let held: CartState[] = [];
  let holdTimer: ReturnType<typeof setTimeout> | undefined;
  let syncing: Promise<void> | null = null;
  let highestSeen = -1;

  const cart = computed(() => viewOf(confirmed.value ?? EMPTY_CART, pending.value));
  const lines = computed(() => cart.value.lines);
  const totalCents = computed(() => cartTotalCents(cart.value));
  const itemCount = computed(() => cartItemCount(cart.value));
  const lineState = computed(() => lineStates(pending.value));
  /** The server's version of the cart, once known. */
  const version = computed(() => confirmed.value?.version ?? null);

  function persist(): void {
    if (storageKey) writeStored(storageKey, { confirmed: confirmed.value, pending: pending.value });
  }

  /** Loads the cart this phone last saw at this sitting (and its unsent ops), before the socket answers. */
  function open(sessionId: string, diner: CartDiner): void {
    me = diner;
    storageKey = `cart:${sessionId}`;
    const stored = readStored(storageKey, storedCartSchema);
    confirmed.value = stored?.confirmed ?? null;
    pending.value = stored?.pending ?? [];
    held = [];
    highestSeen = confirmed.value?.version ?? -1;
  }

  /** The sitting is over: its cart (and anything still queued for it) is dropped from this phone. */
  function forget(): void {
    if (storageKey) removeStored(storageKey);
    confirmed.value = null;
    pending.value = [];
    held = [];
  }

  // ---- the diner's own changes

  function enqueue(next: PendingOp[]): void {
    pending.value = next;
    persist();
    pump();
  }

  /** Adds a dish with the options chosen; false if the options do not satisfy the item's groups. */
  function add(item: MenuItem, optionIds: string[], quantity: number, note?: string): boolean {
    const op = me && addOp(item, optionIds, quantity, note, me);
    if (!op) return false;
    enqueue([...pending.value, op]);
    notices.notify(t('cart.youAdded', { name: item.name }));
    return true;
  }

  function setQuantity(lineId: string, quantity: number): void {
    const payload = { opId: randomId(), lineId, quantity };
    enqueue(
      queueLineChange(
        pending.value,
        quantity === 0
          ? { kind: 'remove', payload: { opId: payload.opId, lineId }, emitted: false }
          : { kind: 'setQuantity', payload, emitted: false },
      ),
    );
  }

  function remove(lineId: string): void {
    enqueue(queueLineChange(pending.value, { kind: 'remove', payload: { opId: randomId(), lineId }, emitted: false }));
  }

  // ---- talking to the server

  function pump(): void {
    if (!channel || inFlight) return;
    const op = pending.value.find((candidate) => candidate.ackedVersion === undefined);
    if (!op) return;
    const wait = retryAt - Date.now();
    if (wait > 0) {
      setTimeout(pump, wait);
      return;
    }
    const opId = op.payload.opId;
    inFlight = opId;
    if (!op.emitted) {
      pending.value = pending.value.map((queued) => (queued === op ? { ...queued, emitted: true } : queued));
      persist();
    }
    const current = generation;
    channel.send(EVENT_OF[op.kind], op.payload).then(
      (answer) => {
        if (current !== generation) return;
        inFlight = null;
        answered(opId, answer);
        pump();
      },
      () => {
        if (current !== generation) return;
        // No answer in time on a live connection: the same op again, applied once.
        inFlight = null;
        retryAt = Date.now() + RETRY_MS[0]!;
        pump();
      },
    );
  }

  function answered(opId: string, answer: CartAck): void {
    const op = pending.value.find((candidate) => candidate.payload.opId === opId);
    if (!op) return;
    if (answer.ok) {
      attempts.delete(opId);
      pending.value = pending.value.map((queued) =>
        queued === op ? { ...queued, ackedVersion: answer.version } : queued,
      );
      releaseHeld();
      pending.value = settle(pending.value, confirmed.value?.version ?? -1);
      persist();
      setTimeout(() => {
        if (pending.value.some((queued) => queued.payload.opId === opId)) void sync();
      }, STATE_AFTER_ACK_MS);
      return;
    }
    const tries = attempts.get(opId) ?? 0;
    if (isRetryable(answer.error.code) && tries < RETRY_MS.length) {
      attempts.set(opId, tries + 1);
      retryAt = Date.now() + RETRY_MS[tries]!;
      return;
    }
    attempts.delete(opId);
    const name = op.kind === 'add' ? op.line.name : dishOf(op.payload.lineId);
    pending.value = pending.value.filter((queued) => queued !== op);
    releaseHeld();
    persist();
    notices.notify(cartRefusal(answer.error, name), 'error');
  }

  function dishOf(lineId: string): string {
    return cart.value.lines.find((line) => line.lineId === lineId)?.name ?? '';
  }

  /** `cart:state` from the server. */
  function receive(state: CartState): void {
    highestSeen = Math.max(highestSeen, state.version);
    const ours = state.updatedBy !== undefined && state.updatedBy.dinerId === me?.dinerId;
    if (held.length > 0 || (inFlight && ours)) {
      held.push(state);
      clearTimeout(holdTimer);
      holdTimer = setTimeout(releaseHeld, HOLD_MS);
      return;
    }
    accept(state);
  }

  function releaseHeld(): void {
    clearTimeout(holdTimer);
    const states = held;
    held = [];
    for (const state of states) accept(state);
  }

  function accept(state: CartState): void {
    const current = confirmed.value;
    // Older than ours: a late copy, or the server lost the cart and began again (sync tells which).
    if (current && state.version < current.version) void sync();
    if (current && state.version <= current.version) return;
    if (current && state.version !== current.version + 1) {
      void sync();
      return;
    }
    adopt(state, current !== null);
  }

  function adopt(state: CartState, showChanges: boolean): void {
    const before = confirmed.value?.lines ?? [];
    confirmed.value = state;
    pending.value = settle(pending.value, state.version);
    persist();
    if (showChanges) changes.report(before, state.lines, state.updatedBy);
  }

  /**
   * The server's cart is older than the one this phone knows: the server lost
   * it (Redis restarted with no phone of the table connected) and began again
   * at a lower version. Its word is the cart now. Ops it acknowledged went with
   * the lost cart; those not acknowledged yet are still sent. The diner is told
   * if dishes were lost.
   */
  function beginAgain(state: CartState): void {
    const lost = (confirmed.value?.lines.length ?? 0) > 0;
    held = [];
    highestSeen = state.version;
    confirmed.value = state;
    pending.value = pending.value.filter((op) => op.ackedVersion === undefined);
    persist();
    if (lost) notices.notify(t('cart.lost'), 'error');
  }

  /** The whole cart from the server: after a version gap, on every (re)connect, or when an ack's state is late. */
  async function sync(): Promise<void> {
    if (!channel) return;
    if (syncing) return syncing;
    const from = channel;
    const current = generation;
    let synced = false;
    syncing = from
      .sync()
      .then((answer) => {
        if (current !== generation) return;
        if (!answer.ok) throw new Error(answer.error.message);
        const known = confirmed.value;
        if (!known || answer.cart.version >= known.version) adopt(answer.cart, known !== null);
        else beginAgain(answer.cart);
        synced = true;
      })
      .catch((error: unknown) => console.warn('tableside: cart sync failed', error))
      .finally(() => (syncing = null));
    await syncing;
    // States newer than the answer arrived meanwhile (and were set aside): fetch again.
    if (synced && highestSeen > (confirmed.value?.version ?? -1)) await sync();
  }

  /** The socket connected: catch up with the whole cart, then send what waited. */
  function attach(next: CartChannel): void {
    channel = next;
    generation++;
    inFlight = null;
    void sync();
    pump();
  }

  function detach(): void {
    channel = null;
    generation++;
    inFlight = null;
    releaseHeld();
  }

  return {
    pending,
    lines,
    totalCents,
    itemCount,
    lineState,
    highlighted: changes.highlighted,
    version,
    open,
    forget,
    add,
    setQuantity,
    remove,
    receive,
    sync,
    attach,
    detach,
  };
});
