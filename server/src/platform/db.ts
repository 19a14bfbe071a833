import knex, { type Knex } from 'knex';
import pg from 'pg';
import type { Logger } from './logger.js';

export type { Knex };

// COUNT(*) and bigint columns come back as strings by default; every bigint we
// keep (counts, stream ids aside) fits a JavaScript number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export interface DbOptions {
  logger?: Logger;
  /**
   * No statement runs longer than this, and no transaction sits idle longer
   * (Postgres's statement_timeout and idle_in_transaction_session_timeout,
   * set for every connection); unset for none, as migrations need.
   */
  statementTimeoutMs?: number;
}

export function createDb(databaseUrl: string, poolMax = 20, { logger, statementTimeoutMs }: DbOptions = {}): Knex {
  return knex({
    client: 'pg',
    connection: {
      connectionString: databaseUrl,
      ...(statementTimeoutMs && {
        statement_timeout: statementTimeoutMs,
        idle_in_transaction_session_timeout: statementTimeoutMs,
      }),
    },
    pool: { min: 0, max: poolMax },
    acquireConnectionTimeout: 5_000,
    // Knex prints its own warnings to the console unless given somewhere else to put them.
    log: {
      warn: (message: unknown) => logger?.warn({ knex: message }, 'knex warning'),
      error: (message: unknown) => logger?.error({ knex: message }, 'knex error'),
      deprecate: (message: unknown) => logger?.warn({ knex: message }, 'knex deprecation'),
      debug: () => undefined,
    },
  });
}

/**
 * Query options for SQL that a hot path (placing an order) runs on every
 * request: the statement is prepared once per connection under `name`, so
 * Postgres parses it once and, after a few runs, reuses a generic plan,
 * instead of parsing and planning it every time (on the order path that was
 * more of Postgres's time than running the statements). Only for SQL whose
 * text never changes: pg refuses one name for two texts.
 */
export function preparedAs(name: string): { name: string } {
  return { name };
}

/** A URL for another database on the same server (test databases, the maintenance db). */
export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export function databaseName(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
}
