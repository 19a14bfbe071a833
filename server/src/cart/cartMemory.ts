import type { Cart } from '@tableside/shared';

/**
 * The newest cart of every table that has a phone connected to this
 * instance. Redis keeps carts in memory only (no persistence on a typical
 * install); when it restarts empty, the carts are written back from here, at
 * the versions the phones already show, instead of every table silently
 * starting again from an empty cart at version 0 (which the phones, holding a
 * higher version, would ignore). Only tables with a phone here are kept, so
 * memory follows this instance's connections.
 */
export interface CartMemory {
  remember(sessionId: string, cart: Cart): void;
  forget(sessionId: string): void;
  recall(sessionId: string): Cart | undefined;
  all(): [sessionId: string, cart: Cart][];
}

export function createCartMemory(): CartMemory {
  const carts = new Map<string, Cart>();
  return {
    remember(sessionId, cart) {
      const known = carts.get(sessionId);
      if (!known || cart.version > known.version) carts.set(sessionId, { version: cart.version, lines: cart.lines });
    },
    forget: (sessionId) => carts.delete(sessionId),
    recall: (sessionId) => carts.get(sessionId),
    all: () => [...carts.entries()],
  };
}
