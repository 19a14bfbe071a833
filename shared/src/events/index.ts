export type * from './diner.js';
export type * from './kitchen.js';
export type * from './staff.js';
