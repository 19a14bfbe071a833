import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { MOST_LINES } from './cartCycle.js';

/**
 * The ceiling of the cart benchmark: the same Socket.IO and Redis adapter the
 * server uses, with no cart logic. A client joins the room named in its
 * handshake (`auth: { room }`) and is sent a first state; on `op` `{ version,
 * lines }` the room gets a state the size of a real cart with that many
 * lines, carrying `version`, and the sender gets `{ ok: true, version }`.
 * Started as its own process (twice, sharing the adapter key) by servers.ts.
 */
const DISHES = ['Wild mushroom risotto', 'Fish & chips', 'Truffle parmesan fries', 'Flat white', 'Burrata'];
const COLORS = ['#d61f69', '#1d4ed8', '#15803d', '#b45309'];
const diners = COLORS.map((color, i) => ({ dinerId: randomUUID(), displayName: `Guest ${i + 1}`, color }));
const LINES = Array.from({ length: MOST_LINES + 1 }, (_, i) => ({
  lineId: randomUUID(),
  itemId: randomUUID(),
  name: DISHES[i % DISHES.length]!,
  unitPriceCents: 450 + 100 * i,
  quantity: 1,
  options: [],
  addedBy: diners[i % diners.length]!,
}));

const pub = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const sub = pub.duplicate();
const http = createServer((req, res) => {
  const ready = pub.status === 'ready' && sub.status === 'ready';
  res.writeHead(req.url === '/healthz' ? (ready ? 200 : 503) : 404).end();
});
const io = new Server(http, {
  adapter: createAdapter(pub, sub, { key: process.env.ADAPTER_KEY ?? 'bench-ceiling:socket.io' }),
  transports: ['websocket'],
  pingInterval: 20_000,
  pingTimeout: 20_000,
  serveClient: false,
});

function state(version: number, lines: number) {
  const shown = LINES.slice(0, lines);
  return {
    version,
    lines: shown,
    totalCents: shown.reduce((total, line) => total + line.unitPriceCents * line.quantity, 0),
    updatedBy: diners[version % diners.length],
  };
}

io.on('connection', (socket) => {
  const room: unknown = socket.handshake.auth.room;
  if (typeof room !== 'string') {
    socket.disconnect(true);
    return;
  }
  void socket.join(room);
  socket.emit('state', state(0, 0));
  socket.on('op', (op: { version?: unknown; lines?: unknown }, ack: unknown) => {
    if (typeof ack !== 'function' || typeof op?.version !== 'number' || typeof op.lines !== 'number') return;
    io.to(room).emit('state', state(op.version, op.lines));
    (ack as (answer: { ok: true; version: number }) => void)({ ok: true, version: op.version });
  });
});

http.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => {
  io.close(() => {
    void Promise.allSettled([pub.quit(), sub.quit()]).then(() => process.exit(0));
  });
});
