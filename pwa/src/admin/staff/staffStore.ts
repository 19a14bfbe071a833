import { staffListSchema, staffUserAnswerSchema, type StaffRole, type StaffUser } from '@tableside/shared';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { z } from 'zod';
import { adminRequest } from '../api';

export type LoadState = 'idle' | 'loading' | 'done' | 'error';

export interface Invite {
  email: string;
  displayName: string;
  role: StaffRole;
  password: string;
}

/** Who works here and with which role; owners invite, change roles and remove (never themselves). */
export const useAdminStaffStore = defineStore('admin-staff', () => {
  const staff = ref<StaffUser[]>([]);
  const state = ref<LoadState>('idle');
  const loadError = shallowRef<unknown>(null);

  async function load(): Promise<void> {
    if (state.value !== 'done') state.value = 'loading';
    try {
      staff.value = (await adminRequest('/staff', staffListSchema)).data.staff;
      state.value = 'done';
    } catch (error) {
      loadError.value = error;
      if (state.value !== 'done') state.value = 'error';
      throw error;
    }
  }

  async function invite(body: Invite): Promise<StaffUser> {
    const { user } = (await adminRequest('/staff', staffUserAnswerSchema, { method: 'POST', body })).data;
    staff.value = [...staff.value, user];
    return user;
  }

  async function changeRole(id: string, role: StaffRole): Promise<StaffUser> {
    const { user } = (await adminRequest(`/staff/${id}`, staffUserAnswerSchema, { method: 'PATCH', body: { role } }))
      .data;
    staff.value = staff.value.map((each) => (each.id === id ? user : each));
    return user;
  }

  /** Removes the account and signs it out everywhere at once. */
  async function remove(id: string): Promise<void> {
    await adminRequest(`/staff/${id}`, z.undefined(), { method: 'DELETE' });
    staff.value = staff.value.filter((each) => each.id !== id);
  }

  return { staff, state, loadError, load, invite, changeRole, remove };
});
