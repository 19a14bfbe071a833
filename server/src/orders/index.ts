export { businessDate, placeOrder, type OrderDeps } from './placeOrder.js';
export { loadOrder, openOrders, sessionOrders } from './repo.js';
export { ordersRouter } from './routes.js';
export { changeOrderStatus, moveOrder, type Actor, type StatusMove } from './changeOrderStatus.js';
