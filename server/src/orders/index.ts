export { businessDate, placeOrder, type OrderDeps } from './placeOrder.js';
export { loadOrder, loadOrders, openOrders, sessionOrders } from './repo.js';
export { ordersRouter } from './routes.js';
export {
  changeOrderStatus,
  readOrderForChange,
  writeStatusChange,
  type Actor,
  type OrderChangeDeps,
  type StatusMove,
} from './changeOrderStatus.js';
export {
  checkLocation,
  distanceFromRestaurant,
  networkOf,
  normalizeIp,
  readLocationRules,
  type LocationRules,
  type LocationVerdict,
} from './location.js';
