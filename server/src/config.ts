import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The roles one server process can play; `ROLE` picks a comma-separated subset. */
export const ROLES = ['client-api', 'admin-api', 'realtime', 'relay'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Roles whose code exists. A role named in `ROLES` but not listed here is
 * refused at start-up rather than started as an empty shell.
 */
export const IMPLEMENTED_ROLES: readonly Role[] = ['client-api', 'admin-api', 'realtime', 'relay'];

const DEV_SECRET = 'dev-only-secret-change-me-0123456789abcdef';

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );

const roleList = z
  .string()
  .trim()
  .transform((value, ctx): Role[] => {
    if (value === '' || value === 'all') return [...IMPLEMENTED_ROLES];
    const names = [...new Set(value.split(',').map((name) => name.trim()))];
    for (const name of names) {
      if (!(ROLES as readonly string[]).includes(name)) {
        ctx.addIssue({ code: 'custom', message: `unknown role "${name}"; roles are ${ROLES.join(', ')}` });
      } else if (!IMPLEMENTED_ROLES.includes(name as Role)) {
        ctx.addIssue({ code: 'custom', message: `role "${name}" is not implemented yet` });
      }
    }
    return names as Role[];
  });

const secret = z.string().min(32, 'must be at least 32 characters');

/** pwa/dist of this checkout, from server/src (tests) and server/dist (the build) alike. */
const DEFAULT_PWA_DIST_DIR = fileURLToPath(new URL('../../pwa/dist', import.meta.url));

/** The one schema for the environment. Every variable is listed in `.env.example`. */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/tableside'),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
    /**
     * No statement of the server runs longer, and no transaction of its sits
     * idle longer: an order save stuck behind a lock answers 503 (retryable)
     * rather than holding every order of the process.
     */
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[a-z0-9:_-]*$/i, 'letters, digits, ":", "_" and "-" only')
      .default('tableside:'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    ROLE: roleList.default([...IMPLEMENTED_ROLES]),
    PUBLIC_URL: url(['http:', 'https:']).default('http://localhost:3000'),
    TOKEN_SECRET: secret.default(DEV_SECRET),
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(180),
    SOCKET_TRANSPORTS: z
      .string()
      .transform((value) => value.split(',').map((name) => name.trim()))
      .pipe(z.array(z.enum(['websocket', 'polling'])).min(1))
      .default(['websocket', 'polling']),
    TABLE_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
    ORDERS_STREAM_MAXLEN: z.coerce.number().int().min(1_000).default(100_000),
    STOCK_RETRY_LIMIT: z.coerce.number().int().min(1).max(1_000).default(50),
    /**
     * Submits this process works on at once, at most; one more is answered
     * 503 SERVER_BUSY at once (the phone retries with its key): past its
     * capacity, a process answers fast instead of queueing without end.
     */
    ORDERS_IN_FLIGHT_MAX: z.coerce.number().int().min(1).default(100),
    RELAY_INTERVAL_MS: z.coerce.number().int().min(50).default(1_000),
    RELAY_MIN_AGE_MS: z.coerce.number().int().min(0).default(3_000),
    PAIR_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(10),
    STREAM_CLAIM_IDLE_MS: z.coerce.number().int().min(100).default(15_000),
    STREAM_MAX_DELIVERIES: z.coerce.number().int().min(1).default(5),
    STAFF_SESSION_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(12),
    LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
    LOGIN_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
    /** Bearer token for GET /metrics; unset, the endpoint does not exist. */
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    JOIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    /** Origins (scheme://host[:port]) of other sites allowed to call the API from a browser; empty: same origin only. */
    CORS_ORIGINS: z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(z.array(url(['http:', 'https:']).transform((origin) => new URL(origin).origin)))
      .default([]),
    /** A client must send its request headers within this time, and the whole request within the next. */
    HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    /** Each socket's events: a sustained rate and a burst on top; past them, acks say RATE_LIMITED. */
    SOCKET_EVENTS_PER_SECOND: z.coerce.number().int().min(1).default(20),
    SOCKET_EVENT_BURST: z.coerce.number().int().min(1).default(60),
    /** The built diner app the client API serves; relative paths are from the working directory. */
    PWA_DIST_DIR: z
      .string()
      .trim()
      .min(1)
      .transform((path) => resolve(path))
      .default(DEFAULT_PWA_DIST_DIR),
  })
  .superRefine((config, ctx) => {
    if (config.NODE_ENV === 'production' && config.TOKEN_SECRET === DEV_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['TOKEN_SECRET'], message: 'must be set in production' });
    }
    if (config.HTTP_HEADERS_TIMEOUT_MS > config.HTTP_REQUEST_TIMEOUT_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['HTTP_HEADERS_TIMEOUT_MS'],
        message: 'must not exceed HTTP_REQUEST_TIMEOUT_MS',
      });
    }
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the environment once. Empty strings count as unset, so `.env` files
 * can list a variable without a value. Throws a ConfigError naming every bad
 * variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(
    Object.keys(configSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const result = configSchema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(config)'}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
