import type { Deps } from '../../createServer.js';

/**
 * Drops a table from every instance's table cache: this process's at once,
 * so the very next diner request here already sees a rotated, deactivated or
 * deleted table as gone; the others as soon as the bus delivers.
 */
export async function announceTableChanged(deps: Pick<Deps, 'tables' | 'bus'>, tableId: string): Promise<void> {
  deps.tables.tableChanged(tableId);
  await deps.bus.publish({ type: 'table:changed', tableId });
}
