import { openSessionListSchema, type OpenSession } from '@tableside/shared';
import { ref } from 'vue';
import { z } from 'zod';
import { adminRequest } from '../api';
import type { LoadState } from '../stores/orderBoard';

/** The restaurant's open table sessions (`GET /sessions`), and closing one (`POST /sessions/:id/close`). */
export function useOpenTables() {
  const sessions = ref<OpenSession[]>([]);
  const state = ref<LoadState>('idle');

  async function load(): Promise<void> {
    if (state.value !== 'done') state.value = 'loading';
    try {
      sessions.value = (await adminRequest('/sessions', openSessionListSchema)).data.sessions;
      state.value = 'done';
    } catch (error) {
      state.value = 'error';
      console.warn('tableside: open tables failed', error);
    }
  }

  /** Closes the sitting; throws the API's refusal for the page to show. The list is read again either way. */
  async function close(session: OpenSession): Promise<void> {
    try {
      await adminRequest(`/sessions/${session.id}/close`, z.undefined(), { method: 'POST' });
    } finally {
      void load();
    }
  }

  return { sessions, state, load, close };
}
