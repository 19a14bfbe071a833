import { crc32 } from 'node:zlib';

/**
 * The journal's on-disk format: one entry per line, `<crc32 as 8 hex digits>
 * <JSON>\n`. A line is the unit of atomicity: whatever a crash leaves of a
 * write, a line either reads back whole with a matching checksum or is
 * recognised as damaged. JSON keeps the file readable with `less` in a kitchen
 * at night; the checksum catches what JSON.parse would not (a torn line that
 * happens to end at a valid boundary, bytes the disk flipped).
 */

const NEWLINE = 0x0a;
const CRC_DIGITS = 8;

export function encodeLine(entry: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(entry), 'utf8');
  const crc = crc32(json).toString(16).padStart(CRC_DIGITS, '0');
  return Buffer.concat([Buffer.from(`${crc} `, 'ascii'), json, Buffer.from('\n', 'ascii')]);
}

export interface ReadLines {
  entries: unknown[];
  /** Bytes of the file that hold whole, valid lines and the damaged lines between them: where appends continue. */
  keepBytes: number;
  /** Lines in the middle of the file that failed their checksum (disk damage), skipped. */
  damagedLines: number;
}

function decodeLine(line: Buffer): { ok: true; entry: unknown } | { ok: false } {
  if (line.length < CRC_DIGITS + 1 || line[CRC_DIGITS] !== 0x20) return { ok: false };
  const crc = Number.parseInt(line.subarray(0, CRC_DIGITS).toString('ascii'), 16);
  const json = line.subarray(CRC_DIGITS + 1);
  if (!Number.isInteger(crc) || crc32(json) !== crc) return { ok: false };
  try {
    return { ok: true, entry: JSON.parse(json.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

/**
 * Reads a journal's bytes back. The tail after the last newline is a write a
 * crash cut short: it is dropped (`keepBytes` ends before it), as is a damaged
 * last line. A damaged line with valid lines after it cannot be a torn write
 * (appends only ever extend the file), so it is skipped and counted, keeping
 * every entry after it.
 */
export function readLines(bytes: Buffer): ReadLines {
  const entries: unknown[] = [];
  let damagedLines = 0;
  let pendingDamage = 0;
  let keepBytes = 0;
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(NEWLINE, start);
    if (end < 0) break;
    const decoded = decodeLine(bytes.subarray(start, end));
    if (decoded.ok) {
      entries.push(decoded.entry);
      damagedLines += pendingDamage;
      pendingDamage = 0;
      keepBytes = end + 1;
    } else {
      pendingDamage++;
    }
    start = end + 1;
  }
  return { entries, keepBytes, damagedLines };
}
