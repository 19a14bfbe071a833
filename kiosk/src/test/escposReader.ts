/** One ticket as it came out of the printer. */
export interface PrintedTicket {
  /** The printed text, line by line, trimmed, empty lines dropped. Bytes beyond ASCII read as U+FFFD. */
  lines: string[];
  /** It ends with a paper cut; a ticket cut off mid-print does not. */
  cut: boolean;
}

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;

/** Commands of the form `<prefix> <command> n`: three bytes, none of them printed. */
const THREE_BYTE: Record<number, number[]> = {
  [ESC]: [0x21, 0x2d, 0x32, 0x33, 0x34, 0x45, 0x47, 0x4d, 0x61, 0x74, 0x7b],
  [GS]: [0x21, 0x42, 0x72],
  [DLE]: [0x04],
};

/**
 * Reads ESC/POS bytes back into tickets, for tests to assert on what a cook
 * would read. Knows the commands the kiosk's encoder writes and fails on any
 * other control byte, so garbage on the paper fails the test that made it.
 */
export function readTickets(paper: Buffer): PrintedTicket[] {
  const tickets: PrintedTicket[] = [];
  let lines: string[] = [];
  let line = '';
  let started = false;

  const endLine = () => {
    if (line.trim()) lines.push(line.trim());
    line = '';
  };
  const endTicket = (cut: boolean) => {
    endLine();
    if (started) tickets.push({ lines, cut });
    lines = [];
    started = false;
  };

  for (let i = 0; i < paper.length;) {
    const byte = paper[i]!;
    const next = paper[i + 1];
    // A command the paper stops in the middle of: printing was cut off there.
    if ([ESC, GS, FS, DLE].includes(byte) && i + 4 > paper.length && !(next === 0x40 || next === 0x2e)) break;
    if (byte === ESC && next === 0x40) {
      if (started) endTicket(false);
      started = true;
      i += 2;
    } else if (byte === FS && next === 0x2e) {
      i += 2;
    } else if (byte === ESC && next === 0x64) {
      endLine();
      i += 3;
    } else if (byte === GS && next === 0x56) {
      const mode = paper[i + 2] ?? 0;
      i += mode >= 0x41 ? 4 : 3;
      endTicket(true);
    } else if (THREE_BYTE[byte]?.includes(next ?? -1)) {
      i += 3;
    } else if (byte === 0x0a) {
      endLine();
      i++;
    } else if (byte === 0x0d || byte === 0x00) {
      i++;
    } else if ([ESC, GS, FS].includes(byte) && next === 0x00) {
      i += 2; // An unknown command a printer ignores: what a cut-off prefix and the next ticket's NUL make.
    } else if (byte < 0x20 || byte === 0x7f) {
      throw new Error(`unexpected control byte 0x${byte.toString(16)} at ${i} of the paper`);
    } else {
      started = true;
      line += byte < 0x80 ? String.fromCharCode(byte) : '\ufffd';
      i++;
    }
  }
  endTicket(false);
  return tickets;
}
