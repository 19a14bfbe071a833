import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { Order } from '@tableside/shared';
import type { PaperWidthMm } from '../kioskApi.js';
import { transliterate } from './transliterate.js';

export interface TicketStyle {
  restaurantName: string;
  paperWidthMm: PaperWidthMm;
  codepageMapping: string;
  /** IANA zone of the printed time; empty for the machine's. */
  timeZone: string;
}

/** Characters per line in the standard font (12×24 dots at 203 dpi). */
export const COLUMNS: Record<PaperWidthMm, number> = { 58: 32, 80: 48 };

/**
 * Three NULs before every ticket: a printer left in the middle of a command by
 * a ticket cut off mid-print takes them as that command's parameters (all
 * harmless as zero), and ignores them otherwise. Then ESC @ starts clean.
 */
const PREAMBLE = new Uint8Array([0x00, 0x00, 0x00]);

const ASCII = /^[\x20-\x7e]*$/;

/** Marks a ticket printed again, by request or because a crash may have cut the first one off. */
export const REPRINT_MARK = '** REPRINT **';

const timeFormats = new Map<string, Intl.DateTimeFormat>();

function printedTime(iso: string, timeZone: string): string {
  let format = timeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      ...(timeZone ? { timeZone } : {}),
    });
    timeFormats.set(timeZone, format);
  }
  return format.format(new Date(iso));
}

/**
 * One kitchen ticket in ESC/POS: the restaurant, a large ticket number, the
 * table (its label says what it is: `Table 12`, `Terrace 4`), the time, then
 * every line with its quantity first, its options and its note, the order's
 * note, and a cut. Read at a glance from a rail, so the number, the table and
 * the quantities are the biggest things on it.
 */
export function renderTicket(order: Order, style: TicketStyle, options: { reprint: boolean }): Uint8Array {
  const ticket = new ReceiptPrinterEncoder({
    language: 'esc-pos',
    columns: COLUMNS[style.paperWidthMm],
    codepageMapping: style.codepageMapping as 'epson',
    feedBeforeCut: 4,
  });
  const text = (value: string) => transliterate(value, style.codepageMapping);
  // The encoder's automatic code page costs a millisecond or more a line: only lines beyond ASCII get it.
  const line = (value: string) => ticket.codepage(ASCII.test(value) ? 'cp437' : 'auto').line(value);

  ticket.initialize().align('center');
  if (style.restaurantName) {
    ticket.bold(true);
    line(text(style.restaurantName)).bold(false);
  }
  if (options.reprint) {
    ticket.invert(true).bold(true);
    line(REPRINT_MARK).bold(false).invert(false);
  }
  ticket.size(3, 3).bold(true);
  line(`#${order.number}`).size(2, 2);
  line(text(order.table.label)).bold(false).size(1, 1);
  line(printedTime(order.createdAt, style.timeZone)).rule().align('left');

  for (const each of order.lines) {
    ticket.size(1, 2).bold(true);
    line(`${each.quantity} x ${text(each.name)}`)
      .bold(false)
      .size(1, 1);
    for (const option of each.options) line(`   + ${text(option.name)}`);
    if (each.note) {
      ticket.bold(true);
      line(`   ! ${text(each.note)}`).bold(false);
    }
  }
  if (order.note) {
    ticket.rule().bold(true);
    line(`NOTE: ${text(order.note)}`).bold(false);
  }
  const items = order.lines.reduce((sum, each) => sum + each.quantity, 0);
  ticket.rule().align('center');
  line(`${items} item${items === 1 ? '' : 's'} - ticket #${order.number}`);
  return Buffer.concat([PREAMBLE, ticket.cut('partial').encode()]);
}
