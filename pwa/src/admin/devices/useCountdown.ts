import { computed, onScopeDispose, ref, type Ref } from 'vue';

/** Whole seconds left until `until` (an ISO time), ticking each second; 0 in its last second and after. */
export function useCountdown(until: Ref<string | null | undefined>) {
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), 1000);
  onScopeDispose(() => clearInterval(timer));
  const secondsLeft = computed(() =>
    until.value ? Math.max(0, Math.floor((new Date(until.value).getTime() - now.value) / 1000)) : 0,
  );
  const text = computed(
    () => `${Math.floor(secondsLeft.value / 60)}:${String(secondsLeft.value % 60).padStart(2, '0')}`,
  );
  return { secondsLeft, text };
}
