import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createDb, type Knex } from '../../platform/db.js';
import { migrateLatest } from '../../platform/migrate.js';
import { run } from './childProcess.js';
import { freeLoopbackPort } from './ports.js';

/** A Postgres cluster of one fault test file's own, which it may stop and restart without touching anyone else's. */
export interface PrivatePostgres {
  /** The migrated `tableside` database. */
  url: string;
  /** Stops it at once, as a crash would (`pg_ctl stop -m immediate`): connections drop, no checkpoint. */
  kill(): Promise<void>;
  /** Starts it again on the same port, with the same data. */
  start(): Promise<void>;
  /** A pool for the test's own look at the data. */
  db(): Knex;
  close(): Promise<void>;
}

const DATABASE = 'tableside';

/** Debian's newest Postgres binaries, or wherever `pg_config` says they are. */
async function postgresBin(): Promise<string> {
  const versions = await readdir('/usr/lib/postgresql').catch(() => [] as string[]);
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (newest) return `/usr/lib/postgresql/${newest}/bin`;
  return (await run('pg_config', ['--bindir'])).trim();
}

/**
 * initdb into a temporary directory and pg_ctl start on a free loopback port,
 * its socket in that directory too. Postgres refuses to run as root, so as
 * root the cluster belongs to the `postgres` user.
 */
export async function startPrivatePostgres(
  options: { settings?: Record<string, string> } = {},
): Promise<PrivatePostgres> {
  const bin = await postgresBin();
  const port = await freeLoopbackPort();
  const dir = await mkdtemp(join(tmpdir(), 'tableside-fault-pg-'));
  const data = join(dir, 'data');
  const asRoot = userInfo().uid === 0;
  const as = (command: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', `${bin}/${command}`, ...args]) : run(`${bin}/${command}`, args);
  if (asRoot) {
    const { uid, gid } = await postgresUser();
    await chown(dir, uid, gid);
  }
  await as('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);

  const settings = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: dir,
    // A crash of the server process keeps the OS's page cache, so commits survive it without fsync.
    fsync: 'off',
    max_connections: '200',
    ...options.settings,
  };
  const serverOptions = Object.entries(settings)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ');
  const start = async () => {
    await as('pg_ctl', ['-D', data, '-l', join(dir, 'postgres.log'), '-o', serverOptions, '-w', '-t', '30', 'start']);
  };
  const kill = async () => {
    await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  };

  await start();
  const root = `postgres://postgres@127.0.0.1:${port}`;
  const admin = createDb(`${root}/postgres`, 1);
  await admin.raw('create database ??', [DATABASE]);
  await admin.destroy();
  const url = `${root}/${DATABASE}`;
  const migrator = createDb(url, 1);
  await migrateLatest(migrator);
  await migrator.destroy();

  const pools: Knex[] = [];
  return {
    url,
    kill,
    start,
    db() {
      const pool = createDb(url, 5);
      pools.push(pool);
      return pool;
    },
    async close() {
      for (const pool of pools) await pool.destroy();
      await kill().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const uid = Number((await run('id', ['-u', 'postgres'])).trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).trim());
  return { uid, gid };
}
