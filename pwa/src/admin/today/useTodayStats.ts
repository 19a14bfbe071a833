import { todayStatsSchema, type TodayStats } from '@tableside/shared';
import { ref } from 'vue';
import { adminRequest } from '../api';
import type { LoadState } from '../stores/orderBoard';

/** Today's figures from the server (`GET /stats/today`); the browser only shows them. */
export function useTodayStats() {
  const stats = ref<TodayStats | null>(null);
  const state = ref<LoadState>('idle');

  async function load(): Promise<void> {
    if (!stats.value) state.value = 'loading';
    try {
      stats.value = (await adminRequest('/stats/today', todayStatsSchema)).data;
      state.value = 'done';
    } catch (error) {
      state.value = 'error';
      console.warn('tableside: today’s figures failed', error);
    }
  }

  return { stats, state, load };
}
