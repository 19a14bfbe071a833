import type { Deps } from '../../createServer.js';
import { announceMenuChanged, bumpMenuVersion } from '../../menu/index.js';
import type { Knex } from '../../platform/db.js';
import { appError, type AppError } from '../../platform/errors.js';
import { presentEntry } from './present.js';
import { LABELS, loadEntry, lockEntry, type EntryKind, type RowOf } from './repo.js';

export type MenuDeps = Pick<Deps, 'db' | 'tables' | 'menus' | 'bus' | 'logger'>;

/**
 * Runs one owner's change to the menu in one transaction. When `work` reports
 * a change diners can see, the restaurant's menu version moves in that same
 * transaction (last, after every menu row it locks, as the order path does)
 * and is announced once committed: every instance's caches and the menu ETag
 * move, and the restaurant's diners get `menu:changed`.
 */
export async function changeMenu<T>(
  deps: MenuDeps,
  restaurantId: string,
  work: (trx: Knex.Transaction) => Promise<{ result: T; visible: boolean }>,
): Promise<T> {
  const { result, menuVersion } = await deps.db.transaction(async (trx) => {
    const { result, visible } = await work(trx);
    return { result, menuVersion: visible ? await bumpMenuVersion(trx, restaurantId) : undefined };
  });
  if (menuVersion !== undefined) await announceMenuChanged(deps, restaurantId, menuVersion);
  return result;
}

/**
 * Locks the entry about to change: NOT_FOUND unless it is this restaurant's,
 * VERSION_CONFLICT with the entry as it is now unless it is still at
 * `expectedVersion` (a delete without a version skips that check).
 */
export async function lockForChange<K extends EntryKind>(
  trx: Knex.Transaction,
  restaurantId: string,
  kind: K,
  id: string,
  expectedVersion: number | undefined,
): Promise<RowOf[K]> {
  const row = await lockEntry(trx, restaurantId, kind, id);
  if (!row) throw appError('NOT_FOUND', undefined, `No such ${LABELS[kind]}.`);
  if (expectedVersion !== undefined && row.version !== expectedVersion) {
    throw await versionConflict(trx, restaurantId, kind, id);
  }
  return row;
}

/** VERSION_CONFLICT carrying the entry as it is now, presented as in the menu. */
export async function versionConflict(db: Knex, restaurantId: string, kind: EntryKind, id: string): Promise<AppError> {
  const current = presentEntry(await loadEntry(db, restaurantId, kind, id), kind);
  return appError(
    'VERSION_CONFLICT',
    { current },
    `Someone changed this ${LABELS[kind]} meanwhile (it is at version ${current.version}). Review it and try again.`,
  );
}
