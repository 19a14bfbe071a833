import { menuSchema, type Menu, type MenuItem } from '@tableside/shared';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { NetworkError, request, tablePath } from '../../common/api';
import { readStored, writeStored } from '../../common/storage';

export type LoadState = 'idle' | 'loading' | 'done' | 'error';

const storedKey = (qrToken: string) => `menu:${qrToken}`;
/** After `menu:changed`, the service worker may first answer its older copy: ask again this often. */
const CATCH_UP_MS = [500, 1_500, 4_000];

/**
 * The table's menu. The service worker answers from its cache at once and
 * revalidates with the ETag; the last menu is also kept in storage, so the
 * app shows it offline or before the first answer on a slow connection.
 */
export const useMenuStore = defineStore('menu', () => {
  const menu = ref<Menu | null>(null);
  const state = ref<LoadState>('idle');
  let qrToken = '';
  let wanted = 0;

  const items = computed(() => {
    const byId = new Map<string, MenuItem>();
    for (const category of menu.value?.categories ?? []) for (const item of category.items) byId.set(item.id, item);
    return byId;
  });

  function open(token: string): void {
    if (qrToken === token) return;
    qrToken = token;
    wanted = 0;
    menu.value = readStored(storedKey(token), menuSchema) ?? null;
    state.value = menu.value ? 'done' : 'idle';
  }

  async function load(): Promise<void> {
    if (!qrToken) return;
    if (!menu.value) state.value = 'loading';
    try {
      const { data } = await request(tablePath(qrToken, '/menu'), menuSchema);
      if (!menu.value || data.version >= menu.value.version) {
        menu.value = data;
        writeStored(storedKey(qrToken), data);
      }
      state.value = 'done';
    } catch (error) {
      // Offline with a menu already shown: keep showing it (the offline banner says why).
      if (!(error instanceof NetworkError) || !menu.value) state.value = 'error';
      if (!(error instanceof NetworkError)) console.warn('tableside: menu failed', error);
    }
  }

  /** `menu:changed`: load until the menu shown is at least that version. */
  async function changed(version: number): Promise<void> {
    wanted = Math.max(wanted, version);
    await load();
    for (const delay of CATCH_UP_MS) {
      if ((menu.value?.version ?? 0) >= wanted) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
      await load();
    }
  }

  return { menu, state, items, open, load, changed };
});
