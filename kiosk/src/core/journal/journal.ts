import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDirectory } from '../durableFiles.js';
import { encodeLine, readLines } from './journalLines.js';

export interface JournalOptions<S, E> {
  path: string;
  /** A fresh, empty state. */
  initial(): S;
  /** Applies one entry to the state, in place. Replaying the file through it rebuilds the state. */
  apply(state: S, entry: E): void;
  /** Entries that rebuild `state` from `initial()`: what compaction writes instead of the history. */
  snapshot(state: S): E[];
  /** Checks an entry read back from disk; throws if it is not one. */
  parse(entry: unknown): E;
  /** Compacts once this many lines were appended since the last snapshot. */
  compactAfter?: number;
}

export interface Journal<S, E> {
  /** The state of everything durably recorded: never of something a crash could still take back. */
  readonly state: S;
  /** Lines that failed their checksum in the middle of the file when it was opened (disk damage). */
  readonly damagedLines: number;
  /**
   * Appends the entries as one line (all of them survive a crash or none do),
   * fsync'd, then applies them to `state`. Records made in the same tick share
   * one write and one fsync.
   */
  record(entries: E[]): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_COMPACT_AFTER = 5_000;

interface Waiting<E> {
  line: Buffer;
  entries: E[];
  resolve(): void;
  reject(error: unknown): void;
}

async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  for (let offset = 0; offset < bytes.length;) {
    offset += (await handle.write(bytes, offset)).bytesWritten;
  }
}

/**
 * A small append-only journal with a state machine on top: the kiosk's memory
 * of what it owes the server and the printer. Compaction writes the state's
 * snapshot to a temporary file, fsyncs it and renames it over the journal, so
 * a crash at any instant leaves either the old file or the new one.
 */
export async function openJournal<S, E>(options: JournalOptions<S, E>): Promise<Journal<S, E>> {
  const path = options.path;
  const compactingPath = `${path}.compacting`;
  const compactAfter = options.compactAfter ?? DEFAULT_COMPACT_AFTER;
  await mkdir(dirname(path), { recursive: true });
  // A compaction the process did not finish: the journal it would have replaced is still whole.
  await rm(compactingPath, { force: true });

  let handle = await open(path, 'a+');
  const bytes = await handle.readFile();
  const read = readLines(bytes);
  if (read.keepBytes < bytes.length) {
    await handle.truncate(read.keepBytes);
    await handle.sync();
  }
  const state = options.initial();
  read.entries.forEach((line, index) => {
    if (!Array.isArray(line)) throw new Error(`${path}: line ${index + 1} is not a group of entries`);
    for (const entry of line) options.apply(state, options.parse(entry));
  });

  let linesSinceSnapshot = read.entries.length;
  let waiting: Waiting<E>[] = [];
  let flushing: Promise<void> | undefined;
  let failure: unknown;

  async function compact(): Promise<void> {
    const compacted = await open(compactingPath, 'w');
    try {
      await writeAll(compacted, encodeLine(options.snapshot(state)));
      await compacted.sync();
    } finally {
      await compacted.close();
    }
    await handle.close();
    await rename(compactingPath, path);
    await syncDirectory(dirname(path));
    handle = await open(path, 'a+');
    linesSinceSnapshot = 1;
  }

  async function flush(): Promise<void> {
    while (waiting.length > 0 && failure === undefined) {
      const batch = waiting;
      waiting = [];
      try {
        await writeAll(handle, Buffer.concat(batch.map((each) => each.line)));
        await handle.datasync();
      } catch (error) {
        // The file may now end in a partial line; the next open drops it. Nothing more is accepted.
        failure = error;
        for (const each of [...batch, ...waiting]) each.reject(error);
        waiting = [];
        return;
      }
      for (const each of batch) for (const entry of each.entries) options.apply(state, entry);
      linesSinceSnapshot += batch.length;
      for (const each of batch) each.resolve();
      if (linesSinceSnapshot >= compactAfter && waiting.length === 0) {
        await compact().catch((error: unknown) => {
          failure = error;
        });
      }
    }
  }

  function scheduleFlush(): void {
    if (flushing) return;
    flushing = new Promise<void>((resolve) => queueMicrotask(resolve)).then(flush).finally(() => {
      flushing = undefined;
      if (waiting.length > 0) scheduleFlush();
    });
  }

  if (read.damagedLines > 0 || read.entries.length >= compactAfter) await compact();

  return {
    state,
    damagedLines: read.damagedLines,
    record(entries) {
      if (failure !== undefined) return Promise.reject(failure);
      return new Promise<void>((resolve, reject) => {
        waiting.push({ line: encodeLine(entries), entries, resolve, reject });
        scheduleFlush();
      });
    },
    async close() {
      while (flushing) await flushing;
      await handle.close();
    },
  };
}
