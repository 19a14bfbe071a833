import type { KitchenDevice } from '@tableside/shared';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAdminDevicesStore } from './devicesStore';

const PASS: KitchenDevice = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'Pass',
  createdAt: '2026-11-25T17:00:00.000Z',
  lastSeenAt: '2026-11-25T18:00:00.000Z',
  online: true,
  pendingAcks: 2,
};
const GRILL: KitchenDevice = { ...PASS, id: '22222222-2222-4222-8222-222222222222', name: 'Grill', pendingAcks: 0 };

let answers: { status: number; body?: unknown }[] = [];
const sent: { method: string; url: string }[] = [];

beforeEach(() => {
  setActivePinia(createPinia());
  answers = [];
  sent.length = 0;
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    sent.push({ method: init.method ?? 'GET', url });
    const next = answers.shift();
    if (!next) return Promise.reject(new TypeError('Failed to fetch'));
    const body = next.body === undefined ? null : JSON.stringify(next.body);
    return Promise.resolve(new Response(body, { status: next.status }));
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('the owner’s kitchen devices store', () => {
  it('lists devices with their pending acknowledgements', async () => {
    const store = useAdminDevicesStore();
    answers.push({ status: 200, body: { devices: [PASS, GRILL] } });
    await store.load();
    expect(store.devices.map((device) => [device.name, device.pendingAcks])).toEqual([
      ['Pass', 2],
      ['Grill', 0],
    ]);
  });

  it('keeps the newest pairing code to show', async () => {
    const store = useAdminDevicesStore();
    answers.push({ status: 201, body: { code: 'ABCD-EFGH', expiresAt: '2026-11-25T18:10:00.000Z' } });
    await store.createPairingCode();
    expect(sent[0]).toEqual({ method: 'POST', url: '/api/v1/admin/devices/pairing-codes' });
    expect(store.pairing?.code).toBe('ABCD-EFGH');
  });

  it('knows which device paired with the code shown: the first one the list did not have before', async () => {
    const store = useAdminDevicesStore();
    answers.push({ status: 200, body: { devices: [PASS] } });
    await store.load();
    answers.push({ status: 201, body: { code: 'ABCD-EFGH', expiresAt: '2026-11-25T18:10:00.000Z' } });
    await store.createPairingCode();
    expect(store.pairedDevice).toBeNull();
    answers.push({ status: 200, body: { devices: [PASS, GRILL] } });
    await store.load();
    expect(store.pairedDevice?.name).toBe('Grill');
  });

  it('a revoked device leaves the list; a refused revoke leaves it there', async () => {
    const store = useAdminDevicesStore();
    answers.push({ status: 200, body: { devices: [PASS, GRILL] } });
    await store.load();
    answers.push({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'No such kitchen device.' } } });
    await expect(store.revoke(GRILL.id)).rejects.toThrow('No such kitchen device.');
    expect(store.devices).toHaveLength(2);
    answers.push({ status: 204 });
    await store.revoke(GRILL.id);
    expect(sent[2]).toEqual({ method: 'DELETE', url: `/api/v1/admin/devices/${GRILL.id}` });
    expect(store.devices.map((device) => device.name)).toEqual(['Pass']);
  });
});
