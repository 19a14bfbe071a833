import { defineStore } from 'pinia';
import { ref } from 'vue';

export interface Notice {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

const SHOW_MS = { info: 3_500, error: 8_000 } as const;

/**
 * What the app tells the diner in passing: visible notices (a refused cart
 * change, an order placed) and announcements for screen readers only (a
 * change someone else made to the cart). TheLiveRegion renders both.
 */
export const useNoticesStore = defineStore('notices', () => {
  const notices = ref<Notice[]>([]);
  /** Text for the polite live region; re-set (even to the same words) to be read again. */
  const spoken = ref('');
  let nextId = 1;

  function dismiss(id: number): void {
    notices.value = notices.value.filter((notice) => notice.id !== id);
  }

  /** Shows `text` for a few seconds; a new confirmation replaces the previous one, errors stay until read. */
  function notify(text: string, tone: Notice['tone'] = 'info'): void {
    const id = nextId++;
    const kept = notices.value.filter((notice) => notice.tone === 'error').slice(-1);
    notices.value = [...kept, { id, text, tone }];
    setTimeout(() => dismiss(id), SHOW_MS[tone]);
  }

  function clear(): void {
    notices.value = [];
  }

  function announce(text: string): void {
    spoken.value = '';
    // A new text node in the next frame is what screen readers pick up reliably.
    requestAnimationFrame(() => (spoken.value = text));
  }

  return { notices, spoken, notify, announce, dismiss, clear };
});
