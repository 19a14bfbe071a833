import type { AdminTable } from '@tableside/shared';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api';
import { useAdminTablesStore } from './tablesStore';

const table = (label: string, id: string, qrToken = 'a'.repeat(32)): AdminTable => ({
  id,
  label,
  seats: 4,
  active: true,
  qrToken,
  dinerUrl: `https://harbour.example/t/${qrToken}`,
  sessionOpen: false,
});
const T2 = table('2', '11111111-1111-4111-8111-111111111111');
const T10 = table('10', '22222222-2222-4222-8222-222222222222');

let answers: { status: number; body: unknown }[] = [];
const sent: { method: string; url: string; body: unknown }[] = [];

beforeEach(() => {
  setActivePinia(createPinia());
  answers = [];
  sent.length = 0;
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    sent.push({ method: init.method ?? 'GET', url, body: init.body && JSON.parse(String(init.body)) });
    const next = answers.shift();
    if (!next) return Promise.reject(new TypeError('Failed to fetch'));
    return Promise.resolve(new Response(JSON.stringify(next.body), { status: next.status }));
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('the owner’s tables store', () => {
  it('loads the tables, and keeps a new one in natural label order', async () => {
    const store = useAdminTablesStore();
    answers.push({ status: 200, body: { tables: [T2, T10] } });
    await store.load();
    answers.push({ status: 201, body: table('3', '33333333-3333-4333-8333-333333333333') });
    await store.create({ label: '3', seats: 2 });
    expect(sent[1]).toMatchObject({ method: 'POST', url: '/api/v1/admin/tables', body: { label: '3', seats: 2 } });
    expect(store.tables.map((each) => each.label)).toEqual(['2', '3', '10']);
  });

  it('shows a rotated code’s new link in place', async () => {
    const store = useAdminTablesStore();
    answers.push({ status: 200, body: { tables: [T2, T10] } });
    await store.load();
    answers.push({ status: 200, body: table('2', T2.id, 'b'.repeat(32)) });
    await store.rotate(T2.id);
    expect(sent[1]).toMatchObject({ method: 'POST', url: `/api/v1/admin/tables/${T2.id}/rotate-qr` });
    expect(store.tables[0]?.dinerUrl).toBe(`https://harbour.example/t/${'b'.repeat(32)}`);
  });

  it('a failed first load is an error state; a failed reload keeps the list', async () => {
    const store = useAdminTablesStore();
    await expect(store.load()).rejects.toThrow();
    expect(store.state).toBe('error');
    answers.push({ status: 200, body: { tables: [T2] } });
    await store.load();
    answers.push({ status: 503, body: { error: { code: 'DEPENDENCY_UNAVAILABLE', message: 'Try again.' } } });
    await expect(store.load()).rejects.toBeInstanceOf(ApiError);
    expect(store.state).toBe('done');
    expect(store.tables).toHaveLength(1);
  });
});
