import {
  kitchenDeviceListSchema,
  pairingCodeResponseSchema,
  type KitchenDevice,
  type PairingCodeResponse,
} from '@tableside/shared';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { z } from 'zod';
import { adminRequest } from '../api';

export type LoadState = 'idle' | 'loading' | 'done' | 'error';

/**
 * The kitchen's paired devices (online or not, orders they have not
 * acknowledged), the pairing code a new one is waiting for, and revoking.
 */
export const useAdminDevicesStore = defineStore('admin-devices', () => {
  const devices = ref<KitchenDevice[]>([]);
  const state = ref<LoadState>('idle');
  const loadError = shallowRef<unknown>(null);
  const pairing = ref<PairingCodeResponse | null>(null);
  /** The devices listed when the code was made: one not among them paired with it (codes work once). */
  let listedAtPairing = new Set<string>();
  const pairedDevice = computed(() =>
    pairing.value ? (devices.value.find((device) => !listedAtPairing.has(device.id)) ?? null) : null,
  );

  async function load(): Promise<void> {
    if (state.value !== 'done') state.value = 'loading';
    try {
      devices.value = (await adminRequest('/devices', kitchenDeviceListSchema)).data.devices;
      state.value = 'done';
    } catch (error) {
      loadError.value = error;
      if (state.value !== 'done') state.value = 'error';
      throw error;
    }
  }

  /** A fresh one-time code for the next device; the previous one still works until it expires. */
  async function createPairingCode(): Promise<PairingCodeResponse> {
    listedAtPairing = new Set(devices.value.map((device) => device.id));
    pairing.value = (await adminRequest('/devices/pairing-codes', pairingCodeResponseSchema, { method: 'POST' })).data;
    return pairing.value;
  }

  /** Cuts the device off at once: its sockets are closed and its token no longer works. */
  async function revoke(id: string): Promise<void> {
    await adminRequest(`/devices/${id}`, z.undefined(), { method: 'DELETE' });
    devices.value = devices.value.filter((device) => device.id !== id);
  }

  return { devices, state, loadError, pairing, pairedDevice, load, createPairingCode, revoke };
});
