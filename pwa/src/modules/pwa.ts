import type { App } from 'vue';
import { registerServiceWorker } from '../common/composables/useServiceWorker';

/** The service worker is registered once the page has loaded, so it never competes with the first paint. */
export function install(_app: App): void {
  if (import.meta.env.DEV) return;
  const register = () =>
    registerServiceWorker().catch((error: unknown) => console.warn('tableside: no service worker', error));
  if (document.readyState === 'complete') void register();
  else window.addEventListener('load', () => void register(), { once: true });
}
