import { onScopeDispose, shallowRef } from 'vue';
import type { KioskState } from '../../core/kioskApi.js';
import { kioskApi } from '../api/kioskApi.js';

/** The core's state, replaced whole on every change; undefined until the first one arrives. */
export function useKioskState() {
  const state = shallowRef<KioskState>();
  const unsubscribe = kioskApi.subscribe((next) => {
    state.value = next;
  });
  onScopeDispose(unsubscribe);
  return state;
}
