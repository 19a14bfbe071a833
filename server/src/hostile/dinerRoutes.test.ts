import { randomUUID } from 'node:crypto';
import { joinTableBodySchema, pairDeviceBodySchema, placeOrderBodySchema } from '@tableside/shared';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { buildCategory, buildItem, buildRestaurant, buildTable } from '../test/factories.js';
import { useTestEnv } from '../test/harness.js';
import {
  bodiesFor,
  encodeUrlPart,
  expectNoPollution,
  expectRefusal,
  hostileSegment,
  hostileValue,
  refusedBy,
} from '../test/hostile.js';
import { seat } from '../test/orders.js';
import { expectNothingStored } from '../test/snapshot.js';

/**
 * Guarantee 7 on the diner's and the kiosk's HTTP routes: bodies built from
 * the shared schemas and broken, bodies from nowhere, odd tokens in the path,
 * odd headers. Every answer is a 4xx in the wire shape that leaks nothing,
 * and nothing stored changes (compared once per route, around all its cases).
 */
const env = useTestEnv();
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);

describe('hostile input to the diner and kitchen routes', () => {
  it('refuses every broken body, token and header on every route, and changes nothing', async () => {
    // No realtime or relay: nothing in the background may write while state is compared.
    const { url } = await env.startServer({ ROLE: 'client-api' });
    const restaurant = await buildRestaurant(env.db);
    await buildItem(env.db, await buildCategory(env.db, restaurant), { stock: 3 });
    const table = await buildTable(env.db, restaurant);
    const diner = await seat(url, table.qr_token);
    const token = diner.joined.dinerToken;
    const tables = `/api/v1/tables`;

    /** Sends `body` as JSON (a value JSON cannot hold goes as the text `undefined`); GETs send none. */
    const send = async (method: string, path: string, headers: Record<string, string>, ...body: [unknown?]) => {
      const text = body.length === 0 ? undefined : (JSON.stringify(body[0]) ?? 'undefined');
      const response = await fetch(`${url}${path}`, {
        method,
        headers: text === undefined ? headers : { 'content-type': 'application/json', ...headers },
        body: text,
      });
      expectRefusal(response.status, await response.text(), `${method} ${path} ${text?.slice(0, 120)}`);
    };
    const authorization = fc.oneof(
      fc.constant(`Bearer ${token}`),
      fc.constant(`Bearer ${token.slice(0, -2)}xx`),
      fc.string({ maxLength: 600 }).map((text) => `Bearer ${text}`),
      fc.constantFrom('Bearer', 'Basic YWRtaW46YWRtaW4=', `Token ${token}`, `Bearer ${token}.${token}`),
    );

    const check = async <Ts extends [unknown, ...unknown[]]>(name: string, property: fc.IAsyncProperty<Ts>) =>
      expectNothingStored(env, name, () => fc.assert(property, { numRuns: RUNS }));
    await check(
      'POST join with a broken body',
      fc.asyncProperty(refusedBy(joinTableBodySchema), (body) =>
        send('POST', `${tables}/${table.qr_token}/join`, {}, body),
      ),
    );
    await check(
      'POST join at a table that is not there',
      fc.asyncProperty(hostileSegment, bodiesFor(joinTableBodySchema, true), (qrToken, body) =>
        send('POST', `${tables}/${encodeUrlPart(qrToken)}/join`, {}, body),
      ),
    );
    await check(
      'POST orders with a broken body, key or token',
      fc.asyncProperty(
        bodiesFor(placeOrderBodySchema, true),
        fc.option(fc.oneof(fc.uuid({ version: 4 }), fc.string({ maxLength: 100 })), { nil: undefined }),
        authorization,
        async (body, key, auth) => {
          // A well-formed submit with the table's own token must be refused for something else: the cart is empty.
          await send(
            'POST',
            `${tables}/${table.qr_token}/orders`,
            { authorization: auth, ...(key === undefined ? {} : { 'idempotency-key': key }) },
            body,
          );
        },
      ),
    );
    await check(
      'POST orders at a table that is not there',
      fc.asyncProperty(hostileSegment, bodiesFor(placeOrderBodySchema, true), (qrToken, body) =>
        send(
          'POST',
          `${tables}/${encodeUrlPart(qrToken)}/orders`,
          { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
          body,
        ),
      ),
    );
    await check(
      'GET landing, menu, session and orders with odd tokens',
      fc.asyncProperty(
        hostileSegment,
        fc.constantFrom('', '/menu', '/session', '/orders'),
        fc.string({ maxLength: 100 }),
        (qrToken, path, query) => send('GET', `${tables}/${encodeUrlPart(qrToken)}${path}?${encodeUrlPart(query)}`, {}),
      ),
    );
    await check(
      'GET session and orders with odd diner tokens',
      fc.asyncProperty(
        authorization.filter((auth) => auth !== `Bearer ${token}`),
        fc.constantFrom('/session', '/orders'),
        (auth, path) => send('GET', `${tables}/${table.qr_token}${path}`, { authorization: auth }),
      ),
    );
    await check(
      'POST kitchen pair with a broken or unknown code',
      fc.asyncProperty(bodiesFor(pairDeviceBodySchema, true), (body) => send('POST', '/api/v1/kitchen/pair', {}, body)),
    );
    await check(
      'every route with a body that is not JSON',
      fc.asyncProperty(
        fc.constantFrom(
          `${tables}/${table.qr_token}/join`,
          `${tables}/${table.qr_token}/orders`,
          '/api/v1/kitchen/pair',
        ),
        fc
          .oneof(
            fc.string({ maxLength: 200 }),
            hostileValue.map((value) => (JSON.stringify(value) ?? '').slice(0, -1)),
          )
          .filter((text) => text.trim() !== '' && !parsesAsJson(text)),
        fc.constantFrom(
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/json; charset=latin1',
        ),
        async (path, text, type) => {
          const response = await fetch(`${url}${path}`, {
            method: 'POST',
            headers: { 'content-type': type, authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
            body: text,
          });
          expectRefusal(response.status, await response.text(), `POST ${path} ${type} ${text.slice(0, 80)}`);
        },
      ),
    );

    expectNoPollution();
  }, 120_000);
});

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
