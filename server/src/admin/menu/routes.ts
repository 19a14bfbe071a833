import {
  createCategoryBodySchema,
  createItemBodySchema,
  createModifierGroupBodySchema,
  createModifierOptionBodySchema,
  editCategoryBodySchema,
  editItemBodySchema,
  editModifierGroupBodySchema,
  editModifierOptionBodySchema,
  itemAvailabilityBodySchema,
  itemStockBodySchema,
  reorderCategoriesBodySchema,
  reorderItemsBodySchema,
} from '@tableside/shared';
import type { Deps } from '../../createServer.js';
import { appError, invalidField, parse } from '../../platform/errors.js';
import type { AdminContext, AdminRoutes } from '../adminRoutes.js';
import { uuidParam } from '../params.js';
import { addModifierGroup } from './addModifierGroup.js';
import { addModifierOption } from './addModifierOption.js';
import { changeStock } from './changeStock.js';
import { createCategory } from './createCategory.js';
import { createItem } from './createItem.js';
import { deleteCategory } from './deleteCategory.js';
import { deleteMenuEntry } from './deleteMenuEntry.js';
import { editCategory } from './editCategory.js';
import { editItem } from './editItem.js';
import { editModifierGroup } from './editModifierGroup.js';
import { editModifierOption } from './editModifierOption.js';
import { presentEntry, presentMenu } from './present.js';
import { loadMenu } from './repo.js';
import { reorderCategories, reorderItems } from './reorderMenu.js';

/** `If-Match: 3`, `"3"` or `W/"3"`: the version the client last saw. */
function ifMatch(ctx: AdminContext): number | undefined {
  const header = ctx.get('if-match');
  if (!header) return undefined;
  const match = /^\s*(?:W\/)?"?([1-9]\d{0,8})"?\s*$/.exec(header);
  if (!match) throw invalidField('If-Match', 'must be the version you last saw, as in If-Match: 3');
  return Number(match[1]);
}

