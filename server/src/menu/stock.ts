import type { StockStatus } from '@tableside/shared';

/**
 * What a diner may see of an item's stock: nothing above the low threshold,
 * the exact count at or below it, "sold out" at zero.
 */
export function visibleStock(stock: number | null, lowThreshold: number): { status: StockStatus; left?: number } {
  if (stock === null || stock > lowThreshold) return { status: 'in_stock' };
  if (stock === 0) return { status: 'sold_out', left: 0 };
  return { status: 'low', left: stock };
}

/** Whether a stock change is one diners would notice, so the menu version (and ETag) must move. */
export function stockChangeIsVisible(before: number | null, after: number | null, lowThreshold: number): boolean {
  const a = visibleStock(before, lowThreshold);
  const b = visibleStock(after, lowThreshold);
  return a.status !== b.status || a.left !== b.left;
}
