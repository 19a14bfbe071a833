import type { StaffClientEvents, StaffServerEvents, WireError } from '@tableside/shared';
import { defineStore } from 'pinia';
import { io, type Socket } from 'socket.io-client';
import { ref } from 'vue';
import { useAuthStore } from './auth';
import { useOrderBoardStore } from './orderBoard';

type StaffSocket = Socket<StaffServerEvents, StaffClientEvents>;
export type StaffSocketStatus = 'idle' | 'connecting' | 'online' | 'offline';

/**
 * The `/staff` socket of this tablet, open while the owner app is: the
 * browser sends the session cookie with the handshake. Every (re)connect
 * re-reads the open orders, so the board has what happened while it was
 * away. A handshake refused as UNAUTHENTICATED means the session is gone:
 * the auth store hears it from `GET /me` and the app returns to sign-in.
 */
export const useStaffSocketStore = defineStore('admin-staff-socket', () => {
  const status = ref<StaffSocketStatus>('idle');
  /** Called with each order that is new on the board (the page plays the sound). */
  let onNewOrder: (() => void) | undefined;
  let socket: StaffSocket | null = null;
  const board = useOrderBoardStore();
  const auth = useAuthStore();

  function start(): void {
    if (socket) return;
    status.value = 'connecting';
    const live: StaffSocket = io('/staff', {
      transports: ['websocket', 'polling'],
      withCredentials: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
    });
    socket = live;
    live.on('connect', () => {
      status.value = 'online';
      void board.load();
    });
    live.on('disconnect', (reason) => {
      status.value = 'offline';
      // The server closed it (a revoked session, a restart): socket.io does not retry that by itself.
      if (reason === 'io server disconnect')
        void auth.verify().then(() => auth.status === 'signedIn' && live.connect());
    });
    live.on('connect_error', (error) => {
      status.value = 'offline';
      const refusal = (error as Error & { data?: WireError }).data;
      if (refusal?.code === 'UNAUTHENTICATED') {
        live.disconnect();
        void auth.verify().then(() => auth.status === 'signedIn' && live.connect());
      }
    });
    live.on('order:placed', (event) => {
      if (board.placed(event)) onNewOrder?.();
    });
    live.on('order:updated', (event) => board.updated(event));
  }

  function stop(): void {
    socket?.disconnect();
    socket = null;
    status.value = 'idle';
  }

  function whenNewOrder(handler: (() => void) | undefined): void {
    onNewOrder = handler;
  }

  return { status, start, stop, whenNewOrder };
});
