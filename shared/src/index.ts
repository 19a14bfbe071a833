export * from './errors.js';
export * from './cart/index.js';
export type * from './events/index.js';
export * from './schemas/cart.js';
export * from './schemas/common.js';
export * from './schemas/menu.js';
export * from './schemas/tables.js';
export * from './geo.js';
export * from './schemas/orders.js';
