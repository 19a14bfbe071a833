import type { LocationSettings } from '@tableside/shared';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api';
import { useAdminLocationStore } from './locationStore';

const SAVED: LocationSettings = {
  policy: 'ip',
  latitude: 52.52,
  longitude: 13.405,
  radiusM: 100,
  allowedCidrs: ['10.1.0.0/16'],
};

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

describe('the owner’s location store', () => {
  it('saves new rules and keeps what the server saved', async () => {
    const store = useAdminLocationStore();
    answers.push({ status: 200, body: SAVED });
    await store.load();
    const gps = { ...SAVED, policy: 'gps' as const };
    answers.push({ status: 200, body: gps });
    await store.save(gps);
    expect(sent[1]).toMatchObject({ method: 'PUT', url: '/api/v1/admin/location', body: gps });
    expect(store.saved?.policy).toBe('gps');
  });

  it('keeps the saved rules when the server refuses new ones', async () => {
    const store = useAdminLocationStore();
    answers.push({ status: 200, body: SAVED });
    await store.load();
    answers.push({
      status: 400,
      body: {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'allowedCidrs: an IP policy needs at least one network',
          details: { fields: [{ path: 'allowedCidrs', message: 'an IP policy needs at least one network' }] },
        },
      },
    });
    await expect(store.save({ ...SAVED, allowedCidrs: [] })).rejects.toBeInstanceOf(ApiError);
    expect(store.saved).toEqual(SAVED);
  });

  it('asks for a dry run of proposed rules and a fix, and reads the refusal a diner would get', async () => {
    const store = useAdminLocationStore();
    const fix = { lat: 52.53, lng: 13.405, accuracyM: 10 };
    answers.push({
      status: 200,
      body: {
        accepted: false,
        clientIp: '198.51.100.7',
        clientNetwork: '198.51.100.7/32',
        distanceM: 1112,
        refusal: { code: 'OUTSIDE_GEOFENCE', message: 'You seem to be about 1112 m from the restaurant.' },
      },
    });
    const verdict = await store.dryRun({ settings: { ...SAVED, policy: 'gps' }, location: fix });
    expect(sent[0]).toMatchObject({
      method: 'POST',
      url: '/api/v1/admin/location/dry-run',
      body: { settings: { policy: 'gps' }, location: fix },
    });
    expect(verdict.accepted).toBe(false);
    if (!verdict.accepted) expect(verdict.refusal.code).toBe('OUTSIDE_GEOFENCE');
  });
});
