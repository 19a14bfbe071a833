import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signedIn } from '../../../../server/src/test/admin.js';
import { newPairingCode } from '../../../../server/src/test/kitchen.js';
import { TEST_TIMINGS, until, useKitchenWorld } from '../../test/kitchenWorld.js';
import { startTcpProxy } from '../../test/tcpProxy.js';
import { startKioskCore } from '../kioskCore.js';

const world = useKitchenWorld();
const closing: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const each of closing) await each.close();
});

describe('pairing a kiosk', () => {
  it('asks for a code on first start, refuses a wrong one, and keeps the token readable by its user only', async () => {
    const { url } = await world.env.startServer();
    const restaurant = await world.restaurant();
    const dataDir = await world.dataDir();
    const kiosk = world.track(await startKioskCore({ dataDir, timings: TEST_TIMINGS }));
    expect(kiosk.state()).toMatchObject({ pairing: 'needed', connection: { status: 'unpaired' } });

    const request = { serverUrl: url, deviceName: 'Grill', restaurantName: 'Harbour Test' };
    expect(await kiosk.pair({ ...request, code: 'KTCH' })).toEqual({
      ok: false,
      message: 'A pairing code is 8 letters and digits, like KTCH-2026.',
    });
    expect(await kiosk.pair({ ...request, code: 'ABCD-EFGH' })).toEqual({
      ok: false,
      message: 'That pairing code is not valid. Ask the owner for a new one.',
    });
    const code = await newPairingCode(world.env.db, restaurant.id);
    expect(await kiosk.pair({ ...request, code: code.toLowerCase() })).toEqual({ ok: true });
    await until(kiosk, (state) => state.pairing === 'paired' && state.connection.status === 'online', 'online');

    const token = await stat(join(dataDir, 'device.json'));
    expect(token.mode & 0o777).toBe(0o600);
    expect(kiosk.state().settings).toMatchObject({ serverUrl: url, deviceName: 'Grill' });
  });

  it('stops using a revoked token, asks to be paired again, and works once it is', async () => {
    const server = await world.env.startServer();
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: server.port });
    closing.push(proxy);
    const restaurant = await world.restaurant();
    const dataDir = await world.dataDir();
    const kiosk = await world.startKiosk({ serverUrl: proxy.url, restaurant, dataDir });
    const [device] = await world.env.db('kitchen_devices').where({ restaurant_id: restaurant.id });

    const { client } = await signedIn(server.url, world.env.db, restaurant.id, 'manager');
    expect((await client.request('DELETE', `/devices/${device.id}`)).status).toBe(204);
    const refused = await until(kiosk, (state) => state.pairing === 'revoked', 'asked to pair again');
    expect(refused.connection.status).toBe('unpaired');
    await expect(stat(join(dataDir, 'device.json'))).rejects.toMatchObject({ code: 'ENOENT' });
    const attempts = proxy.attempts();
    await new Promise((resolve) => setTimeout(resolve, 4 * TEST_TIMINGS.backoff.capMs));
    expect(proxy.attempts()).toBe(attempts);

    const code = await newPairingCode(world.env.db, restaurant.id);
    const request = { serverUrl: proxy.url, code, deviceName: 'Pass', restaurantName: 'Harbour Test' };
    expect(await kiosk.pair(request)).toEqual({ ok: true });
    await until(kiosk, (state) => state.connection.status === 'online', 'online with the new token');
  });
});
