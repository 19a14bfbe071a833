import { z } from 'zod';
import { centsSchema, currencySchema, displayTextSchema, uuidSchema } from './common.js';
import { FIELD_MESSAGES } from './fieldIssue.js';

/**
 * The owner's menu API (`/api/v1/admin/menu...`). Every update is a
 * compare-and-set: the body's `expectedVersion` (or an `If-Match: <version>`
 * header) must be the entry's current version, else 409 VERSION_CONFLICT with
 * the current entry in `details.current`.
 */

/** Most units of one item the stock can count. */
export const MAX_STOCK = 1_000_000;

export const expectedVersionSchema = z.number().int().min(1).max(2_147_483_647);

const nameSchema = displayTextSchema(120);
const descriptionSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => !/[\p{Cc}]/u.test(value.replace(/\n/g, '')), FIELD_MESSAGES.controlCharacters);
const allergensSchema = z
  .array(displayTextSchema(40))
  .max(20)
  .refine((list) => new Set(list).size === list.length, FIELD_MESSAGES.allergenTwice);
const imageUrlSchema = z
  .url({ protocol: /^https?$/, error: FIELD_MESSAGES.httpAddress })
  .max(2000)
  .refine((value) => !/[\p{Cc}]/u.test(value), FIELD_MESSAGES.controlCharacters)
  .nullable();
/** Units left; null = not counted (never sells out). */
const stockSchema = z.number().int().min(0).max(MAX_STOCK).nullable();
/** The full ordered list of ids, each once. */
const orderedIdsSchema = z
  .array(uuidSchema)
  .max(1000)
  .refine((ids) => new Set(ids).size === ids.length, FIELD_MESSAGES.idTwice);
const minChoicesSchema = z.number().int().min(0).max(50);
const maxChoicesSchema = z.number().int().min(1).max(50);
/** May be negative ("no cheese"); a line's price never goes below zero. */
const priceDeltaSchema = z.number().int().min(-10_000_000).max(10_000_000);

const changesSomething = (body: object) => Object.keys(body).some((key) => key !== 'expectedVersion');
const SOMETHING = { message: FIELD_MESSAGES.changeSomething };
const minWithinMax = (body: { min?: number; max?: number }) =>
  body.min === undefined || body.max === undefined || body.min <= body.max;
const MIN_WITHIN_MAX = { message: FIELD_MESSAGES.minWithinMax, path: ['min'] };

/** `POST /menu/categories`: appended at the end. */
export const createCategoryBodySchema = z.strictObject({ name: nameSchema });
/** `PATCH /menu/categories/:id` */
export const editCategoryBodySchema = z.strictObject({
  name: nameSchema.optional(),
  expectedVersion: expectedVersionSchema,
});
/** `POST /menu/categories/reorder`: every category of the restaurant, in the new order. */
export const reorderCategoriesBodySchema = z.strictObject({ ids: orderedIdsSchema });

const itemFields = {
  name: nameSchema,
  description: descriptionSchema,
  priceCents: centsSchema,
  allergens: allergensSchema,
  imageUrl: imageUrlSchema,
  available: z.boolean(),
  stock: stockSchema,
};

/** `POST /menu/items`: appended at the end of its category. */
export const createItemBodySchema = z.strictObject({
  categoryId: uuidSchema,
  name: itemFields.name,
  description: itemFields.description.optional(),
  priceCents: itemFields.priceCents,
  allergens: itemFields.allergens.optional(),
  imageUrl: itemFields.imageUrl.optional(),
  available: itemFields.available.optional(),
  stock: itemFields.stock.optional(),
});
/** `PATCH /menu/items/:id`: a new `categoryId` moves the item to the end of that category. */
export const editItemBodySchema = z
  .strictObject({
    categoryId: uuidSchema.optional(),
    ...z.object(itemFields).partial().shape,
    expectedVersion: expectedVersionSchema,
  })
  .refine(changesSomething, SOMETHING);
