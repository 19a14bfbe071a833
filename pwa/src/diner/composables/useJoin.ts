import type { WireError } from '@tableside/shared';
import { ref } from 'vue';
import { ApiError, NetworkError } from '../../common/api';
import { t } from '../../i18n';
import { useSessionStore } from '../stores/session';

/** The "Join table" button: its progress, and why it failed in words the diner can act on. */
export function useJoin() {
  const state = ref<'idle' | 'loading' | 'done' | 'error'>('idle');
  const message = ref('');
  const session = useSessionStore();

  function explain(error: unknown): string {
    if (error instanceof NetworkError) return t('landing.offline');
    const wire: WireError | undefined = error instanceof ApiError ? error.error : undefined;
    if (wire?.code === 'RATE_LIMITED') return t('error.RATE_LIMITED');
    if (wire?.code === 'TABLE_NOT_FOUND' || wire?.code === 'INVALID_TOKEN') return t('unknown.body');
    if (wire?.code === 'VALIDATION_FAILED') return t('landing.nameRejected');
    return t('landing.failed');
  }

  async function join(displayName: string): Promise<boolean> {
    state.value = 'loading';
    message.value = '';
    try {
      await session.join(displayName.trim() || undefined);
      state.value = 'done';
      return true;
    } catch (error) {
      state.value = 'error';
      message.value = explain(error);
      return false;
    }
  }

  return { state, message, join };
}
