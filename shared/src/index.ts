export * from './errors.js';
export * from './schemas/common.js';
export * from './schemas/menu.js';
export * from './schemas/tables.js';
