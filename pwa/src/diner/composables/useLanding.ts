import { tableLandingSchema, type TableLanding } from '@tableside/shared';
import { ref } from 'vue';
import { ApiError, NetworkError, request, tablePath } from '../../common/api';

export type LandingFailure = 'unknownTable' | 'offline' | 'failed';

/** What the landing screen shows before joining: the restaurant, the table, and who is already seated. */
export function useLanding() {
  const state = ref<'idle' | 'loading' | 'done' | 'error'>('idle');
  const landing = ref<TableLanding | null>(null);
  const failure = ref<LandingFailure | null>(null);

  async function load(qrToken: string): Promise<void> {
    state.value = 'loading';
    failure.value = null;
    try {
      landing.value = (await request(tablePath(qrToken), tableLandingSchema)).data;
      state.value = 'done';
    } catch (error) {
      state.value = 'error';
      const unknown = error instanceof ApiError && (error.code === 'TABLE_NOT_FOUND' || error.code === 'INVALID_TOKEN');
      failure.value = unknown ? 'unknownTable' : error instanceof NetworkError ? 'offline' : 'failed';
    }
  }

  return { state, landing, failure, load };
}
