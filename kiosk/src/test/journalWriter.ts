import { openJournal } from '../core/journal/journal.js';
import { countingJournal } from './countingJournal.js';

/**
 * A child process for the journal's crash test: records 1, 2, 3 … a few at a
 * time, as fast as the disk allows, printing `ack <n>` once n is durable,
 * until it is killed.
 */
const path = process.argv[2]!;
const journal = await openJournal(countingJournal(path, 40));
let next = (journal.state.at(-1) ?? 0) + 1;
for (;;) {
  const batch = [next, next + 1, next + 2];
  next += 3;
  await Promise.all(batch.map((n) => journal.record([{ n }])));
  process.stdout.write(`ack ${batch.at(-1)}\n`);
}
