import type { CartAck, DinerClientEvents, DinerServerEvents, WireError } from '@tableside/shared';
import { defineStore } from 'pinia';
import { io, type Socket } from 'socket.io-client';
import { ref } from 'vue';
import { useCartStore, type CartChannel } from './cart';
import { useMenuStore } from './menu';
import { useOrdersStore } from './orders';
import { useSessionStore } from './session';

type DinerSocket = Socket<DinerServerEvents, DinerClientEvents>;

/** `ended`: the server will not take this token any more (sitting closed, or not ours). */
export type ConnectionStatus = 'idle' | 'connecting' | 'online' | 'offline' | 'ended';

const ACK_TIMEOUT_MS = 8_000;
const SESSION_OVER = new Set(['SESSION_CLOSED', 'UNAUTHENTICATED']);

/** The four op events share one signature; each payload matches its event by construction (cartQueue.ts). */
type OpEmit = (event: string, payload: unknown) => Promise<CartAck>;

function cartChannel(socket: DinerSocket): CartChannel {
  return {
    send: (event, payload) => {
      const timed = socket.timeout(ACK_TIMEOUT_MS);
      return (timed.emitWithAck as OpEmit).call(timed, event, payload);
    },
    sync: () => socket.timeout(ACK_TIMEOUT_MS).emitWithAck('cart:sync', {}),
  };
}

/**
 * The /diner socket of this phone: it feeds the cart, the diners at the
 * table, the menu and the orders, and on every (re)connect catches them up
 * (cart:sync, the orders list, the menu), so nothing shown stays silently
 * out of date after a drop.
 */
export const useConnectionStore = defineStore('connection', () => {
  const status = ref<ConnectionStatus>('idle');
  const cart = useCartStore();
  const session = useSessionStore();
  const menu = useMenuStore();
  const orders = useOrdersStore();
  let socket: DinerSocket | null = null;

  function refreshOrders(): void {
    const token = session.joined?.dinerToken;
    if (token) void orders.load(token, session.qrToken);
  }

  function start(token: string): void {
    stop();
    status.value = 'connecting';
    const live: DinerSocket = io('/diner', {
      auth: { token },
      transports: ['websocket', 'polling'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 4_000,
    });
    socket = live;
    live.on('connect', () => {
      status.value = 'online';
      cart.attach(cartChannel(live));
      refreshOrders();
      void menu.load();
    });
    live.on('disconnect', (reason) => {
      cart.detach();
      // Ops are replayed from the cart's queue on reconnect; the socket's own buffer would send them twice.
      live.sendBuffer = [];
      if (status.value === 'ended') return;
      status.value = 'offline';
      // Cut off by the server without `table:closed` (a restart, a revoked token): is the sitting still on?
      if (reason === 'io server disconnect') void session.verify().then(() => session.joined && live.connect());
    });
    live.on('connect_error', (error) => {
      const refusal = (error as Error & { data?: WireError }).data;
      if (refusal && SESSION_OVER.has(refusal.code)) {
        status.value = 'ended';
        live.disconnect();
        session.refused(refusal);
        return;
      }
      status.value = 'offline';
    });
    live.on('cart:state', (state) => cart.receive(state));
    live.on('table:diners', (diners) => session.setDiners(diners));
    live.on('table:closed', () => {
      status.value = 'ended';
      session.close();
    });
    live.on('menu:changed', (event) => void menu.changed(event.version));
    live.on('order:placed', (event) => orders.onPlaced(event));
    live.on('order:status', (event) => {
      if (!orders.onStatus(event)) refreshOrders();
    });
  }

  function stop(): void {
    socket?.disconnect();
    socket = null;
    cart.detach();
    status.value = 'idle';
  }

  // Back online: try now instead of at the end of the reconnection back-off.
  window.addEventListener('online', () => {
    if (socket && !socket.connected && status.value !== 'ended') {
      socket.disconnect();
      socket.connect();
    }
  });

  return { status, start, stop };
});
