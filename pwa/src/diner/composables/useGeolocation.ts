import type { LocationFix } from '@tableside/shared';
import { ref } from 'vue';

export type LocationState = 'idle' | 'loading' | 'done' | 'error';
export type LocationFailure = 'denied' | 'timeout' | 'unavailable' | 'unsupported';

// A fresh fix every time: "try again" after a refusal must not send the refused position again.
const OPTIONS: PositionOptions = { enableHighAccuracy: true, timeout: 15_000, maximumAge: 0 };

/**
 * One location fix for an order, asked for only when the diner presses the
 * button that says why. Refusal, time-out and "no fix" each have their own
 * failure; a fix of any accuracy is returned (the server judges it, and says
 * what is wrong if it is too rough).
 */
export function useGeolocation() {
  const state = ref<LocationState>('idle');
  const failure = ref<LocationFailure | null>(null);

  function locate(): Promise<LocationFix | null> {
    failure.value = null;
    if (!('geolocation' in navigator)) {
      state.value = 'error';
      failure.value = 'unsupported';
      return Promise.resolve(null);
    }
    state.value = 'loading';
    return new Promise((resolve) => {
      navigator.geolocation.getCurrentPosition(
        (position) => {
          state.value = 'done';
          resolve({
            lat: position.coords.latitude,
            lng: position.coords.longitude,
            accuracyM: Math.min(Math.max(position.coords.accuracy, 1), 100_000),
          });
        },
        (error) => {
          state.value = 'error';
          failure.value =
            error.code === error.PERMISSION_DENIED
              ? 'denied'
              : error.code === error.TIMEOUT
                ? 'timeout'
                : 'unavailable';
          resolve(null);
        },
        OPTIONS,
      );
    });
  }

  return { state, failure, locate };
}
