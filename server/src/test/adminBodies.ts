import {
  cancelOrderBodySchema,
  changeStaffRoleBodySchema,
  createCategoryBodySchema,
  createItemBodySchema,
  createModifierGroupBodySchema,
  createModifierOptionBodySchema,
  createTableBodySchema,
  editCategoryBodySchema,
  editItemBodySchema,
  editModifierGroupBodySchema,
  editModifierOptionBodySchema,
  inviteStaffBodySchema,
  itemAvailabilityBodySchema,
  itemStockBodySchema,
  locationDryRunBodySchema,
  orderRecallBodySchema,
  orderStatusBodySchema,
  putLocationBodySchema,
  reorderCategoriesBodySchema,
  reorderItemsBodySchema,
  updateTableBodySchema,
} from '@tableside/shared';
import type { z } from 'zod';
import type { AdminRouteSpec } from '../admin/index.js';

/** The schema each body-taking admin route validates with, by `METHOD path` as in the API's `specs`. */
export const ADMIN_BODY_SCHEMAS: Record<string, z.ZodType> = {
  'PUT /location': putLocationBodySchema,
  'POST /location/dry-run': locationDryRunBodySchema,
  'POST /menu/categories': createCategoryBodySchema,
  'POST /menu/categories/reorder': reorderCategoriesBodySchema,
  'PATCH /menu/categories/:id': editCategoryBodySchema,
  'POST /menu/items': createItemBodySchema,
  'POST /menu/items/reorder': reorderItemsBodySchema,
  'PATCH /menu/items/:id': editItemBodySchema,
  'POST /menu/items/:id/availability': itemAvailabilityBodySchema,
  'POST /menu/items/:id/stock': itemStockBodySchema,
  'POST /menu/items/:id/groups': createModifierGroupBodySchema,
  'PATCH /menu/groups/:id': editModifierGroupBodySchema,
  'POST /menu/groups/:id/options': createModifierOptionBodySchema,
  'PATCH /menu/options/:id': editModifierOptionBodySchema,
  'POST /orders/:id/status': orderStatusBodySchema,
  'POST /orders/:id/recall': orderRecallBodySchema,
  'POST /orders/:id/cancel': cancelOrderBodySchema,
  'POST /staff': inviteStaffBodySchema,
  'PATCH /staff/:id': changeStaffRoleBodySchema,
  'POST /tables': createTableBodySchema,
  'PATCH /tables/:id': updateTableBodySchema,
};

/** Admin writes that take no body and act on their path alone. */
export const ADMIN_BODILESS = new Set([
  'POST /logout',
  'POST /devices/pairing-codes',
  'POST /tables/:id/rotate-qr',
  'POST /sessions/:id/close',
]);

export const specKey = (spec: AdminRouteSpec) => `${spec.method} ${spec.path}`;

/** The entity an admin path's `:id` names, as the first path segments that lead to it. */
export const ID_PREFIXES = [
  '/menu/categories/',
  '/menu/items/',
  '/menu/groups/',
  '/menu/options/',
  '/tables/',
  '/sessions/',
  '/orders/',
  '/staff/',
  '/devices/',
] as const;
export type IdPrefix = (typeof ID_PREFIXES)[number];

/** The id of `ids` that a spec's `:id` stands for (undefined for a path without one, or an entity not listed). */
export function idFor(path: string, ids: Partial<Record<IdPrefix, string>>): string | undefined {
  const prefix = ID_PREFIXES.find((candidate) => path.startsWith(candidate));
  return prefix && ids[prefix];
}
