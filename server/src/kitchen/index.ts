export { authenticateDevice, hashPairingCode, pairDevice, type DeviceRow } from './devices.js';
export { kitchenRouter } from './routes.js';
export { attachKitchenNamespace, deviceRoom, kitchenRoom } from './socket.js';
export { startStreamConsumer } from './streamConsumer.js';
