import { createTableBodySchema, updateTableBodySchema } from '@tableside/shared';
import type { Config } from '../../config.js';
import type { Deps } from '../../createServer.js';
import { parse } from '../../platform/errors.js';
import type { AdminContext, AdminRoutes } from '../adminRoutes.js';
import { uuidParam } from '../params.js';
import { createTable } from './createTable.js';
import { deleteTable } from './deleteTable.js';
import { editTable } from './editTable.js';
import { presentTable } from './present.js';
import { printQrSheet } from './printQrSheet.js';
import { dinerUrl, renderQrPng, renderQrSvg } from './qrCode.js';
import { listTables, requireTable } from './repo.js';
import { rotateQrCode } from './rotateQrCode.js';

const QR_PNG_PIXELS = 512;

/** Tables and their QR codes: managers and owners set them up, rotate codes and print them. */
export function registerTableRoutes(admin: AdminRoutes, deps: Deps, config: Config): void {
  const restaurantOf = (ctx: AdminContext) => ctx.state.staff.restaurantId;
  const tableOf = (ctx: AdminContext) => requireTable(deps.db, restaurantOf(ctx), uuidParam(ctx, 'id'));

  admin.route('GET', '/tables', 'manager', async (ctx) => {
    const tables = await listTables(deps.db, restaurantOf(ctx));
    ctx.body = { tables: tables.map((table) => presentTable(table, config.PUBLIC_URL)) };
  });

  admin.route('POST', '/tables', 'manager', async (ctx) => {
    const body = parse(createTableBodySchema, ctx.request.body);
    const table = await createTable(deps, restaurantOf(ctx), body);
    ctx.status = 201;
    ctx.body = presentTable(table, config.PUBLIC_URL);
  });

  admin.route('PATCH', '/tables/:id', 'manager', async (ctx) => {
    const id = uuidParam(ctx, 'id');
    const patch = parse(updateTableBodySchema, ctx.request.body);
    ctx.body = presentTable(await editTable(deps, restaurantOf(ctx), id, patch), config.PUBLIC_URL);
  });

  admin.route('DELETE', '/tables/:id', 'manager', async (ctx) => {
    await deleteTable(deps, restaurantOf(ctx), uuidParam(ctx, 'id'));
    ctx.status = 204;
  });

  admin.route('POST', '/tables/:id/rotate-qr', 'manager', async (ctx) => {
    const table = await rotateQrCode(deps, restaurantOf(ctx), uuidParam(ctx, 'id'));
    ctx.body = presentTable(table, config.PUBLIC_URL);
  });

  admin.route('GET', '/tables/:id/qr.svg', 'manager', async (ctx) => {
    const table = await tableOf(ctx);
    const svg = await renderQrSvg(dinerUrl(config.PUBLIC_URL, table.qr_token));
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'image/svg+xml';
    ctx.body = svg;
  });

  admin.route('GET', '/tables/:id/qr.png', 'manager', async (ctx) => {
    const table = await tableOf(ctx);
    const png = await renderQrPng(dinerUrl(config.PUBLIC_URL, table.qr_token), QR_PNG_PIXELS);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'image/png';
    ctx.body = png;
  });

  admin.route('GET', '/tables/qr-sheet.pdf', 'manager', async (ctx) => {
    const { filename, pdf } = await printQrSheet(deps, config.PUBLIC_URL, restaurantOf(ctx));
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Disposition', `attachment; filename="${filename}"`);
    ctx.type = 'application/pdf';
    ctx.body = Buffer.from(pdf);
  });
}
