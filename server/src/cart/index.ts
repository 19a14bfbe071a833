export { createCartMemory, type CartMemory } from './cartMemory.js';
export { createCartStore, type CartStore } from './cartStore.js';
export { attachDinerNamespace, restaurantDinersRoom, tableRoom } from './socket.js';
