export { createCartStore, type CartStore } from './cartStore.js';
export { attachDinerNamespace, restaurantDinersRoom, tableRoom } from './socket.js';
