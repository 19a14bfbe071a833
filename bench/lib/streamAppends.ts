import type { Redis } from 'ioredis';

const PAGE = 1_000;

/**
 * When each event was appended to a stream, by event id: the server appends
 * an order's event right after its transaction commits, with an entry id
 * whose first part is Redis's clock in ms (`XADD ... *`), the same clock as
 * this machine's Date.now(). Reads the stream in pages of entries whose one
 * field is the event as JSON, `{ id, ... }`.
 */
export async function streamAppendTimes(redis: Redis, stream: string): Promise<Map<string, number>> {
  const appended = new Map<string, number>();
  let from = '-';
  for (;;) {
    const entries = await redis.xrange(stream, from, '+', 'COUNT', PAGE);
    for (const [entryId, fields] of entries) {
      const event = JSON.parse(fields[1] ?? '{}') as { id?: string };
      if (event.id && !appended.has(event.id)) appended.set(event.id, Number(entryId.split('-')[0]));
    }
    if (entries.length < PAGE) return appended;
    from = `(${entries.at(-1)![0]}`;
  }
}
