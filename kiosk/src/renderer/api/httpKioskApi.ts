import type { ActionResult, KioskApi, KioskState } from '../../core/kioskApi.js';

const UNREACHABLE: ActionResult = { ok: false, message: 'The kiosk agent is not answering. Is it running?' };

async function post(action: string, body: unknown): Promise<ActionResult> {
  try {
    const response = await fetch(`/api/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as ActionResult;
  } catch {
    return UNREACHABLE;
  }
}

/**
 * The KioskApi over the headless agent's localhost bridge: the state streams
 * as server-sent events (the browser reconnects them by itself), actions are
 * JSON POSTs.
 */
export function createHttpKioskApi(): KioskApi {
  return {
    subscribe(listener) {
      const events = new EventSource('/api/events');
      events.onmessage = (event: MessageEvent<string>) => listener(JSON.parse(event.data) as KioskState);
      return () => events.close();
    },
    bump: (orderId) => post('bump', { orderId }),
    recall: (orderId) => post('recall', { orderId }),
    reprint: (orderId) => post('reprint', { orderId }),
    pair: (request) => post('pair', request),
    updateSettings: (patch) => post('settings', patch),
  };
}
