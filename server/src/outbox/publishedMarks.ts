import type { Knex } from '../platform/db.js';
import type { Logger } from '../platform/logger.js';
import { markPublished } from './produce.js';

export interface PublishedMarksOptions {
  /** How long a mark waits for others to share its statement, ms. */
  delayMs: number;
  /** A batch this large is written at once. */
  maxBatch: number;
}

/**
 * The `published` marks of outbox rows that requests appended to the stream,
 * gathered for `delayMs` and written in one statement: a round trip per
 * batch instead of one per order. One batch is written at a time.
 *
 * A mark that is late, or lost with the process, only lets the relay append
 * the event again, which every consumer de-duplicates by event id; the relay
 * leaves rows younger than RELAY_MIN_AGE_MS (seconds) alone, so with marks
 * well under that it does not see them at all.
 */
export function createPublishedMarks(db: Knex, logger: Logger, options: PublishedMarksOptions) {
  let pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    const ids = pending;
    pending = [];
    if (ids.length > 0) {
      writing = writing.then(() =>
        markPublished(db, ids).catch((error: unknown) =>
          logger.warn({ err: error, events: ids.length }, 'could not mark events published; they may go out twice'),
        ),
      );
    }
    return writing;
  }

  return {
    add(eventId: string): void {
      pending.push(eventId);
      if (pending.length >= options.maxBatch) void flush();
      else timer ??= setTimeout(() => void flush(), options.delayMs);
    },
    /** Writes every mark added so far; resolves once they are written (on shutdown, before Postgres closes). */
    flush,
  };
}
export type PublishedMarks = ReturnType<typeof createPublishedMarks>;
