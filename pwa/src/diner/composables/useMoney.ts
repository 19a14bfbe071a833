import { computed } from 'vue';
import { useI18n } from '../../i18n';
import { useMenuStore } from '../stores/menu';
import { useSessionStore } from '../stores/session';

/** Prices in the restaurant's currency and the diner's locale. */
export function useMoney() {
  const { money, moneyDelta } = useI18n();
  const session = useSessionStore();
  const menu = useMenuStore();
  const currency = computed(() => session.joined?.restaurant.currency ?? menu.menu?.currency ?? 'EUR');
  return {
    price: (cents: number) => money(cents, currency.value),
    delta: (cents: number) => moneyDelta(cents, currency.value),
  };
}
