import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { countingJournal } from '../../test/countingJournal.js';
import { openJournal } from './journal.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function aJournalPath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tableside-journal-'));
  dirs.push(dir);
  return join(dir, 'journal.log');
}

async function recordAll(path: string, numbers: number[], compactAfter?: number): Promise<void> {
  const journal = await openJournal(countingJournal(path, compactAfter));
  await Promise.all(numbers.map((n) => journal.record([{ n }])));
  await journal.close();
}

async function reopened(path: string) {
  const journal = await openJournal(countingJournal(path));
  await journal.close();
  return journal;
}

describe('the journal', () => {
  it('gives back after a reopen exactly what it acknowledged, in order', async () => {
    const path = await aJournalPath();
    await recordAll(path, [1, 2, 3]);
    await recordAll(path, [4, 5]);
    expect((await reopened(path)).state).toEqual([1, 2, 3, 4, 5]);
  });

  it('drops the torn line a crash left at the end, and appends after the last whole one', async () => {
    const path = await aJournalPath();
    await recordAll(path, [1, 2]);
    await appendFile(path, '1a2b3c4d [{"n":3');
    await recordAll(path, [4]);
    expect((await reopened(path)).state).toEqual([1, 2, 4]);
  });

  it('skips a line the disk damaged in the middle, keeping every line after it', async () => {
    const path = await aJournalPath();
    await recordAll(path, [1, 2, 3]);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('{"n":2}', '{"n":7}'));
    const journal = await reopened(path);
    expect(journal.damagedLines).toBe(1);
    expect(journal.state).toEqual([1, 3]);
  });

  it('compacts into a snapshot, and ignores a compaction that a crash left unfinished', async () => {
    const path = await aJournalPath();
    await recordAll(
      path,
      Array.from({ length: 30 }, (_, i) => i + 1),
      10,
    );
    expect((await readFile(path, 'utf8')).trim().split('\n').length).toBeLessThan(10);
    await writeFile(`${path}.compacting`, 'half a snapshot');
    expect((await reopened(path)).state).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await readdir(join(path, '..'))).toEqual(['journal.log']);
  });

  it('keeps every acknowledged entry and invents none when the process is killed at any instant', async () => {
    const path = await aJournalPath();
    const writer = fileURLToPath(new URL('../../test/journalWriter.ts', import.meta.url));
    let acknowledged = 0;
    for (let round = 0; round < 4; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', writer, path], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let output = '';
      const writing = new Promise<void>((resolve) =>
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          resolve();
        }),
      );
      await writing;
      // Some way into its writing, compactions included, at no instant in particular.
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 300));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const acks = [...output.matchAll(/ack (\d+)/g)].map((match) => Number(match[1]));
      acknowledged = Math.max(acknowledged, ...acks);

      const { state } = await reopened(path);
      expect(state.length).toBeGreaterThanOrEqual(acknowledged);
      expect(state).toEqual(Array.from({ length: state.length }, (_, i) => i + 1));
    }
  });
});
