export * from './cart.js';
export * from './options.js';
