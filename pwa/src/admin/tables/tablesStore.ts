import {
  adminTableListSchema,
  adminTableSchema,
  type AdminTable,
  type CreateTableBody,
  type UpdateTableBody,
} from '@tableside/shared';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { adminRequest } from '../api';

export type LoadState = 'idle' | 'loading' | 'done' | 'error';

const byLabel = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * The restaurant's tables and their QR codes. Every answer replaces the table
 * in place: a rotated code shows its new link (and picture) at once.
 */
export const useAdminTablesStore = defineStore('admin-tables', () => {
  const tables = ref<AdminTable[]>([]);
  const state = ref<LoadState>('idle');
  const loadError = shallowRef<unknown>(null);

  async function load(): Promise<void> {
    if (state.value !== 'done') state.value = 'loading';
    try {
      tables.value = (await adminRequest('/tables', adminTableListSchema)).data.tables;
      state.value = 'done';
    } catch (error) {
      loadError.value = error;
      if (state.value !== 'done') state.value = 'error';
      throw error;
    }
  }

  function put(table: AdminTable): AdminTable {
    tables.value = [...tables.value.filter((each) => each.id !== table.id), table].sort((a, b) =>
      byLabel.compare(a.label, b.label),
    );
    return table;
  }

  async function create(body: CreateTableBody): Promise<AdminTable> {
    return put((await adminRequest('/tables', adminTableSchema, { method: 'POST', body })).data);
  }

  /** A new label or seat count, or (in)active: deactivating ends the table's open session. */
  async function update(id: string, patch: UpdateTableBody): Promise<AdminTable> {
    return put((await adminRequest(`/tables/${id}`, adminTableSchema, { method: 'PATCH', body: patch })).data);
  }

  /** A new QR code: every printed copy of the old one stops working. */
  async function rotate(id: string): Promise<AdminTable> {
    return put((await adminRequest(`/tables/${id}/rotate-qr`, adminTableSchema, { method: 'POST' })).data);
  }

  return { tables, state, loadError, load, create, update, rotate };
});
