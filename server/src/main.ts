import { ConfigError, loadConfig } from './config.js';
import { createServer } from './createServer.js';
import { createLogger } from './platform/logger.js';

/** Reads the config, starts the roles asked for, and shuts down cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }

  const logger = createLogger(config);
  // A library that drops a promise (the Socket.IO Redis adapter does, for a
  // publish on a broken connection) must not take every table's service down
  // with it: log it loudly and keep serving.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  const server = await createServer(config, { logger });
  const port = await server.listen();
  logger.info({ port, roles: config.ROLE, publicUrl: config.PUBLIC_URL }, 'tableside listening');

  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`tableside failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
}
