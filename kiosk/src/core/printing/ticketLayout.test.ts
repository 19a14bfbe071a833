import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readTickets } from '../../test/escposReader.js';
import { aLine, anOrder } from '../../test/orders.js';
import { COLUMNS, REPRINT_MARK, renderTicket, type TicketStyle } from './ticketLayout.js';
import { transliterate } from './transliterate.js';

const style: TicketStyle = {
  restaurantName: 'Harbour Lane',
  paperWidthMm: 80,
  codepageMapping: 'epson',
  timeZone: 'UTC',
};
const read = (bytes: Uint8Array) => readTickets(Buffer.from(bytes));

describe('a kitchen ticket', () => {
  it('carries the restaurant, the number, the table, the time, every line, option and note, and a cut', () => {
    const order = anOrder({
      number: 117,
      table: { id: randomUUID(), label: 'Terrace 4' },
      lines: [
        aLine({
          name: 'Burger',
          quantity: 2,
          options: [{ id: randomUUID(), name: 'Cheddar', priceDeltaCents: 150 }],
          note: 'well done',
        }),
        aLine({ name: 'Fries', quantity: 3 }),
      ],
      note: 'Allergy: sesame',
    });
    const [ticket] = read(renderTicket(order, style, { reprint: false }));
    expect(ticket).toEqual({
      cut: true,
      lines: [
        'Harbour Lane',
        '#117',
        'Terrace 4',
        'Wed 25 Nov, 18:42',
        '\ufffd'.repeat(COLUMNS[80]),
        '2 x Burger',
        '+ Cheddar',
        '! well done',
        '3 x Fries',
        '\ufffd'.repeat(COLUMNS[80]),
        'NOTE: Allergy: sesame',
        '\ufffd'.repeat(COLUMNS[80]),
        '5 items - ticket #117',
      ],
    });
  });

  it('says REPRINT when it is one', () => {
    const [ticket] = read(renderTicket(anOrder(), style, { reprint: true }));
    expect(ticket!.lines.slice(0, 3)).toEqual(['Harbour Lane', REPRINT_MARK, '#42']);
  });

  it('wraps long lines within 58 mm and 80 mm paper', () => {
    const order = anOrder({
      lines: [aLine({ name: 'Slow-roasted shoulder of lamb with rosemary potatoes and greens' })],
    });
    for (const paperWidthMm of [58, 80] as const) {
      const [ticket] = read(renderTicket(order, { ...style, paperWidthMm }, { reprint: false }));
      expect(Math.max(...ticket!.lines.map((line) => line.length))).toBe(COLUMNS[paperWidthMm]);
      expect(ticket!.lines.join(' ')).toContain('1 x Slow-roasted shoulder of lamb with rosemary');
    }
  });
});

describe('text for the printer', () => {
  it('keeps what the printer’s code pages have, spells out or strips what they lack, and drops emoji', () => {
    expect(transliterate('Crème brûlée 🍮, Łódź', 'epson')).toBe('Crème brûlée , Łódź');
    expect(transliterate('Łódź – “extra” 🌶️🌶️', 'metapace')).toBe('Lódz - "extra" ');
    expect(transliterate('寿司', 'epson')).toBe('??');
    expect(transliterate('no\u0007bell\nnew line', 'epson')).toBe('nobell new line');
  });
});
