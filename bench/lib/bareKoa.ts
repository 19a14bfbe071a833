import Koa from 'koa';

/**
 * The ceiling of the HTTP benchmarks: the same Koa the server uses, with
 * nothing but `GET /healthz`. Started as its own process by servers.ts.
 */
const app = new Koa();
app.use((ctx) => {
  if (ctx.method === 'GET' && ctx.path === '/healthz') ctx.body = { status: 'ok' };
});

const server = app.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
