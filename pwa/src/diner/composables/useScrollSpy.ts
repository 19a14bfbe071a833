import { onBeforeUnmount, ref, watch, type Ref } from 'vue';

/**
 * Which section is at the top of the screen, under the sticky bars: the
 * category bar follows the diner's scrolling with it.
 */
export function useScrollSpy(ids: Ref<string[]>) {
  const active = ref<string | null>(null);
  const visible = new Set<string>();
  let observer: IntersectionObserver | undefined;

  function observe(list: string[]): void {
    observer?.disconnect();
    visible.clear();
    if (typeof IntersectionObserver === 'undefined') return;
    observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (entry.isIntersecting) visible.add(entry.target.id);
          else visible.delete(entry.target.id);
        }
        // The first listed section still on screen is the one being read.
        active.value = list.find((id) => visible.has(id)) ?? active.value;
      },
      // A band just under the sticky category bar, whatever the text size.
      { rootMargin: '-18% 0px -65% 0px' },
    );
    for (const id of list) {
      const element = document.getElementById(id);
      if (element) observer.observe(element);
    }
  }

  watch(ids, (list) => requestAnimationFrame(() => observe(list)), { immediate: true });
  onBeforeUnmount(() => observer?.disconnect());

  return { active };
}
