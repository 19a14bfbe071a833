import {
  adminMenuCategorySchema,
  adminMenuItemSchema,
  adminMenuSchema,
  adminModifierGroupSchema,
  adminModifierOptionSchema,
  type AdminMenu,
  type AdminMenuCategory,
  type AdminMenuItem,
  type AdminModifierGroup,
  type AdminModifierOption,
} from '@tableside/shared';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { z } from 'zod';
import { adminRequest, ApiError } from '../api';

export type LoadState = 'idle' | 'loading' | 'done' | 'error';

/** Each level of the menu, as the admin API presents it. */
export interface MenuEntries {
  category: AdminMenuCategory;
  item: AdminMenuItem;
  group: AdminModifierGroup;
  option: AdminModifierOption;
}
export type EntryKind = keyof MenuEntries;

const ENTRY_SCHEMAS = {
  category: adminMenuCategorySchema,
  item: adminMenuItemSchema,
  group: adminModifierGroupSchema,
  option: adminModifierOptionSchema,
} satisfies { [K in EntryKind]: z.ZodType<MenuEntries[K]> };
const schemaOf = <K extends EntryKind>(kind: K) => ENTRY_SCHEMAS[kind] as unknown as z.ZodType<MenuEntries[K]>;

const PATHS: Record<EntryKind, string> = {
  category: '/menu/categories',
  item: '/menu/items',
  group: '/menu/groups',
  option: '/menu/options',
};

/** What the user asked for, in words the conflict panel can show next to the fields. */
export type Change = Record<string, unknown>;

/**
 * A change the server refused with VERSION_CONFLICT: someone (a colleague, or
 * an order taking stock) changed the entry after the user saw it. The menu
 * already shows the entry as it is now; the user decides whether their change
 * still applies on top of it (re-apply) or not (discard). Never applied silently.
 */
export interface MenuConflict<K extends EntryKind = EntryKind> {
  kind: K;
  /** The entry as the user saw it when they made the change. */
  seen: MenuEntries[K];
  /** The entry as the server has it now. */
  current: MenuEntries[K];
  change: Change;
}

interface Write<K extends EntryKind> {
  kind: K;
  seen: MenuEntries[K];
  change: Change;
  /** Sends the change for the entry at `version`; the server answers with the entry after it (null: deleted). */
  send: (version: number) => Promise<MenuEntries[K] | null>;
}

/**
 * The owner's menu: categories, items, modifier groups and options, and every
 * change to them. Each change is a compare-and-set on the entry's version;
 * the answer (or, on a conflict, the server's current entry) replaces the
 * entry in place, so the list always shows what the server has.
 */
