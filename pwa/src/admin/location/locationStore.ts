import {
  locationDryRunSchema,
  locationSettingsSchema,
  type LocationDryRun,
  type LocationDryRunBody,
  type LocationSettings,
} from '@tableside/shared';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { adminRequest } from '../api';

export type LoadState = 'idle' | 'loading' | 'done' | 'error';

/**
 * Where orders may come from: the saved rules, saving new ones, and the dry
 * run that asks the server whether an order from this tablet would pass.
 */
export const useAdminLocationStore = defineStore('admin-location', () => {
  const saved = ref<LocationSettings | null>(null);
  const state = ref<LoadState>('idle');
  const loadError = shallowRef<unknown>(null);

  async function load(): Promise<void> {
    if (!saved.value) state.value = 'loading';
    try {
      saved.value = (await adminRequest('/location', locationSettingsSchema)).data;
      state.value = 'done';
    } catch (error) {
      loadError.value = error;
      if (!saved.value) state.value = 'error';
      throw error;
    }
  }

  async function save(settings: LocationSettings): Promise<LocationSettings> {
    saved.value = (await adminRequest('/location', locationSettingsSchema, { method: 'PUT', body: settings })).data;
    return saved.value;
  }

  /** The server's verdict on an order from here, under the saved rules or (`settings`) proposed ones. */
  async function dryRun(body: LocationDryRunBody): Promise<LocationDryRun> {
    return (await adminRequest('/location/dry-run', locationDryRunSchema, { method: 'POST', body })).data;
  }

  return { saved, state, loadError, load, save, dryRun };
});
