export type * from './diner.js';
