import { z } from 'zod';
import type { JournalOptions } from '../core/journal/journal.js';

const entrySchema = z.strictObject({ n: z.number().int() });

/** A journal whose state is every number recorded, in order: the simplest state a test can check whole. */
export function countingJournal(path: string, compactAfter?: number): JournalOptions<number[], { n: number }> {
  return {
    path,
    compactAfter,
    initial: () => [],
    apply: (state, entry) => void state.push(entry.n),
    snapshot: (state) => state.map((n) => ({ n })),
    parse: (entry) => entrySchema.parse(entry),
  };
}
