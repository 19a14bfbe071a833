import type { MenuItem } from '@tableside/shared';
import { describe, expect, it } from 'vitest';
import { nextTick, ref } from 'vue';
import { AVOCADO, BACON, BURGER, EGG, RARE } from '../../test/fixtures';
import { useItemChoice } from './useItemChoice';

const [cooking, extras] = BURGER.modifierGroups as [
  MenuItem['modifierGroups'][number],
  MenuItem['modifierGroups'][number],
];

describe('the item sheet’s modifier rules', () => {
  it('keeps "Add" disabled until every required group has its choice', () => {
    const choice = useItemChoice(ref(BURGER));
    expect(choice.canAdd.value).toBe(false);
    expect(choice.problems.value).toEqual(['Choose 1 for Cooking.']);

    choice.toggle(cooking, RARE);
    expect(choice.canAdd.value).toBe(true);
    expect(choice.problems.value).toEqual([]);
  });

  it('replaces the choice in a choose-one group', () => {
    const choice = useItemChoice(ref(BURGER));
    choice.toggle(cooking, RARE);
    choice.toggle(cooking, cooking.options[1]!.id);
    expect(choice.selected.value).toEqual([cooking.options[1]!.id]);
  });

  it('stops at a group’s maximum', () => {
    const choice = useItemChoice(ref(BURGER));
    choice.toggle(cooking, RARE);
    choice.toggle(extras, BACON);
    choice.toggle(extras, AVOCADO);
    choice.toggle(extras, EGG);
    expect(choice.chosenIn(extras)).toBe(2);
    expect(choice.selected.value).not.toContain(EGG);
    choice.toggle(extras, BACON);
    expect(choice.chosenIn(extras)).toBe(1);
  });

  it('prices the line as options and quantity change', () => {
    const choice = useItemChoice(ref(BURGER));
    expect(choice.lineCents.value).toBe(1650);
    choice.toggle(cooking, RARE);
    choice.toggle(extras, BACON);
    choice.toggle(extras, AVOCADO);
    expect(choice.lineCents.value).toBe(1650 + 200 + 250);
    choice.quantity.value = 3;
    expect(choice.lineCents.value).toBe(3 * 2100);
  });

  it('refuses a sold-out dish whatever is chosen', () => {
    const choice = useItemChoice(ref<MenuItem>({ ...BURGER, stockStatus: 'sold_out' }));
    choice.toggle(cooking, RARE);
    expect(choice.orderable.value).toBe(false);
    expect(choice.canAdd.value).toBe(false);
  });

  it('drops an option that the menu marks unavailable while the sheet is open', async () => {
    const item = ref<MenuItem>(BURGER);
    const choice = useItemChoice(item);
    choice.toggle(cooking, RARE);
    choice.toggle(extras, BACON);
    item.value = {
      ...BURGER,
      modifierGroups: [
        cooking,
        { ...extras, options: extras.options.map((o) => (o.id === BACON ? { ...o, available: false } : o)) },
      ],
    };
    await nextTick();
    expect(choice.selected.value).toEqual([RARE]);
    expect(choice.canAdd.value).toBe(true);
  });
});
