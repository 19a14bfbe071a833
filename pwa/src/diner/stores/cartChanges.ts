import type { CartDiner, CartLine } from '@tableside/shared';
import { ref } from 'vue';
import { useNoticesStore } from '../../common/stores/notices';
import { t } from '../../i18n';

const HIGHLIGHT_MS = 2_500;

export type LineChange =
  { kind: 'added'; line: CartLine } | { kind: 'changed'; line: CartLine } | { kind: 'removed'; line: CartLine };

/** What changed between two carts, line by line, for highlights and announcements. */
export function changesBetween(before: readonly CartLine[], after: readonly CartLine[]): LineChange[] {
  const previous = new Map(before.map((line) => [line.lineId, line]));
  const changes: LineChange[] = [];
  for (const line of after) {
    const old = previous.get(line.lineId);
    if (!old) changes.push({ kind: 'added', line });
    else if (old.quantity !== line.quantity) changes.push({ kind: 'changed', line });
    previous.delete(line.lineId);
  }
  for (const line of previous.values()) changes.push({ kind: 'removed', line });
  return changes;
}

/**
 * What other phones changed in the cart, shown and said: the lines they added
 * or changed light up for a moment, and the live region reads out who did
 * what (one change by name, several as "the cart was updated").
 */
export function useCartChanges(myDinerId: () => string | undefined) {
  const highlighted = ref<string[]>([]);
  const notices = useNoticesStore();

  function report(before: readonly CartLine[], after: readonly CartLine[], by: CartDiner | undefined): void {
    const changes = changesBetween(before, after);
    if (changes.length === 0 || (by && by.dinerId === myDinerId())) return;
    const lit = changes.filter((change) => change.kind !== 'removed').map((change) => change.line.lineId);
    highlighted.value = [...highlighted.value, ...lit];
    setTimeout(() => (highlighted.value = highlighted.value.filter((id) => !lit.includes(id))), HIGHLIGHT_MS);
    const [only] = changes;
    if (!by || changes.length > 1 || !only) return notices.announce(t('cart.updated'));
    const key =
      only.kind === 'added' ? 'cart.theyAdded' : only.kind === 'changed' ? 'cart.theyChanged' : 'cart.theyRemoved';
    notices.announce(t(key, { who: by.displayName, name: only.line.name, count: only.line.quantity }));
  }

  return { highlighted, report };
}
