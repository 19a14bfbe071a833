import { joinTableResponseSchema, tableLandingSchema, tableSessionSchema } from '@tableside/shared';
import { describe, expect, it } from 'vitest';
import { createTestClock } from '../test/clock.js';
import { buildRestaurant, buildTable, newQrToken } from '../test/factories.js';
import { useTestEnv } from '../test/harness.js';
import { errorOf, json } from '../test/http.js';
import { join } from '../test/tables.js';
import { sweepIdleSessions } from './sessions.js';

const env = useTestEnv();

async function aTable(overrides: Record<string, unknown> = {}) {
  const restaurant = await buildRestaurant(env.db);
  return buildTable(env.db, restaurant, overrides);
}

/** Rows the diner-entry routes could write; compared before and after a refused request. */
async function snapshot() {
  const count = async (table: string) =>
    (await env.db(table).count<{ count: number }>('* as count').first())?.count ?? 0;
  return { sessions: await count('table_sessions'), diners: await count('diners') };
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('joining a table', () => {
  it('puts two phones at one table in the same session, as different diners', async () => {
    const { url } = await env.startServer();
    const table = await aTable();
    const response = await post(`${url}/api/v1/tables/${table.qr_token}/join`, {});
    expect(response.status).toBe(201);
    const a = joinTableResponseSchema.parse(await response.json());
    const b = await join(url, table.qr_token, { displayName: 'Bea' });

    expect(b.session.id).toBe(a.session.id);
    expect(b.diner.id).not.toBe(a.diner.id);
    expect(a.diner.displayName).toBe('Guest 1');
    expect(b.diner.displayName).toBe('Bea');
    expect(a.diner.color).not.toBe(b.diner.color);
    expect(a.table).toEqual({ id: table.id, label: table.label });
  });

  it('never puts a diner of table 1 into the session of table 2', async () => {
    const { url } = await env.startServer();
    const restaurant = await buildRestaurant(env.db);
    const one = await buildTable(env.db, restaurant);
    const two = await buildTable(env.db, restaurant);
    const atOne = await join(url, one.qr_token);
    const atTwo = await join(url, two.qr_token, { token: atOne.dinerToken });
    expect(atTwo.session.id).not.toBe(atOne.session.id);
    expect(atTwo.diner.id).not.toBe(atOne.diner.id);
    const sessionOfTwo = await env.db('table_sessions').where({ id: atTwo.session.id }).first();
    expect(sessionOfTwo.table_id).toBe(two.id);
  });

  it('keeps the diner of a phone that joins again with its token', async () => {
    const { url } = await env.startServer();
    const table = await aTable();
    const first = await join(url, table.qr_token, { displayName: 'Ana' });
    const again = await post(
      `${url}/api/v1/tables/${table.qr_token}/join`,
      {},
      { authorization: `Bearer ${first.dinerToken}` },
    );
    expect(again.status).toBe(200);
    const body = joinTableResponseSchema.parse(await again.json());
    expect(body.diner).toEqual(first.diner);
    expect(body.session.id).toBe(first.session.id);
  });

  it('gives a name that is taken a suffix, so names stay unique at the table', async () => {
    const { url } = await env.startServer();
    const table = await aTable();
    await join(url, table.qr_token, { displayName: 'Kim' });
    const second = await join(url, table.qr_token, { displayName: 'kim' });
    expect(second.diner.displayName).toBe('kim 2');
  });

  it('opens exactly one session when 20 phones scan at the same moment', async () => {
    const { url } = await env.startServer();
    const table = await aTable();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => post(`${url}/api/v1/tables/${table.qr_token}/join`, {})),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(201));
    const bodies = await Promise.all(responses.map((response) => json<{ session: { id: string } }>(response)));
    expect(new Set(bodies.map((body) => body.session.id)).size).toBe(1);
    const open = await env.db('table_sessions').where({ table_id: table.id }).whereNull('closed_at');
    expect(open).toHaveLength(1);
    const names = await env.db('diners').where({ session_id: open[0].id }).pluck('display_name');
    expect(new Set(names).size).toBe(20);
  });

  it('opens no session for a scan that raced a QR rotation', async () => {
    const table = await aTable();
    const { openSession } = await import('./repo.js');
    const { findActiveTable } = await import('./repo.js');
    const context = (await findActiveTable(env.db, table.qr_token))!;
    await env.db('tables').where({ id: table.id }).update({ qr_token: newQrToken() });
    expect(await openSession(env.db, context, table.qr_token, new Date())).toBeUndefined();
    expect(await env.db('table_sessions').where({ table_id: table.id })).toEqual([]);
  });

  it('shows the landing screen who is already seated', async () => {
    const { url } = await env.startServer();
    const table = await aTable();
    const empty = tableLandingSchema.parse(await (await fetch(`${url}/api/v1/tables/${table.qr_token}`)).json());
    expect(empty).toEqual({
      restaurant: { name: 'Test Kitchen', currency: 'EUR', locationPolicy: 'off' },
      table: { label: table.label },
      seated: [],
    });
    const ana = await join(url, table.qr_token, { displayName: 'Ana' });
    const landing = tableLandingSchema.parse(await (await fetch(`${url}/api/v1/tables/${table.qr_token}`)).json());
    expect(landing.seated).toEqual([{ displayName: 'Ana', color: ana.diner.color }]);
  });

  it('tells a phone after a reload who it is and who else is at the table', async () => {
    const { url } = await env.startServer();
    const table = await aTable();
    const ana = await join(url, table.qr_token, { displayName: 'Ana' });
    const ben = await join(url, table.qr_token, { displayName: 'Ben' });
    const response = await fetch(`${url}/api/v1/tables/${table.qr_token}/session`, {
      headers: { authorization: `Bearer ${ben.dinerToken}` },
    });
    expect(response.status).toBe(200);
    const session = tableSessionSchema.parse(await response.json());
    expect(session.diner).toEqual(ben.diner);
    expect(session.diners).toEqual([ana.diner, ben.diner]);
  });
});

