import { seedDemo } from '@tableside/migrations';
import { loadConfig } from '../config.js';
import { createDb } from '../platform/db.js';
import { ensureDatabase, migrateLatest } from '../platform/migrate.js';

/**
 * `npm run demo`'s last step: database, schema and demo restaurant, then the
 * server itself, then what a person needs to try it.
 */
const config = loadConfig();
await ensureDatabase(config.DATABASE_URL);
const db = createDb(config.DATABASE_URL, 2);
const demo = await (async () => {
  try {
    await migrateLatest(db);
    return await seedDemo(db);
  } finally {
    await db.destroy();
  }
})();

await import('../main.js');

const base = config.PUBLIC_URL.replace(/\/$/, '');
const lines = [
  '',
  `Tableside is running at ${base}`,
  '',
  'Diner links (one per table QR code):',
  ...demo.tables.map((table) => `  ${table.label.padEnd(9)} ${base}/t/${table.qrToken}`),
  '',
  `Owner app:            ${base}/admin  (sign in as ${demo.owner.email} / ${demo.owner.password})`,
  `Kiosk pairing code:   ${demo.pairingCode}`,
  `Health:               ${base}/readyz`,
  '',
  'Stop with Ctrl+C.',
  '',
];
process.stdout.write(lines.join('\n'));