export const useAdminMenuStore = defineStore('admin-menu', () => {
  const menu = ref<AdminMenu | null>(null);
  const state = ref<LoadState>('idle');
  const loadError = shallowRef<unknown>(null);
  /** Ids of entries with a change on its way: their controls wait. */
  const busy = ref(new Set<string>());
  const conflict = shallowRef<MenuConflict | null>(null);
  let pending: Write<EntryKind> | null = null;

  const categories = computed(() => menu.value?.categories ?? []);
  const currency = computed(() => menu.value?.currency ?? 'EUR');

  async function load(): Promise<void> {
    if (!menu.value) state.value = 'loading';
    try {
      menu.value = (await adminRequest('/menu', adminMenuSchema)).data;
      state.value = 'done';
    } catch (error) {
      loadError.value = error;
      if (!menu.value) state.value = 'error';
      throw error;
    }
  }

  function findItem(id: string): AdminMenuItem | undefined {
    for (const category of categories.value) {
      const item = category.items.find((each) => each.id === id);
      if (item) return item;
    }
    return undefined;
  }

  function findGroup(id: string): AdminModifierGroup | undefined {
    for (const category of categories.value) {
      for (const item of category.items) {
        const group = item.modifierGroups.find((each) => each.id === id);
        if (group) return group;
      }
    }
    return undefined;
  }

  const byPosition = (a: { position: number }, b: { position: number }) => a.position - b.position;

  /** Puts the server's copy of an entry where it belongs (an item may have moved to another category). */
  function replace<K extends EntryKind>(kind: K, entry: MenuEntries[K]): void {
    const list = menu.value?.categories;
    if (!list) return;
    if (kind === 'category') {
      const category = entry as AdminMenuCategory;
      const index = list.findIndex((each) => each.id === category.id);
      if (index >= 0) list[index] = category;
      else list.push(category);
      list.sort(byPosition);
    } else if (kind === 'item') {
      const item = entry as AdminMenuItem;
      for (const category of list) category.items = category.items.filter((each) => each.id !== item.id);
      const home = list.find((category) => category.id === item.categoryId);
      if (home) home.items = [...home.items, item].sort(byPosition);
    } else if (kind === 'group') {
      const group = entry as AdminModifierGroup;
      const item = findItem(group.itemId);
      if (item) item.modifierGroups = [...item.modifierGroups.filter((g) => g.id !== group.id), group].sort(byPosition);
    } else {
      const option = entry as AdminModifierOption;
      const group = findGroup(option.groupId);
      if (group) group.options = [...group.options.filter((o) => o.id !== option.id), option].sort(byPosition);
    }
  }

  function remove(kind: EntryKind, id: string): void {
    const list = menu.value?.categories;
    if (!list || !menu.value) return;
    if (kind === 'category') menu.value.categories = list.filter((each) => each.id !== id);
    for (const category of list) {
      if (kind === 'item') category.items = category.items.filter((each) => each.id !== id);
      for (const item of category.items) {
        if (kind === 'group') item.modifierGroups = item.modifierGroups.filter((each) => each.id !== id);
        for (const group of item.modifierGroups) {
          if (kind === 'option') group.options = group.options.filter((each) => each.id !== id);
        }
      }
    }
  }

  /** The entry the server says is current, from a VERSION_CONFLICT answer. */
  function conflictingEntry<K extends EntryKind>(kind: K, error: unknown): MenuEntries[K] | null {
    if (!(error instanceof ApiError) || error.code !== 'VERSION_CONFLICT') return null;
    const current = (error.error.details as { current?: unknown } | undefined)?.current;
    const parsed = schemaOf(kind).safeParse(current);
    return parsed.success ? parsed.data : null;
  }

  /**
   * Runs one versioned change. On VERSION_CONFLICT the entry is replaced by
   * the server's current one and the change waits in `conflict` for the user;
   * resolves false then. Any other failure is thrown for the caller to show.
   */
  async function write<K extends EntryKind>(change: Write<K>, version = change.seen.version): Promise<boolean> {
    const id = change.seen.id;
    busy.value.add(id);
    try {
      const entry = await change.send(version);
      if (entry) replace(change.kind, entry);
      else remove(change.kind, id);
      return true;
    } catch (error) {
      const current = conflictingEntry(change.kind, error);
      if (!current) throw error;
      replace(change.kind, current);
      // Someone made the very same change meanwhile: there is nothing left to decide.
      if (alreadyMade(change.change, current)) return true;
      pending = change as unknown as Write<EntryKind>;
      conflict.value = { kind: change.kind, seen: change.seen, current, change: change.change };
      return false;
    } finally {
      busy.value.delete(id);
    }
  }

  /** Sends the change again, on top of the entry as it is now. It may conflict again, with a newer entry. */
  async function reapply(): Promise<boolean> {
    const open = conflict.value;
    const change = pending;
    if (!open || !change) return false;
    conflict.value = null;
    pending = null;
    return write({ ...change, seen: open.current }, open.current.version);
  }

  /** Keeps the entry as the server has it (already shown) and forgets the user's change. */
  function discard(): void {
    conflict.value = null;
    pending = null;
  }

  const patch =
    <K extends EntryKind>(kind: K, id: string, body: Change, suffix = '') =>
    async (version: number) =>
      (
        await adminRequest(`${PATHS[kind]}/${id}${suffix}`, schemaOf(kind), {
          method: suffix ? 'POST' : 'PATCH',
          body,
          ifMatch: version,
        })
      ).data;

  /** Saves the fields of an entry that the user changed (only those: a colleague's other edits survive). */
  function edit<K extends EntryKind>(kind: K, seen: MenuEntries[K], change: Change): Promise<boolean> {
    return write({ kind, seen, change, send: patch(kind, seen.id, change) });
  }

  /** "86" an item, or bring it back. */
  function setAvailable(item: AdminMenuItem, available: boolean): Promise<boolean> {
    return write({
      kind: 'item',
      seen: item,
      change: { available },
      send: patch('item', item.id, { available }, '/availability'),
    });
  }

  /** Counts `stock` units from now on (null: stop counting). */
  function setStock(item: AdminMenuItem, stock: number | null): Promise<boolean> {
    return write({
      kind: 'item',
      seen: item,
      change: { stock },
      send: patch('item', item.id, { set: stock }, '/stock'),
    });
  }

  /** Adds (a delivery) or takes away (a dropped plate) units, from the count the user saw. */
  function adjustStock(item: AdminMenuItem, adjust: number): Promise<boolean> {
    return write({
      kind: 'item',
      seen: item,
      change: { adjust },
      send: patch('item', item.id, { adjust }, '/stock'),
    });
  }

  /** Creates an entry (no version to compare yet); it is shown where the server put it. */
  async function create<K extends EntryKind>(kind: K, path: string, body: unknown): Promise<MenuEntries[K]> {
    const { data } = await adminRequest(path, schemaOf(kind), {
      method: 'POST',
      body,
    });
    replace(kind, data);
    return data;
  }

  /** Deletes an entry as the user saw it: if it changed meanwhile, that is a conflict like any other. */
  async function destroy<K extends EntryKind>(kind: K, seen: MenuEntries[K]): Promise<boolean> {
    return write({
      kind,
      seen,
      change: { deleted: true },
      send: async (version) => {
        await adminRequest(`${PATHS[kind]}/${seen.id}`, z.undefined(), { method: 'DELETE', ifMatch: version });
        return null;
      },
    });
  }

  /** Moves a category up (-1) or down (+1); the server answers with the whole menu in its new order. */
  async function moveCategory(id: string, by: -1 | 1): Promise<void> {
    const ids = categories.value.map((each) => each.id);
    const ordered = moved(ids, id, by);
    if (!ordered) return;
    busy.value.add(id);
    try {
      menu.value = (
        await adminRequest('/menu/categories/reorder', adminMenuSchema, { method: 'POST', body: { ids: ordered } })
      ).data;
    } finally {
      busy.value.delete(id);
    }
  }

  /** Moves an item up or down within its category. */
  async function moveItem(item: AdminMenuItem, by: -1 | 1): Promise<void> {
    const category = categories.value.find((each) => each.id === item.categoryId);
    const ordered =
      category &&
      moved(
        category.items.map((each) => each.id),
        item.id,
        by,
      );
    if (!ordered) return;
    busy.value.add(item.id);
    try {
      const { data } = await adminRequest('/menu/items/reorder', adminMenuCategorySchema, {
        method: 'POST',
        body: { categoryId: item.categoryId, ids: ordered },
      });
      replace('category', data);
    } finally {
      busy.value.delete(item.id);
    }
  }

  return {
    menu,
    state,
    loadError,
    busy,
    conflict,
    categories,
    currency,
    load,
    findItem,
    edit,
    setAvailable,
    setStock,
    adjustStock,
    create,
    destroy,
    moveCategory,
    moveItem,
    reapply,
    discard,
  };
});

/** Whether `entry` already has every field value `change` sets (adjusting and deleting are never "already made"). */
function alreadyMade(change: Change, entry: object): boolean {
  const fields = entry as Record<string, unknown>;
  return Object.entries(change).every(
    ([key, value]) => key in fields && JSON.stringify(fields[key]) === JSON.stringify(value),
  );
}

/** `ids` with `id` moved one place up or down; null when it is already at that end. */
function moved(ids: string[], id: string, by: -1 | 1): string[] | null {
  const from = ids.indexOf(id);
  const to = from + by;
  if (from < 0 || to < 0 || to >= ids.length) return null;
  const copy = [...ids];
  [copy[from], copy[to]] = [copy[to]!, copy[from]!];
  return copy;
}