/** The body, with `expectedVersion` taken from `If-Match` when the client sent it there. */
function versionedBody(ctx: AdminContext): unknown {
  const body = ctx.request.body;
  const version = ifMatch(ctx);
  if (version === undefined || typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const given = (body as { expectedVersion?: unknown }).expectedVersion;
  if (given !== undefined && given !== version) throw invalidField('expectedVersion', 'disagrees with If-Match');
  return { ...body, expectedVersion: version };
}

/**
 * The owner's menu: categories, items, modifier groups and options, for
 * managers and owners. Every update is a compare-and-set on the entry's
 * version (body `expectedVersion` or `If-Match`); a delete checks it only when
 * `If-Match` is sent. Every id that is not this restaurant's is NOT_FOUND.
 */
export function registerMenuRoutes(admin: AdminRoutes, deps: Deps): void {
  const restaurantOf = (ctx: AdminContext) => ctx.state.staff.restaurantId;

  admin.route('GET', '/menu', 'manager', async (ctx: AdminContext) => {
    const menu = await loadMenu(deps.db, restaurantOf(ctx));
    if (!menu) throw appError('NOT_FOUND', undefined, 'No such restaurant.');
    ctx.body = presentMenu(menu);
  });

  admin.route('POST', '/menu/categories', 'manager', async (ctx: AdminContext) => {
    const body = parse(createCategoryBodySchema, ctx.request.body);
    const rows = await createCategory(deps, { restaurantId: restaurantOf(ctx), name: body.name });
    ctx.status = 201;
    ctx.body = presentEntry(rows, 'category');
  });

  admin.route('POST', '/menu/categories/reorder', 'manager', async (ctx: AdminContext) => {
    const body = parse(reorderCategoriesBodySchema, ctx.request.body);
    await reorderCategories(deps, { restaurantId: restaurantOf(ctx), ids: body.ids });
    const menu = await loadMenu(deps.db, restaurantOf(ctx));
    if (!menu) throw appError('NOT_FOUND', undefined, 'No such restaurant.');
    ctx.body = presentMenu(menu);
  });

  admin.route('PATCH', '/menu/categories/:id', 'manager', async (ctx: AdminContext) => {
    const categoryId = uuidParam(ctx, 'id');
    const { expectedVersion, ...patch } = parse(editCategoryBodySchema, versionedBody(ctx));
    const rows = await editCategory(deps, { restaurantId: restaurantOf(ctx), categoryId, expectedVersion, patch });
    ctx.body = presentEntry(rows, 'category');
  });

  admin.route('DELETE', '/menu/categories/:id', 'manager', async (ctx: AdminContext) => {
    const categoryId = uuidParam(ctx, 'id');
    await deleteCategory(deps, { restaurantId: restaurantOf(ctx), categoryId, expectedVersion: ifMatch(ctx) });
    ctx.status = 204;
  });

  admin.route('POST', '/menu/items', 'manager', async (ctx: AdminContext) => {
    const item = parse(createItemBodySchema, ctx.request.body);
    const rows = await createItem(deps, { restaurantId: restaurantOf(ctx), item });
    ctx.status = 201;
    ctx.body = presentEntry(rows, 'item');
  });

  admin.route('POST', '/menu/items/reorder', 'manager', async (ctx: AdminContext) => {
    const body = parse(reorderItemsBodySchema, ctx.request.body);
    const rows = await reorderItems(deps, { restaurantId: restaurantOf(ctx), ...body });
    ctx.body = presentEntry(rows, 'category');
  });

  admin.route('PATCH', '/menu/items/:id', 'manager', async (ctx: AdminContext) => {
    const itemId = uuidParam(ctx, 'id');
    const { expectedVersion, ...patch } = parse(editItemBodySchema, versionedBody(ctx));
    const rows = await editItem(deps, { restaurantId: restaurantOf(ctx), itemId, expectedVersion, patch });
    ctx.body = presentEntry(rows, 'item');
  });

  admin.route('DELETE', '/menu/items/:id', 'manager', async (ctx: AdminContext) => {
    const id = uuidParam(ctx, 'id');
    await deleteMenuEntry(deps, { restaurantId: restaurantOf(ctx), kind: 'item', id, expectedVersion: ifMatch(ctx) });
    ctx.status = 204;
  });

  admin.route('POST', '/menu/items/:id/availability', 'manager', async (ctx: AdminContext) => {
    const itemId = uuidParam(ctx, 'id');
    const { expectedVersion, available } = parse(itemAvailabilityBodySchema, versionedBody(ctx));
    const rows = await editItem(deps, {
      restaurantId: restaurantOf(ctx),
      itemId,
      expectedVersion,
      patch: { available },
    });
    ctx.body = presentEntry(rows, 'item');
  });

  admin.route('POST', '/menu/items/:id/stock', 'manager', async (ctx: AdminContext) => {
    const itemId = uuidParam(ctx, 'id');
    const body = parse(itemStockBodySchema, versionedBody(ctx));
    const rows = await changeStock(deps, {
      restaurantId: restaurantOf(ctx),
      itemId,
      expectedVersion: body.expectedVersion,
      change: body.adjust === undefined ? { set: body.set ?? null } : { adjust: body.adjust },
    });
    ctx.body = presentEntry(rows, 'item');
  });

  admin.route('POST', '/menu/items/:id/groups', 'manager', async (ctx: AdminContext) => {
    const itemId = uuidParam(ctx, 'id');
    const group = parse(createModifierGroupBodySchema, ctx.request.body);
    const rows = await addModifierGroup(deps, { restaurantId: restaurantOf(ctx), itemId, group });
    ctx.status = 201;
    ctx.body = presentEntry(rows, 'group');
  });

  admin.route('PATCH', '/menu/groups/:id', 'manager', async (ctx: AdminContext) => {
    const groupId = uuidParam(ctx, 'id');
    const { expectedVersion, ...patch } = parse(editModifierGroupBodySchema, versionedBody(ctx));
    const rows = await editModifierGroup(deps, { restaurantId: restaurantOf(ctx), groupId, expectedVersion, patch });
    ctx.body = presentEntry(rows, 'group');
  });

  admin.route('DELETE', '/menu/groups/:id', 'manager', async (ctx: AdminContext) => {
    const id = uuidParam(ctx, 'id');
    await deleteMenuEntry(deps, { restaurantId: restaurantOf(ctx), kind: 'group', id, expectedVersion: ifMatch(ctx) });
    ctx.status = 204;
  });

  admin.route('POST', '/menu/groups/:id/options', 'manager', async (ctx: AdminContext) => {
    const groupId = uuidParam(ctx, 'id');
    const option = parse(createModifierOptionBodySchema, ctx.request.body);
    const rows = await addModifierOption(deps, { restaurantId: restaurantOf(ctx), groupId, option });
    ctx.status = 201;
    ctx.body = presentEntry(rows, 'option');
  });

  admin.route('PATCH', '/menu/options/:id', 'manager', async (ctx: AdminContext) => {
    const optionId = uuidParam(ctx, 'id');
    const { expectedVersion, ...patch } = parse(editModifierOptionBodySchema, versionedBody(ctx));
    const rows = await editModifierOption(deps, { restaurantId: restaurantOf(ctx), optionId, expectedVersion, patch });
    ctx.body = presentEntry(rows, 'option');
  });

  admin.route('DELETE', '/menu/options/:id', 'manager', async (ctx: AdminContext) => {
    const id = uuidParam(ctx, 'id');
    await deleteMenuEntry(deps, { restaurantId: restaurantOf(ctx), kind: 'option', id, expectedVersion: ifMatch(ctx) });
    ctx.status = 204;
  });
}
