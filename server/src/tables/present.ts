import type { Diner, TableLanding, TableSession } from '@tableside/shared';
import type { DinerRow, SessionRow, TableContext } from './repo.js';

export function presentDiner(row: DinerRow): Diner {
  return { id: row.id, displayName: row.display_name, color: row.color };
}

export function presentLanding(table: TableContext, seated: DinerRow[]): TableLanding {
  return {
    restaurant: { name: table.restaurantName, currency: table.currency, locationPolicy: table.locationPolicy },
    table: { label: table.label },
    seated: seated.map((diner) => ({ displayName: diner.display_name, color: diner.color })),
  };
}

export function presentSession(
  table: TableContext,
  session: SessionRow,
  diners: DinerRow[],
  dinerId: string,
): TableSession {
  const me = diners.find((diner) => diner.id === dinerId);
  if (!me) throw new Error(`diner ${dinerId} is not in session ${session.id}`);
  return {
    restaurant: {
      id: table.restaurantId,
      name: table.restaurantName,
      currency: table.currency,
      locationPolicy: table.locationPolicy,
    },
    table: { id: table.tableId, label: table.label },
    session: { id: session.id, openedAt: session.opened_at.toISOString() },
    diner: presentDiner(me),
    diners: diners.map(presentDiner),
  };
}
