import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';

/** Characters no code page of most printers has, and what a cook would write instead. */
const SPELLED_OUT: Record<string, string> = {
  '€': 'EUR',
  '£': 'GBP',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '«': '"',
  '»': '"',
  '–': '-',
  '—': '-',
  '−': '-',
  '…': '...',
  '•': '*',
  '·': '.',
  '×': 'x',
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  þ: 'th',
  Þ: 'Th',
  ı: 'i',
  '½': '1/2',
  '¼': '1/4',
  '¾': '3/4',
  '°': ' deg',
};

/** Emoji and the invisible characters that glue them together: nothing a printer can say. */
const PICTURE = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0e|\ufe0f/u;
const MARK = /\p{M}/gu;
/** Control and format characters: a printer would act on them, not print them. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

const cache = new Map<string, Map<string, boolean>>();

/** Whether one of the printer's code pages has the character: the encoder writes `?` for those none has. */
export function printerHas(codepageMapping: string, char: string): boolean {
  const code = char.codePointAt(0)!;
  if (code >= 0x20 && code < 0x7f) return true;
  let known = cache.get(codepageMapping);
  if (!known) cache.set(codepageMapping, (known = new Map()));
  let has = known.get(char);
  if (has === undefined) {
    const lines = new ReceiptPrinterEncoder({ language: 'esc-pos', codepageMapping: codepageMapping as 'epson' })
      .codepage('auto')
      .text(char)
      .encode('lines') as { type: string; payload: number[] }[][];
    has = !lines.flat().some((command) => command.type === 'text' && command.payload.includes(0x3f));
    known.set(char, has);
  }
  return has;
}

/**
 * Text the printer can print as it reads: every character its code pages
 * have stays, others are spelled out (€ → EUR), stripped of accents
 * (ő → o), dropped (emoji) or, when nothing else fits, printed as `?`.
 * Never bytes of the wrong code page.
 */
export function transliterate(text: string, codepageMapping: string): string {
  let out = '';
  for (const char of text.replace(/\r\n?/g, '\n')) {
    if (char === '\n' || char === '\t') out += ' ';
    else if (INVISIBLE.test(char)) continue;
    else if (printerHas(codepageMapping, char)) out += char;
    else if (SPELLED_OUT[char]) out += SPELLED_OUT[char];
    else if (PICTURE.test(char)) continue;
    else {
      const bare = char.normalize('NFKD').replace(MARK, '');
      out += bare && [...bare].every((each) => printerHas(codepageMapping, each)) ? bare : '?';
    }
  }
  return out.replace(/ {2,}/g, ' ');
}
