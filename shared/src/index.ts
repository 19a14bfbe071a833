// First: it configures Zod before any schema below is built.
import './zodConfig.js';
export * from './errors.js';
export * from './cart/index.js';
export type * from './events/index.js';
export * from './schemas/cart.js';
export * from './schemas/common.js';
export * from './schemas/fieldIssue.js';
export * from './schemas/menu.js';
export * from './schemas/tables.js';
export * from './geo.js';
export * from './schemas/orders.js';
export * from './schemas/kitchen.js';
export * from './schemas/admin.js';
export * from './schemas/adminMenu.js';
export * from './schemas/adminTables.js';
export * from './schemas/adminOrders.js';
