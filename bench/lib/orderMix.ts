/**
 * What one benchmark order holds: one unit each of three dishes, one drawn
 * from each third of the stock-tracked dishes (in id order), so they are
 * distinct; with a hot dish, it takes the first third's place. The ceiling's
 * pgbench script draws the same way (orderCeiling.ts).
 */
export function pickDishes(dishIds: readonly string[], hotDishId?: string): string[] {
  const third = dishesPerThird(dishIds.length);
  const draw = (index: number) => dishIds[index * third + Math.floor(Math.random() * third)]!;
  return [hotDishId ?? draw(0), draw(1), draw(2)];
}

/** How many dishes each third holds (a remainder of one or two is never drawn). */
export function dishesPerThird(dishCount: number): number {
  const third = Math.floor(dishCount / 3);
  if (third < 1) throw new Error(`an order needs at least 3 dishes to draw from, not ${dishCount}`);
  return third;
}
