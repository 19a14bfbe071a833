import { appError } from '../../platform/errors.js';
import { changeMenu, type MenuDeps } from './changeMenu.js';
import { insertEntry, loadEntry, nextPosition, parentExists, type MenuRows } from './repo.js';

export interface NewItem {
  categoryId: string;
  name: string;
  description?: string;
  priceCents: number;
  allergens?: string[];
  imageUrl?: string | null;
  available?: boolean;
  stock?: number | null;
}

/** A new item at the end of its category; what is left out takes the schema's defaults. */
export async function createItem(deps: MenuDeps, input: { restaurantId: string; item: NewItem }): Promise<MenuRows> {
  const { restaurantId, item } = input;
  return changeMenu(deps, restaurantId, async (trx) => {
    if (!(await parentExists(trx, restaurantId, 'category', item.categoryId))) {
      throw appError('NOT_FOUND', { categoryId: item.categoryId }, 'No such category.');
    }
    const position = await nextPosition(trx, 'item', { restaurant_id: restaurantId, category_id: item.categoryId });
    const row = await insertEntry(trx, 'item', {
      restaurant_id: restaurantId,
      category_id: item.categoryId,
      name: item.name,
      description: item.description,
      price_cents: item.priceCents,
      allergens: item.allergens,
      image_url: item.imageUrl,
      available: item.available,
      stock: item.stock,
      position,
    });
    return { result: await loadEntry(trx, restaurantId, 'item', row.id), visible: true };
  });
}
