import type { Knex } from '../platform/db.js';
import { findActiveTable, type TableContext } from './repo.js';

/**
 * Tables by QR token for the read-only diner routes (landing, menu), so a
 * menu revalidation costs no query at all. Entries live `ttlMs` at most; the
 * bus shortens that: a menu change moves the restaurant's menu version at
 * once, and a changed table (rotated code, deactivated) is dropped at once.
 * Writes (join, orders) always read Postgres.
 */
export function createTableCache(db: Knex, options: { ttlMs: number; now?: () => number }) {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { table: TableContext; expiresAt: number }>();
  const menuVersions = new Map<string, number>();

  function withMenuVersion(table: TableContext): TableContext {
    const latest = menuVersions.get(table.restaurantId) ?? 0;
    return latest > table.menuVersion ? { ...table, menuVersion: latest } : table;
  }

  return {
    async get(qrToken: string): Promise<TableContext | undefined> {
      const cached = entries.get(qrToken);
      if (cached && cached.expiresAt > now()) return withMenuVersion(cached.table);
      const table = await findActiveTable(db, qrToken);
      if (!table) {
        entries.delete(qrToken);
        return undefined;
      }
      entries.set(qrToken, { table, expiresAt: now() + options.ttlMs });
      return withMenuVersion(table);
    },
    menuChanged(restaurantId: string, version: number): void {
      if (version > (menuVersions.get(restaurantId) ?? 0)) menuVersions.set(restaurantId, version);
    },
    tableChanged(tableId: string): void {
      for (const [token, entry] of entries) if (entry.table.tableId === tableId) entries.delete(token);
    },
  };
}
export type TableCache = ReturnType<typeof createTableCache>;
