import { chooseOptions, type CartLine } from '@tableside/shared';
import { computed } from 'vue';
import { useCartStore } from '../stores/cart';
import { useMenuStore } from '../stores/menu';

export interface PricedLine {
  line: CartLine;
  /** What the server will charge per unit: today's menu price with the options' deltas. */
  unitCents: number;
  changed: boolean;
  /** Gone from the menu, unavailable, or its options no longer fit: the server would refuse the order. */
  unavailable: boolean;
}

/**
 * The total the server will charge: it re-prices every line from the menu as
 * it is now (DESIGN.md, "Server decides prices"), with the same rules as
 * shared/'s chooseOptions. The cart shows the price at the time of adding.
 */
export function useOrderTotal() {
  const cart = useCartStore();
  const menu = useMenuStore();

  const lines = computed<PricedLine[]>(() =>
    cart.lines.map((line) => {
      const item = menu.items.get(line.itemId);
      const choice = item?.available
        ? chooseOptions(
            item,
            line.options.map((option) => option.id),
          )
        : undefined;
      const unitCents = choice?.ok ? choice.unitPriceCents : line.unitPriceCents;
      return { line, unitCents, changed: unitCents !== line.unitPriceCents, unavailable: !choice?.ok };
    }),
  );
  const totalCents = computed(() =>
    lines.value.reduce((sum, priced) => sum + priced.unitCents * priced.line.quantity, 0),
  );

  return { lines, totalCents };
}
