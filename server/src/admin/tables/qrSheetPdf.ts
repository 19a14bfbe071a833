import {
  PDFDocument,
  StandardFonts,
  fill,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingRgbColor,
  type PDFFont,
  type PDFOperator,
  type PDFPage,
} from 'pdf-lib';
import { QUIET_ZONE, qrModules } from './qrCode.js';

/** One table tent on the sheet: what it says and what its code opens. */
export interface Tent {
  label: string;
  url: string;
}

// A4 in PDF points (1/72 in), cut into a 2 × 3 grid of tents.
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 28;
const COLUMNS = 2;
const ROWS = 3;
const TENTS_PER_PAGE = COLUMNS * ROWS;
const CELL = { width: (PAGE.width - 2 * MARGIN) / COLUMNS, height: (PAGE.height - 2 * MARGIN) / ROWS };
const PADDING = 16;
/** 160 pt with its quiet zone: the code itself is about 4.5 cm, easy to scan from a seat. */
const QR_SIZE = 160;
const INSTRUCTION = 'Scan to order';
const INK = rgb(0.1, 0.1, 0.1);
const MUTED = rgb(0.4, 0.4, 0.4);
const CUT_LINE = rgb(0.75, 0.75, 0.75);

/** A font and the characters it can draw (the standard fonts know WinAnsi only). */
interface Face {
  font: PDFFont;
  glyphs: Set<number>;
}

async function face(doc: PDFDocument, name: StandardFonts): Promise<Face> {
  const font = await doc.embedFont(name);
  return { font, glyphs: new Set(font.getCharacterSet()) };
}

/** The text with what the font cannot draw replaced: "Dvořák" → "Dvorák", "寿司" → "??". */
function printable(face: Face, text: string): string {
  const drawable = (value: string) => [...value].every((char) => face.glyphs.has(char.codePointAt(0)!));
  return Array.from(text.normalize('NFC'), (char) => {
    if (drawable(char)) return char;
    // Accents the font lacks fall off their letter; a lone mark (an emoji's variation selector) goes.
    const base = char.normalize('NFD').replace(/\p{M}/gu, '');
    if (base === '') return '';
    return drawable(base) ? base : '?';
  }).join('');
}

/** The text at the largest size from `size` down to `minSize` that fits `maxWidth`, cut short with "…" if none does. */
function fit(face: Face, raw: string, size: number, minSize: number, maxWidth: number) {
  const text = printable(face, raw);
  const width = (value: string, at: number) => face.font.widthOfTextAtSize(value, at);
  let fontSize = size;
  while (fontSize > minSize && width(text, fontSize) > maxWidth) fontSize -= 1;
  if (width(text, fontSize) <= maxWidth) return { text, fontSize };
  let keep = text.length;
  while (keep > 0 && width(`${text.slice(0, keep)}…`, fontSize) > maxWidth) keep -= 1;
  return { text: `${text.slice(0, keep).trimEnd()}…`, fontSize };
}

function centered(
  page: PDFPage,
  face: Face,
  raw: string,
  at: { x: number; y: number },
  sizes: { size: number; minSize: number },
  color = INK,
) {
  const { text, fontSize } = fit(face, raw, sizes.size, sizes.minSize, CELL.width - 2 * PADDING);
  const width = face.font.widthOfTextAtSize(text, fontSize);
  page.drawText(text, { x: at.x + (CELL.width - width) / 2, y: at.y, size: fontSize, font: face.font, color });
}

/**
 * The code as vectors: one rectangle per run of dark modules in a row, all
 * filled as one path (so viewers show no seams between them). Sharp at any
 * printer resolution, and much cheaper to build than an embedded PNG or one
 * drawRectangle per run.
 */
function drawQr(page: PDFPage, url: string, at: { x: number; y: number }) {
  const modules = qrModules(url);
  const unit = QR_SIZE / (modules.size + 2 * QUIET_ZONE);
  const top = at.y + QR_SIZE - QUIET_ZONE * unit;
  const runs: PDFOperator[] = [];
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.dark(row, col)) continue;
      const start = col;
      while (col + 1 < modules.size && modules.dark(row, col + 1)) col++;
      runs.push(rectangle(at.x + (QUIET_ZONE + start) * unit, top - (row + 1) * unit, (col - start + 1) * unit, unit));
    }
  }
  page.pushOperators(pushGraphicsState(), setFillingRgbColor(0, 0, 0), ...runs, fill(), popGraphicsState());
}

function drawTent(
  page: PDFPage,
  fonts: { regular: Face; bold: Face },
  restaurantName: string,
  tent: Tent,
  slot: number,
) {
  const x = MARGIN + (slot % COLUMNS) * CELL.width;
  const top = PAGE.height - MARGIN - Math.floor(slot / COLUMNS) * CELL.height;
  page.drawRectangle({
    x,
    y: top - CELL.height,
    width: CELL.width,
    height: CELL.height,
    borderColor: CUT_LINE,
    borderWidth: 0.5,
    borderDashArray: [4, 4],
  });
  centered(page, fonts.regular, restaurantName, { x, y: top - PADDING - 12 }, { size: 12, minSize: 9 }, MUTED);
  centered(page, fonts.bold, tent.label, { x, y: top - PADDING - 40 }, { size: 24, minSize: 14 });
  const qrTop = top - PADDING - 46;
  drawQr(page, tent.url, { x: x + (CELL.width - QR_SIZE) / 2, y: qrTop - QR_SIZE });
  centered(page, fonts.bold, INSTRUCTION, { x, y: qrTop - QR_SIZE - 18 }, { size: 14, minSize: 14 });
}

/**
 * An A4 sheet of table tents, six to a page in the given order: the
 * restaurant's name, the table's label, its QR code and "Scan to order",
 * each in a dashed box to cut along.
 */
export async function renderQrSheet(restaurantName: string, tents: Tent[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`${restaurantName}: table QR codes`);
  doc.setCreator('Tableside');
  const fonts = {
    regular: await face(doc, StandardFonts.Helvetica),
    bold: await face(doc, StandardFonts.HelveticaBold),
  };
  let page: PDFPage | undefined;
  for (const [index, tent] of tents.entries()) {
    const slot = index % TENTS_PER_PAGE;
    if (slot === 0) page = doc.addPage([PAGE.width, PAGE.height]);
    drawTent(page!, fonts, restaurantName, tent, slot);
  }
  return doc.save();
}
