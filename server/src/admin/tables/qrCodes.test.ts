import { PDFArray, PDFDocument, decodePDFRawStream, type PDFPage, type PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { signedIn } from '../../test/admin.js';
import { buildRestaurant, buildTable } from '../../test/factories.js';
import { useTestEnv } from '../../test/harness.js';
import { errorOf } from '../../test/http.js';
import { renderQrPng, renderQrSvg } from './qrCode.js';

const env = useTestEnv();
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const A4 = { width: 595.28, height: 841.89 };

async function aManagerWithATable(url: string, restaurantOverrides: Record<string, unknown> = {}, label = 'Table 1') {
  const restaurant = await buildRestaurant(env.db, restaurantOverrides);
  const table = await buildTable(env.db, restaurant, { label });
  const { client } = await signedIn(url, env.db, restaurant.id, 'manager');
  return { restaurant, table, client, dinerUrl: `http://localhost:3000/t/${table.qr_token}` };
}

/** The text a page shows, one string per text-showing operator (our fonts encode WinAnsi, ASCII as is). */
function textsOn(page: PDFPage): string[] {
  const contents = page.node.Contents();
  const streams =
    contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
  const source = streams
    .map((stream) => Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString('latin1'))
    .join('\n');
  return [...source.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)].map((match) =>
    Buffer.from(match[1]!, 'hex').toString('latin1'),
  );
}

/** Each page's tents as [restaurant name, table label, instruction]. */
function tentsOn(pdf: PDFDocument): string[][][] {
  return pdf.getPages().map((page) => {
    const texts = textsOn(page);
    return Array.from({ length: texts.length / 3 }, (_, n) => texts.slice(3 * n, 3 * n + 3));
  });
}

describe('a table’s QR code', () => {
  it('is an SVG of the diner URL, never cached', async () => {
    const { url } = await env.startServer();
    const { table, client, dinerUrl } = await aManagerWithATable(url);
    const response = await client.request('GET', `/tables/${table.id}/qr.svg`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const svg = await response.text();
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*viewBox="0 0 \d+ \d+"/);
    expect(svg.trimEnd()).toMatch(/<\/svg>$/);
    expect(svg).toBe(await renderQrSvg(dinerUrl));
  });

  it('is a 512-pixel PNG of the diner URL, never cached', async () => {
    const { url } = await env.startServer();
    const { table, client, dinerUrl } = await aManagerWithATable(url);
    const response = await client.request('GET', `/tables/${table.id}/qr.png`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const png = Buffer.from(await response.arrayBuffer());
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    // IHDR is the first chunk: width and height, big-endian, right after its type.
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    expect(png.subarray(-8, -4).toString('latin1')).toBe('IEND');
    expect(png.equals(await renderQrPng(dinerUrl, 512))).toBe(true);
  });

  it('follows a rotation: the new code’s image encodes the new URL', async () => {
    const { url } = await env.startServer();
    const { table, client } = await aManagerWithATable(url);
    const before = await (await client.request('GET', `/tables/${table.id}/qr.svg`)).text();
    await client.request('POST', `/tables/${table.id}/rotate-qr`);
    const { qr_token: token } = await env.db('tables').where({ id: table.id }).first();
    const after = await (await client.request('GET', `/tables/${table.id}/qr.svg`)).text();
    expect(after).not.toBe(before);
    expect(after).toBe(await renderQrSvg(`http://localhost:3000/t/${token}`));
  });
});

describe('the printable sheet of table tents', () => {
  it('puts six active tables on each A4 page, in label order, as an attachment', async () => {
    const { url } = await env.startServer();
    const { restaurant, client } = await aManagerWithATable(url, { slug: 'chez-test', name: 'Chez Test' }, 'Table 7');
    for (const n of [12, 3, 14, 1, 9, 2, 10, 5, 13, 4, 6, 11, 8]) {
      await buildTable(env.db, restaurant, { label: `Table ${n}` });
    }
    for (const label of ['Table 0', 'Table 99']) await buildTable(env.db, restaurant, { label, active: false });

    const response = await client.request('GET', '/tables/qr-sheet.pdf');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="chez-test-table-qr-codes.pdf"');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');

    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(3);
    for (const page of pdf.getPages()) {
      expect(page.getWidth()).toBeCloseTo(A4.width, 1);
      expect(page.getHeight()).toBeCloseTo(A4.height, 1);
    }
    const tent = (n: number) => ['Chez Test', `Table ${n}`, 'Scan to order'];
    expect(tentsOn(pdf)).toEqual([[1, 2, 3, 4, 5, 6].map(tent), [7, 8, 9, 10, 11, 12].map(tent), [13, 14].map(tent)]);
  });

  it('prints names and labels outside the standard fonts’ alphabet instead of failing', async () => {
    const { url } = await env.startServer();
    const { restaurant, client } = await aManagerWithATable(url, { name: 'Sushi 寿司 Łódź 🍣' });
    await buildTable(env.db, restaurant, { label: 'Terrasse Ω ☀️' });
    await buildTable(env.db, restaurant, { label: 'W'.repeat(40) });
    const response = await client.request('GET', '/tables/qr-sheet.pdf');
    expect(response.status).toBe(200);
    const pdf = await PDFDocument.load(new Uint8Array(await response.arrayBuffer()));
    const [tents] = tentsOn(pdf);
    // Unknown characters print as "?", and a label too long even at the smallest size ends in "…" (0x85).
    expect(tents?.map(([name]) => name)).toEqual(Array(3).fill('Sushi ?? ?ódz ?'));
    expect(tents?.map(([, label]) => label)).toEqual([
      'Table 1',
      'Terrasse ? ?',
      expect.stringMatching(/^W{10,39}\x85$/),
    ]);
  });

  it('answers 404 with a reason when no table is in use', async () => {
    const { url } = await env.startServer();
    const { table, client } = await aManagerWithATable(url);
    await env.db('tables').where({ id: table.id }).update({ active: false });
    const response = await client.request('GET', '/tables/qr-sheet.pdf');
    expect(response.status).toBe(404);
    expect((await errorOf(response)).message).toMatch(/no active tables/);
  });
});
