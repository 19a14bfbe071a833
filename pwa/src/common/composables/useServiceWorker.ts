import { readonly, ref } from 'vue';

const updateReady = ref(false);
let applyUpdate: (() => void) | null = null;
const cacheListeners = new Set<(url: string) => void>();

interface BroadcastUpdate {
  meta?: string;
  payload?: { updatedURL?: string };
}

/**
 * Registers the Workbox service worker (workbox-window, loaded only after the
 * page is up). A new deployment waits until the diner taps "Reload"; a menu
 * the worker revalidated with a new ETag is reported to the listeners.
 */
export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<BroadcastUpdate>) => {
    const url = event.data?.payload?.updatedURL;
    if (event.data?.meta === 'workbox-broadcast-update' && url) for (const listener of cacheListeners) listener(url);
  });
  const { Workbox } = await import('workbox-window');
  const worker = new Workbox('/sw.js', { scope: '/' });
  worker.addEventListener('waiting', () => {
    updateReady.value = true;
    applyUpdate = () => {
      worker.addEventListener('controlling', () => window.location.reload());
      worker.messageSkipWaiting();
    };
  });
  await worker.register();
}

export function useServiceWorker() {
  return {
    updateReady: readonly(updateReady),
    reload: () => applyUpdate?.(),
    /** Calls `listener` with the URL of each response the worker's cache replaced; returns the unsubscribe. */
    onCacheUpdate(listener: (url: string) => void): () => void {
      cacheListeners.add(listener);
      return () => cacheListeners.delete(listener);
    },
  };
}
