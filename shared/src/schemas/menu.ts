import { z } from 'zod';
import { centsSchema, currencySchema, uuidSchema } from './common.js';

/**
 * What diners learn about stock: "in_stock" above the restaurant's low-stock
 * threshold (no count), "low" with the exact count at or below it, "sold_out"
 * at zero. Untracked items are always "in_stock".
 */
export const stockStatusSchema = z.enum(['in_stock', 'low', 'sold_out']);
export type StockStatus = z.infer<typeof stockStatusSchema>;

export const menuOptionSchema = z.object({
  id: uuidSchema,
  name: z.string(),
  priceDeltaCents: z.number().int(),
  available: z.boolean(),
});
export type MenuOption = z.infer<typeof menuOptionSchema>;

export const modifierGroupSchema = z.object({
  id: uuidSchema,
  name: z.string(),
  /** Fewest options a diner must choose in this group (0 = optional). */
  min: z.number().int().min(0),
  /** Most options a diner may choose in this group. */
  max: z.number().int().min(1),
  options: z.array(menuOptionSchema),
});
export type ModifierGroup = z.infer<typeof modifierGroupSchema>;

export const menuItemSchema = z.object({
  id: uuidSchema,
  name: z.string(),
  description: z.string(),
  priceCents: centsSchema,
  allergens: z.array(z.string()),
  imageUrl: z.string().nullable(),
  available: z.boolean(),
  stockStatus: stockStatusSchema,
  /** Units left; present only when `stockStatus` is "low". */
  stockLeft: z.number().int().min(0).optional(),
  modifierGroups: z.array(modifierGroupSchema),
});
export type MenuItem = z.infer<typeof menuItemSchema>;

export const menuCategorySchema = z.object({
  id: uuidSchema,
  name: z.string(),
  items: z.array(menuItemSchema),
});
export type MenuCategory = z.infer<typeof menuCategorySchema>;

/** `GET /api/v1/tables/:qrToken/menu` (with ETag / If-None-Match) */
export const menuSchema = z.object({
  restaurantId: uuidSchema,
  currency: currencySchema,
  /** Bumped by every change a diner would see; the ETag is built from it. */
  version: z.number().int(),
  categories: z.array(menuCategorySchema),
});
export type Menu = z.infer<typeof menuSchema>;
