import { MAX_LINE_QUANTITY, chooseOptions, groupProblem, type MenuItem, type ModifierGroup } from '@tableside/shared';
import { computed, ref, watch, type Ref } from 'vue';
import { t } from '../../i18n';

/** Why a group's choice is not acceptable yet, in the diner's language (the rule itself is shared/'s groupProblem). */
export function groupProblemText(group: ModifierGroup, chosen: number): string | undefined {
  if (!groupProblem(group, chosen)) return undefined;
  if (chosen > group.max) return t('item.problemAtMost', { count: group.max, group: group.name });
  return group.min === group.max
    ? t('item.problemExactly', { count: group.min, group: group.name })
    : t('item.problemAtLeast', { count: group.min, group: group.name });
}

/**
 * The item sheet's choices: options per group (one for radio groups, up to
 * max for the others), quantity, note; the line price as they change; and
 * whether "Add" is allowed, by the same rules the server applies.
 */
export function useItemChoice(item: Ref<MenuItem | undefined>) {
  const selected = ref<string[]>([]);
  const quantity = ref(1);
  const note = ref('');

  watch(
    () => item.value?.id,
    () => {
      selected.value = [];
      quantity.value = 1;
      note.value = '';
    },
  );
  // The menu changed under the open sheet: an option that went unavailable is no longer chosen.
  watch(item, (current) => {
    const available = new Set(
      current?.modifierGroups.flatMap((group) => group.options.filter((o) => o.available).map((o) => o.id)) ?? [],
    );
    if (selected.value.some((id) => !available.has(id)))
      selected.value = selected.value.filter((id) => available.has(id));
  });

  function chosenIn(group: ModifierGroup): number {
    return group.options.filter((option) => selected.value.includes(option.id)).length;
  }

  function toggle(group: ModifierGroup, optionId: string): void {
    const inGroup = new Set(group.options.map((option) => option.id));
    if (selected.value.includes(optionId)) {
      selected.value = selected.value.filter((id) => id !== optionId);
    } else if (group.max === 1) {
      selected.value = [...selected.value.filter((id) => !inGroup.has(id)), optionId];
    } else if (chosenIn(group) < group.max) {
      selected.value = [...selected.value, optionId];
    }
  }

  const problems = computed(() =>
    (item.value?.modifierGroups ?? []).flatMap((group) => groupProblemText(group, chosenIn(group)) ?? []),
  );
  const unitCents = computed(() => {
    const current = item.value;
    if (!current) return 0;
    const deltas = current.modifierGroups
      .flatMap((group) => group.options)
      .filter((option) => selected.value.includes(option.id))
      .reduce((sum, option) => sum + option.priceDeltaCents, 0);
    return Math.max(0, current.priceCents + deltas);
  });
  const lineCents = computed(() => unitCents.value * quantity.value);
  const orderable = computed(() => !!item.value?.available && item.value.stockStatus !== 'sold_out');
  const canAdd = computed(
    () =>
      orderable.value &&
      !!item.value &&
      chooseOptions(item.value, selected.value).ok &&
      quantity.value <= MAX_LINE_QUANTITY,
  );

  return { selected, quantity, note, chosenIn, toggle, problems, lineCents, orderable, canAdd };
}