describe('refusals change nothing', () => {
  it('answers a malformed code with 400 INVALID_TOKEN', async () => {
    const { url } = await env.startServer();
    const before = await snapshot();
    for (const path of ['short', 'has%20space%20in%20it%20and%20more', `${'x'.repeat(65)}`]) {
      const join = await post(`${url}/api/v1/tables/${path}/join`, {});
      expect(join.status).toBe(400);
      expect((await errorOf(join)).code).toBe('INVALID_TOKEN');
      expect((await errorOf(await fetch(`${url}/api/v1/tables/${path}/menu`))).code).toBe('INVALID_TOKEN');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('answers an unknown, rotated or inactive code with 404 TABLE_NOT_FOUND', async () => {
    const { url } = await env.startServer();
    const rotated = await aTable();
    const oldToken = rotated.qr_token;
    await env.db('tables').where({ id: rotated.id }).update({ qr_token: newQrToken() });
    const inactive = await aTable({ active: false });
    const before = await snapshot();
    for (const token of [newQrToken(), oldToken, inactive.qr_token]) {
      for (const response of [
        await post(`${url}/api/v1/tables/${token}/join`, {}),
        await fetch(`${url}/api/v1/tables/${token}`),
        await fetch(`${url}/api/v1/tables/${token}/menu`),
      ]) {
        expect(response.status).toBe(404);
        const error = await errorOf(response);
        expect(error.code).toBe('TABLE_NOT_FOUND');
        expect(error.message).toMatch(/ask the staff/);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('answers a bad join body with 400 naming the field', async () => {
    const { url } = await env.startServer();
    const table = await aTable();
    const before = await snapshot();
    const cases: [unknown, string][] = [
      [{ displayName: 'x'.repeat(41) }, 'displayName'],
      [{ displayName: '' }, 'displayName'],
      [{ displayName: 'a\u0000b' }, 'displayName'],
      [{ displayName: 42 }, 'displayName'],
      [{ displayName: 'Ana', priceCents: 0 }, ''],
      [[1, 2], ''],
    ];
    for (const [body, field] of cases) {
      const response = await post(`${url}/api/v1/tables/${table.qr_token}/join`, body);
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe('VALIDATION_FAILED');
      if (field) expect(error.message).toMatch(new RegExp(`^${field}:`));
    }
    const invalidJson = await post(`${url}/api/v1/tables/${table.qr_token}/join`, '{"displayName":');
    expect((await errorOf(invalidJson)).code).toBe('INVALID_JSON');
    expect(await snapshot()).toEqual(before);
  });

  it('answers a token of another table with 404 and a forged one with 401', async () => {
    const { url } = await env.startServer();
    const restaurant = await buildRestaurant(env.db);
    const one = await buildTable(env.db, restaurant);
    const two = await buildTable(env.db, restaurant);
    const atOne = await join(url, one.qr_token);
    const session = (token: string, table = two.qr_token) =>
      fetch(`${url}/api/v1/tables/${table}/session`, { headers: { authorization: `Bearer ${token}` } });

    expect((await errorOf(await session(atOne.dinerToken))).code).toBe('TABLE_NOT_FOUND');
    const [version, payload, signature] = atOne.dinerToken.split('.');
    const forged = `${version}.${payload}.${signature!.slice(0, -2)}xx`;
    const response = await session(forged, one.qr_token);
    expect(response.status).toBe(401);
    expect((await errorOf(response)).code).toBe('UNAUTHENTICATED');
    expect((await session('', one.qr_token)).status).toBe(401);
  });

  it('rate-limits joins per client address with 429 and Retry-After', async () => {
    // Its own key prefix: the other tests' joins came from this address too.
    const { url } = await env.startServer({ JOIN_RATE_PER_MINUTE: '3', REDIS_KEY_PREFIX: `${env.prefix}limited:` });
    const table = await aTable();
    for (let i = 0; i < 3; i++) await join(url, table.qr_token);
    const before = await snapshot();
    const limited = await post(`${url}/api/v1/tables/${table.qr_token}/join`, {});
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await errorOf(limited)).code).toBe('RATE_LIMITED');
    expect(await snapshot()).toEqual(before);
  });
});

describe('the end of a sitting', () => {
  it('refuses the token of a closed session with 401 SESSION_CLOSED; the next scan opens a new one', async () => {
    const { url } = await env.startServer();
    const table = await aTable();
    const diner = await join(url, table.qr_token);
    await env
      .db('table_sessions')
      .where({ id: diner.session.id })
      .update({ closed_at: new Date(), closed_reason: 'staff' });

    const response = await fetch(`${url}/api/v1/tables/${table.qr_token}/session`, {
      headers: { authorization: `Bearer ${diner.dinerToken}` },
    });
    expect(response.status).toBe(401);
    expect((await errorOf(response)).code).toBe('SESSION_CLOSED');

    const next = await join(url, table.qr_token, { token: diner.dinerToken });
    expect(next.session.id).not.toBe(diner.session.id);
    expect(next.diner.id).not.toBe(diner.diner.id);
  });

  it('closes a session idle past its time, whether a diner or the sweeper finds it first', async () => {
    const clock = createTestClock();
    const { url } = await env.startServer({ SESSION_IDLE_MINUTES: '180' }, { clock });
    const table = await aTable();
    const other = await aTable();
    const diner = await join(url, table.qr_token);
    const otherDiner = await join(url, other.qr_token);

    clock.advance(179 * 60_000);
    expect(await sweepIdleSessions({ db: env.db, clock }, { idleMinutes: 180 })).not.toContain(otherDiner.session.id);
    clock.advance(2 * 60_000);

    const response = await fetch(`${url}/api/v1/tables/${table.qr_token}/session`, {
      headers: { authorization: `Bearer ${diner.dinerToken}` },
    });
    expect((await errorOf(response)).code).toBe('SESSION_CLOSED');
    expect(await sweepIdleSessions({ db: env.db, clock }, { idleMinutes: 180 })).toContain(otherDiner.session.id);
    const closed = await env.db('table_sessions').whereIn('id', [diner.session.id, otherDiner.session.id]);
    expect(closed.map((session) => session.closed_reason)).toEqual(['idle', 'idle']);
  });
});
