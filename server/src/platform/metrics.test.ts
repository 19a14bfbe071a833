import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { signedIn } from '../test/admin.js';
import { connectDiner } from '../test/diners.js';
import { buildCategory, buildItem, buildRestaurant, buildTable } from '../test/factories.js';
import { useTestEnv } from '../test/harness.js';
import { errorOf } from '../test/http.js';
import { connectKiosk, pairKiosk } from '../test/kitchen.js';
import { fillCart, seat, submitOrder } from '../test/orders.js';

const env = useTestEnv();
const TOKEN = 'scrape-token-0123456789';

const scrape = (url: string, token = TOKEN) =>
  fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });

function value(text: string, metric: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(metric));
  if (!line) throw new Error(`${metric} not in the scrape`);
  return Number(line.split(' ').at(-1));
}

describe('/metrics', () => {
  it('is scraped with its token: requests, orders by outcome, sockets, outbox and stream backlog', async () => {
    const { url, server } = await env.startServer({ METRICS_TOKEN: TOKEN });
    const restaurant = await buildRestaurant(env.db);
    const soup = await buildItem(env.db, await buildCategory(env.db, restaurant), { stock: 1 });
    const diner = await seat(url, (await buildTable(env.db, restaurant)).qr_token);
    await connectDiner(url, diner.joined.dinerToken);
    const cartVersion = await fillCart(env.redis, env.keys, diner, [{ item: soup, quantity: 1 }]);
    expect((await submitOrder(url, diner, { cartVersion })).status).toBe(201);
    expect((await submitOrder(url, diner, { cartVersion: 0 })).status).toBe(409);
    await server.deps.published.flush(); // marks wait a moment for company

    const response = await scrape(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await response.text();
    expect(value(text, 'tableside_orders_placed_total')).toBe(1);
    expect(value(text, 'tableside_orders_failed_total{code="CART_CHANGED"}')).toBe(1);
    expect(value(text, 'tableside_sockets{namespace="/diner"}')).toBe(1);
    expect(text).toMatch(
      /tableside_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/tables\/:qrToken\/orders",status="2xx"\} 1/,
    );
    expect(value(text, 'tableside_outbox_unpublished')).toBe(0);
    expect(text).toContain('tableside_stream_pending_entries');
    expect(text).toContain('tableside_nodejs_eventloop_lag_seconds');
    expect(text).not.toContain(diner.qrToken);
  });

  it('covers the operator’s list: conflicts, backlog age, lag, every namespace, each kiosk, the event loop', async () => {
    const { url } = await env.startServer({ METRICS_TOKEN: TOKEN });
    const restaurant = await buildRestaurant(env.db);
    const kiosk = await pairKiosk(url, env.db, restaurant.id);
    const quiet = await pairKiosk(url, env.db, restaurant.id);
    const connected = await connectKiosk(url, kiosk.token);
    expect(await connected.send('kitchen:sync', {})).toMatchObject({ ok: true });
    const { client } = await signedIn(url, env.db, restaurant.id, 'owner');
    const staff = io(`${url}/staff`, {
      transports: ['websocket'],
      extraHeaders: { cookie: client.cookie },
      forceNew: true,
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => staff.once('connect', resolve).once('connect_error', reject));

    const text = await (await scrape(url)).text();
    expect(value(text, 'tableside_sockets{namespace="/kitchen"}')).toBe(1);
    expect(value(text, 'tableside_sockets{namespace="/staff"}')).toBe(1);
    expect(value(text, 'tableside_sockets{namespace="/diner"}')).toBe(0);
    const seen = value(
      text,
      `tableside_kitchen_device_last_seen_timestamp_seconds{restaurant_id="${restaurant.id}",device_id="${kiosk.deviceId}"}`,
    );
    expect(Math.abs(seen - Date.now() / 1000)).toBeLessThan(60);
    expect(
      value(
        text,
        `tableside_kitchen_device_last_seen_timestamp_seconds{restaurant_id="${restaurant.id}",device_id="${quiet.deviceId}"}`,
      ),
    ).toBe(0);
    expect(value(text, 'tableside_kitchen_devices_unseen')).toBe(1);
    expect(value(text, 'tableside_stock_conflict_retries_total')).toBe(0);
    expect(value(text, 'tableside_outbox_oldest_unpublished_seconds')).toBe(0);
    expect(value(text, 'tableside_stream_consumer_lag')).toBeGreaterThanOrEqual(0);
    expect(value(text, 'tableside_nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(text).not.toContain(kiosk.token);
    staff.close();
    connected.close();
  });

  it('refuses a scrape without the token, and does not exist without one configured', async () => {
    const withToken = await env.startServer({ METRICS_TOKEN: TOKEN });
    expect((await errorOf(await scrape(withToken.url, 'wrong-token-0123456789'))).code).toBe('UNAUTHENTICATED');
    const without = await env.startServer();
    expect((await scrape(without.url)).status).toBe(404);
  });
});
