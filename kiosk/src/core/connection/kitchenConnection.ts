import type { KitchenClientEvents, KitchenOrderEvent, KitchenServerEvents } from '@tableside/shared';
import { io, type Socket } from 'socket.io-client';
import { RECONNECT_BACKOFF, backoffDelay, type BackoffPolicy } from '../backoff.js';
import type { Clock, Timer } from '../clock.js';
import type { ConnectionStatus } from '../kioskApi.js';

type KitchenSocket = Socket<KitchenServerEvents, KitchenClientEvents>;
type Answer<E extends keyof KitchenClientEvents> = Parameters<Parameters<KitchenClientEvents[E]>[1]>[0];
interface Requester {
  emitWithAck(event: string, payload: unknown): Promise<unknown>;
}

export interface KitchenConnectionOptions {
  serverUrl: string;
  token: string;
  clock: Clock;
  random?: () => number;
  backoff?: BackoffPolicy;
  /** An answer later than this counts as lost. */
  answerTimeoutMs?: number;
  /** A connection that lasted this long was healthy: the next drop retries from the shortest delay. */
  stableAfterMs?: number;
}

export interface KitchenConnectionHandlers {
  onStatus(status: ConnectionStatus, retryAt: number | null): void;
  /** Connected (again): the moment to sync. */
  onConnected(): void;
  /** A pushed order event, new or updated, possibly a repeat. */
  onOrderEvent(event: KitchenOrderEvent): void;
  /** The server refused the device token: nothing more is attempted with it. */
  onUnauthorized(): void;
}

export interface KitchenConnection {
  start(): void;
  stop(): void;
  /** Drops the current link and reconnects: for a link that went silent without closing. */
  reconnect(): void;
  /** Emits a request and resolves to the answer; undefined when offline or no answer came in time. */
  request<E extends keyof KitchenClientEvents>(
    event: E,
    payload: Parameters<KitchenClientEvents[E]>[0],
  ): Promise<Answer<E> | undefined>;
}

const DEFAULT_ANSWER_TIMEOUT_MS = 8_000;
const DEFAULT_STABLE_AFTER_MS = 10_000;

/**
 * The device's link to the `/kitchen` namespace. Socket.IO's own reconnection
 * is off: this reconnects forever with capped, jittered exponential backoff,
 * and stops for good only when the server refuses the token.
 */
export function createKitchenConnection(
  options: KitchenConnectionOptions,
  handlers: KitchenConnectionHandlers,
): KitchenConnection {
  const { clock } = options;
  const policy = options.backoff ?? RECONNECT_BACKOFF;
  const answerTimeoutMs = options.answerTimeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS;
  const stableAfterMs = options.stableAfterMs ?? DEFAULT_STABLE_AFTER_MS;
  let socket: KitchenSocket | undefined;
  let retry: Timer | undefined;
  let attempt = 0;
  let connectedAt = 0;
  let running = false;

  function discard(): void {
    const current = socket;
    socket = undefined;
    if (!current) return;
    current.removeAllListeners();
    current.disconnect();
  }

  function scheduleRetry(): void {
    if (!running) return;
    if (connectedAt > 0 && clock.now() - connectedAt >= stableAfterMs) attempt = 0;
    connectedAt = 0;
    const delay = backoffDelay(policy, attempt++, options.random);
    retry = clock.setTimeout(connect, delay);
    handlers.onStatus('offline', clock.now() + delay);
  }

  function connect(): void {
    retry = undefined;
    if (!running) return;
    handlers.onStatus('connecting', null);
    const current: KitchenSocket = io(`${options.serverUrl}/kitchen`, {
      auth: { token: options.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: answerTimeoutMs,
    });
    socket = current;
    current.on('connect', () => {
      connectedAt = clock.now();
      handlers.onStatus('online', null);
      handlers.onConnected();
    });
    current.on('connect_error', (error) => {
      discard();
      if ((error as Error & { data?: { code?: string } }).data?.code === 'UNAUTHENTICATED') {
        running = false;
        handlers.onStatus('unpaired', null);
        handlers.onUnauthorized();
        return;
      }
      scheduleRetry();
    });
    current.on('disconnect', () => {
      discard();
      scheduleRetry();
    });
    current.on('kitchen:order', (event) => handlers.onOrderEvent(event));
    current.on('kitchen:orderUpdated', (event) => handlers.onOrderEvent(event));
  }

  return {
    start() {
      if (running) return;
      running = true;
      attempt = 0;
      connect();
    },
    stop() {
      running = false;
      if (retry) clock.clearTimeout(retry);
      retry = undefined;
      discard();
    },
    reconnect() {
      if (!running || !socket) return;
      discard();
      scheduleRetry();
    },
    async request(event, payload) {
      const current = socket;
      if (!current?.connected) return undefined;
      try {
        // Socket.IO's typed emitWithAck does not narrow over a generic event name; the map above types the answer.
        const withTimeout = current.timeout(answerTimeoutMs) as unknown as Requester;
        return (await withTimeout.emitWithAck(event, payload)) as Answer<typeof event>;
      } catch {
        return undefined; // No answer in time: the caller decides whether the link is dead.
      }
    },
  };
}
