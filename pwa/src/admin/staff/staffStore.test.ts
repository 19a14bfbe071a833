import type { StaffUser } from '@tableside/shared';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAdminStaffStore } from './staffStore';

const OWNER: StaffUser = {
  id: '11111111-1111-4111-8111-111111111111',
  email: 'owner@harbour.example',
  displayName: 'Olga',
  role: 'owner',
};
const COOK: StaffUser = {
  id: '22222222-2222-4222-8222-222222222222',
  email: 'cook@harbour.example',
  displayName: 'Carl',
  role: 'staff',
};

let answers: { status: number; body?: unknown }[] = [];
const sent: { method: string; url: string; body: unknown }[] = [];

beforeEach(() => {
  setActivePinia(createPinia());
  answers = [];
  sent.length = 0;
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    sent.push({ method: init.method ?? 'GET', url, body: init.body && JSON.parse(String(init.body)) });
    const next = answers.shift();
    if (!next) return Promise.reject(new TypeError('Failed to fetch'));
    const body = next.body === undefined ? null : JSON.stringify(next.body);
    return Promise.resolve(new Response(body, { status: next.status }));
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('the owner’s staff store', () => {
  it('invites, changes a role and removes, keeping the list as the server says', async () => {
    const store = useAdminStaffStore();
    answers.push({ status: 200, body: { staff: [OWNER] } });
    await store.load();
    answers.push({ status: 201, body: { user: COOK } });
    await store.invite({ email: COOK.email, displayName: 'Carl', role: 'staff', password: 'a long first password' });
    answers.push({ status: 200, body: { user: { ...COOK, role: 'manager' } } });
    await store.changeRole(COOK.id, 'manager');
    expect(sent[2]).toMatchObject({
      method: 'PATCH',
      url: `/api/v1/admin/staff/${COOK.id}`,
      body: { role: 'manager' },
    });
    expect(store.staff.map((user) => user.role)).toEqual(['owner', 'manager']);
    answers.push({ status: 204 });
    await store.remove(COOK.id);
    expect(store.staff).toEqual([OWNER]);
  });

  it('a refused invite adds nobody', async () => {
    const store = useAdminStaffStore();
    answers.push({ status: 200, body: { staff: [OWNER] } });
    await store.load();
    answers.push({
      status: 400,
      body: {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'email: already has an account',
          details: { fields: [{ path: 'email', message: 'already has an account' }] },
        },
      },
    });
    await expect(
      store.invite({ email: OWNER.email, displayName: 'Again', role: 'staff', password: 'a long first password' }),
    ).rejects.toThrow('email: already has an account');
    expect(store.staff).toEqual([OWNER]);
  });
});
