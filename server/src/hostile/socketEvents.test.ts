import {
  cartAddSchema,
  cartClearSchema,
  cartRemoveSchema,
  cartSetQuantitySchema,
  cartSyncSchema,
  kitchenAckSchema,
  kitchenBumpSchema,
  kitchenRecallSchema,
  kitchenSyncSchema,
} from '@tableside/shared';
import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { signedIn } from '../test/admin.js';
import { connectDiner, waitFor } from '../test/diners.js';
import { buildCategory, buildItem, buildOrder, buildRestaurant, buildSession, buildTable } from '../test/factories.js';
import { useTestEnv } from '../test/harness.js';
import {
  bodiesFor,
  expectNoPollution,
  expectRefusedAck,
  hostileValue,
  refusedBy,
  shapedLike,
} from '../test/hostile.js';
import { connectKiosk, pairKiosk } from '../test/kitchen.js';
import { seat } from '../test/orders.js';
import { expectNothingStored } from '../test/snapshot.js';

/**
 * Guarantee 7 on every client event of every namespace: payloads built from
 * the shared schemas and broken, payloads from nowhere, well-formed payloads
 * naming nothing that exists, and events nobody listens to. Every ack is
 * `{ ok: false, error }` in the wire shape, the socket stays connected, and
 * nothing stored changes.
 */
const env = useTestEnv();
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const emit = (socket: Socket, event: string, payload: unknown) =>
  socket.timeout(5_000).emitWithAck(event, payload) as Promise<unknown>;

/** Event names nobody handles, including ones that look like handled ones or like Socket.IO's own. */
const strangeEvent = fc
  .oneof(
    fc.constantFrom('cart:ADD', 'kitchen:sync ', 'order:placed', 'constructor', '__proto__', 'toString', 'admin:*'),
    fc.string({ minLength: 1, maxLength: 60 }),
  )
  .filter(
    (name) =>
      !['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'].includes(name),
  );

describe('hostile input over the sockets', () => {
  it('answers every event of /diner, /kitchen and /staff with a refusal, and changes nothing', async () => {
    const { url } = await env.startServer({ ROLE: 'client-api,admin-api,realtime' });
    const restaurant = await buildRestaurant(env.db);
    await buildItem(env.db, await buildCategory(env.db, restaurant), { stock: 4 });
    const table = await buildTable(env.db, restaurant);
    const diner = await seat(url, table.qr_token);
    const phone = await connectDiner(url, diner.joined.dinerToken);
    await phone.waitForVersion(0);
    await buildOrder(env.db, await buildSession(env.db, await buildTable(env.db, restaurant)));
    const device = await pairKiosk(url, env.db, restaurant.id);
    const kiosk = await connectKiosk(url, device.token);
    await waitFor(
      async () => (await env.db('kitchen_devices').where({ id: device.deviceId }).first()).last_seen_at ?? undefined,
      5_000,
      'the kiosk seen',
    );
    expect(await kiosk.send('kitchen:sync', {})).toMatchObject({ ok: true });
    const { client } = await signedIn(url, env.db, restaurant.id, 'owner');
    const staff = io(`${url}/staff`, {
      transports: ['websocket'],
      extraHeaders: { cookie: client.cookie },
      forceNew: true,
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => staff.once('connect', resolve).once('connect_error', reject));

    // Well-formed ops on lines, items and orders that do not exist are refused for that, and change nothing either.
    const events: [Socket, string, z.ZodType, boolean][] = [
      [phone.socket as unknown as Socket, 'cart:add', cartAddSchema, true],
      [phone.socket as unknown as Socket, 'cart:setQuantity', cartSetQuantitySchema, true],
      [phone.socket as unknown as Socket, 'cart:remove', cartRemoveSchema, true],
      [phone.socket as unknown as Socket, 'cart:clear', cartClearSchema, false],
      [phone.socket as unknown as Socket, 'cart:sync', cartSyncSchema, false],
      [kiosk.socket as unknown as Socket, 'kitchen:sync', kitchenSyncSchema, false],
      [kiosk.socket as unknown as Socket, 'kitchen:ack', kitchenAckSchema, true],
      [kiosk.socket as unknown as Socket, 'kitchen:bump', kitchenBumpSchema, true],
      [kiosk.socket as unknown as Socket, 'kitchen:recall', kitchenRecallSchema, true],
    ];
    for (const [socket, event, schema, shapedToo] of events) {
      await expectNothingStored(env, event, () =>
        fc.assert(
          fc.asyncProperty(bodiesFor(schema, shapedToo), async (payload) => {
            expectRefusedAck(await emit(socket, event, payload), `${event} ${JSON.stringify(payload)?.slice(0, 120)}`);
          }),
          { numRuns: RUNS },
        ),
      );
    }

    const namespaces: [string, Socket][] = [
      ['/diner', phone.socket as unknown as Socket],
      ['/kitchen', kiosk.socket as unknown as Socket],
      ['/staff', staff],
    ];
    for (const [namespace, socket] of namespaces) {
      await expectNothingStored(env, `unknown events on ${namespace}`, () =>
        fc.assert(
          fc.asyncProperty(strangeEvent, hostileValue, async (event, payload) => {
            const ack = await emit(socket, event, payload);
            expectRefusedAck(ack, `${namespace} ${event}`);
            expect((ack as { error: { code: string } }).error.code).toBe('NOT_FOUND');
          }),
          { numRuns: Math.ceil(RUNS / 3) },
        ),
      );
    }

    // A socket that sends no ack gets nothing, and its event is not run: the cart stays as it was.
    await expectNothingStored(env, 'events without an ack', async () => {
      for (const payload of fc.sample(fc.oneof(refusedBy(cartAddSchema), shapedLike(cartClearSchema)), 50)) {
        (phone.socket as unknown as Socket).emit('cart:clear', payload);
      }
      expect(await emit(phone.socket as unknown as Socket, 'cart:sync', {})).toMatchObject({ ok: true });
    });

    for (const [, socket] of namespaces) expect(socket.connected).toBe(true);
    expectNoPollution();
    staff.close();
  }, 180_000);
});
