import { onScopeDispose, ref } from 'vue';

/** The time, ticking every second: what the tickets' age timers count from. */
export function useNow() {
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), 1_000);
  onScopeDispose(() => clearInterval(timer));
  return now;
}