/** `POST /menu/items/reorder`: every item of the category, in the new order. */
export const reorderItemsBodySchema = z.strictObject({ categoryId: uuidSchema, ids: orderedIdsSchema });
/** `POST /menu/items/:id/availability`: "86" an item, or bring it back. */
export const itemAvailabilityBodySchema = z.strictObject({
  available: z.boolean(),
  expectedVersion: expectedVersionSchema,
});
/**
 * `POST /menu/items/:id/stock`: `set` a count (null stops counting) or
 * `adjust` the count by a number of units (never below zero).
 */
export const itemStockBodySchema = z
  .strictObject({
    set: stockSchema.optional(),
    adjust: z
      .number()
      .int()
      .min(-MAX_STOCK)
      .max(MAX_STOCK)
      .refine((units) => units !== 0, FIELD_MESSAGES.notZero)
      .optional(),
    expectedVersion: expectedVersionSchema,
  })
  .refine((body) => (body.set === undefined) !== (body.adjust === undefined), {
    message: FIELD_MESSAGES.setOrAdjust,
    path: ['set'],
  });

/** `POST /menu/items/:id/groups`: appended after the item's other groups. */
export const createModifierGroupBodySchema = z
  .strictObject({ name: nameSchema, min: minChoicesSchema, max: maxChoicesSchema })
  .refine(minWithinMax, MIN_WITHIN_MAX);
/** `PATCH /menu/groups/:id` */
export const editModifierGroupBodySchema = z
  .strictObject({
    name: nameSchema.optional(),
    min: minChoicesSchema.optional(),
    max: maxChoicesSchema.optional(),
    expectedVersion: expectedVersionSchema,
  })
  .refine(minWithinMax, MIN_WITHIN_MAX)
  .refine(changesSomething, SOMETHING);

/** `POST /menu/groups/:id/options`: appended after the group's other options. */
export const createModifierOptionBodySchema = z.strictObject({
  name: nameSchema,
  priceDeltaCents: priceDeltaSchema,
  available: z.boolean().optional(),
});
/** `PATCH /menu/options/:id` */
export const editModifierOptionBodySchema = z
  .strictObject({
    name: nameSchema.optional(),
    priceDeltaCents: priceDeltaSchema.optional(),
    available: z.boolean().optional(),
    expectedVersion: expectedVersionSchema,
  })
  .refine(changesSomething, SOMETHING);

// What the owner sees: every field, with the version each update must name.

const versioned = { version: z.number().int().min(1), position: z.number().int() };

export const adminModifierOptionSchema = z.object({
  id: uuidSchema,
  groupId: uuidSchema,
  name: z.string(),
  priceDeltaCents: z.number().int(),
  available: z.boolean(),
  ...versioned,
});
export type AdminModifierOption = z.infer<typeof adminModifierOptionSchema>;

export const adminModifierGroupSchema = z.object({
  id: uuidSchema,
  itemId: uuidSchema,
  name: z.string(),
  min: z.number().int().min(0),
  max: z.number().int().min(1),
  ...versioned,
  options: z.array(adminModifierOptionSchema),
});
export type AdminModifierGroup = z.infer<typeof adminModifierGroupSchema>;

export const adminMenuItemSchema = z.object({
  id: uuidSchema,
  categoryId: uuidSchema,
  name: z.string(),
  description: z.string(),
  priceCents: centsSchema,
  allergens: z.array(z.string()),
  imageUrl: z.string().nullable(),
  available: z.boolean(),
  /** The exact count (diners only see it when it is low); null = not counted. */
  stock: z.number().int().min(0).nullable(),
  ...versioned,
  modifierGroups: z.array(adminModifierGroupSchema),
});
export type AdminMenuItem = z.infer<typeof adminMenuItemSchema>;

export const adminMenuCategorySchema = z.object({
  id: uuidSchema,
  name: z.string(),
  ...versioned,
  items: z.array(adminMenuItemSchema),
});
export type AdminMenuCategory = z.infer<typeof adminMenuCategorySchema>;

/** `GET /api/v1/admin/menu` */
export const adminMenuSchema = z.object({
  restaurantId: uuidSchema,
  currency: currencySchema,
  /** The menu version diners' ETags are built from. */
  version: z.number().int(),
  categories: z.array(adminMenuCategorySchema),
});
export type AdminMenu = z.infer<typeof adminMenuSchema>;
