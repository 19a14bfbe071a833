import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config.js';

export type { Logger };

/**
 * Secrets never reach the logs, whichever object they sit in: the headers
 * that carry diner tokens, device tokens, staff cookies and the metrics token,
 * and any field named after a secret at the top or one level down.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'handshake.auth.token',
  'handshake.headers.cookie',
  ...['password', 'token', 'dinerToken', 'deviceToken', 'previousToken'].flatMap((field) => [field, `*.${field}`]),
];

/** The process's JSON logger; `destination` (stdout by default) lets a test read what was written. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.LOG_LEVEL,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
    },
    destination,
  );
}
