import type { JoinTableResponse } from '@tableside/shared';
import type { Deps } from '../createServer.js';
import { appError } from '../platform/errors.js';
import { signDinerToken, verifyDinerToken } from './dinerTokens.js';
import { presentDiner } from './present.js';
import {
  findDiner,
  insertDiner,
  listDiners,
  openSession,
  type DinerRow,
  type SessionRow,
  type TableContext,
} from './repo.js';
import { currentSession, type SessionPolicy } from './sessions.js';

/** Colours that tell diners apart in the shared cart; all readable on white. */
export const DINER_COLORS = [
  '#d61f69',
  '#1d4ed8',
  '#15803d',
  '#b45309',
  '#7e22ce',
  '#0e7490',
  '#be123c',
  '#4d7c0f',
  '#c2410c',
  '#4338ca',
  '#0f766e',
  '#a21caf',
] as const;

const MAX_NAME_ATTEMPTS = 50;

export interface JoinTableInput {
  table: TableContext;
  qrToken: string;
  displayName?: string;
  /** The token this phone had before, to keep its diner identity on a re-join. */
  previousToken?: string;
}

/**
 * A phone joins the table: the first one opens the table session, later ones
 * join it, and a phone that was already in it keeps its diner.
 */
export async function joinTable(
  deps: Pick<Deps, 'db' | 'clock'>,
  policy: SessionPolicy,
  input: JoinTableInput,
): Promise<{ response: JoinTableResponse; rejoined: boolean }> {
  const { table } = input;
  const session =
    (await currentSession(deps, table, policy)) ?? (await openSession(deps.db, table, input.qrToken, deps.clock.now()));
  if (!session) {
    throw appError('TABLE_NOT_FOUND', undefined, 'This table code is not in use. Please ask the staff for help.');
  }

  const returning = await returningDiner(deps, policy, session, input.previousToken);
  const diner = returning ?? (await addDiner(deps, session, input.displayName));

  const token = signDinerToken(
    policy.tokenSecret,
    { restaurantId: table.restaurantId, tableId: table.tableId, sessionId: session.id, dinerId: diner.id },
    deps.clock.now(),
  );
  return {
    rejoined: returning !== undefined,
    response: {
      restaurant: {
        id: table.restaurantId,
        name: table.restaurantName,
        currency: table.currency,
        locationPolicy: table.locationPolicy,
      },
      table: { id: table.tableId, label: table.label },
      session: { id: session.id, openedAt: session.opened_at.toISOString() },
      diner: presentDiner(diner),
      dinerToken: token,
    },
  };
}

async function returningDiner(
  deps: Pick<Deps, 'db' | 'clock'>,
  policy: SessionPolicy,
  session: SessionRow,
  previousToken: string | undefined,
): Promise<DinerRow | undefined> {
  if (!previousToken) return undefined;
  const claims = verifyDinerToken(policy.tokenSecret, previousToken, deps.clock.now());
  if (!claims || claims.sessionId !== session.id) return undefined;
  return findDiner(deps.db, session.id, claims.dinerId);
}

/**
 * A new diner with a name unique within the session: the one asked for, or
 * "Guest N". Two phones racing for one name both succeed, one with a suffix.
 */
async function addDiner(deps: Pick<Deps, 'db'>, session: SessionRow, wanted: string | undefined): Promise<DinerRow> {
  const seated = await listDiners(deps.db, session.id);
  const taken = new Set(seated.map((diner) => diner.display_name.toLowerCase()));
  for (let attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
    const n = seated.length + 1 + attempt;
    const name = wanted ? (attempt === 0 ? wanted : `${wanted.slice(0, 36)} ${attempt + 1}`) : `Guest ${n}`;
    if (taken.has(name.toLowerCase())) continue;
    const diner = await insertDiner(deps.db, {
      restaurant_id: session.restaurant_id,
      session_id: session.id,
      display_name: name,
      color: DINER_COLORS[(n - 1) % DINER_COLORS.length]!,
    });
    if (diner) return diner;
  }
  throw appError('VALIDATION_FAILED', undefined, 'That name is taken at this table; choose another.');
}
