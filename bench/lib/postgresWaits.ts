import pg from 'pg';
import { BENCH_DATABASE_URL } from './benchDatabase.js';

/** What the bench database's backends were doing, on average over a window. */
export interface BackendShare {
  /** State, wait event and the statement's first words: `Lock:transactionid insert into ticket_counters ...`. */
  what: string;
  /** Backends doing that, on average over the samples. */
  backends: number;
}

const SAMPLE_EVERY_MS = 100;
const STATEMENT_CHARS = 40;

/**
 * Samples `pg_stat_activity` of the bench database every 100 ms on one
 * connection of its own, until `stop()`, which answers the average number of
 * backends per (state, wait event, statement), busiest first. Idle backends
 * outside a transaction are left out. Where load queues up in Postgres shows
 * here: waiting on a lock, on the server to send the next statement (idle in
 * transaction), on the WAL flush.
 */
export async function startPostgresWaits(): Promise<{ stop(): Promise<BackendShare[]> }> {
  const client = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await client.connect();
  const counts = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  let failure: unknown;
  const sampling = (async () => {
    while (!stopped) {
      const { rows } = await client.query<{ what: string; n: number }>(
        `select concat_ws(' ', case when state = 'active' then coalesce(wait_event_type || ':' || wait_event, 'running')
                                    else state end,
                          left(regexp_replace(query, '\\s+', ' ', 'g'), $1)) as what,
                count(*)::int as n
         from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'
         group by 1`,
        [STATEMENT_CHARS],
      );
      samples++;
      for (const { what, n } of rows) counts.set(what, (counts.get(what) ?? 0) + n);
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
    }
  })().catch((error: unknown) => {
    failure = error;
  });
  return {
    async stop() {
      stopped = true;
      await sampling;
      await client.end();
      if (failure) throw new Error('sampling pg_stat_activity failed', { cause: failure });
      return [...counts]
        .map(([what, total]) => ({ what, backends: total / Math.max(1, samples) }))
        .sort((a, b) => b.backends - a.backends);
    },
  };
}
