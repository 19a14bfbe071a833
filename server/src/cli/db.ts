import { seedDemo } from '@tableside/migrations';
import { loadConfig } from '../config.js';
import { createDb } from '../platform/db.js';
import { ensureDatabase, migrateLatest, rollbackAll } from '../platform/migrate.js';

/** `node server/dist/cli/db.js migrate|rollback|seed`: schema and demo data from the command line. */
const USAGE = 'usage: db.js migrate | rollback | seed';

const command = process.argv[2];
const config = loadConfig();
if (command === 'migrate') await ensureDatabase(config.DATABASE_URL);
const db = createDb(config.DATABASE_URL, 2);
try {
  switch (command) {
    case 'migrate': {
      const applied = await migrateLatest(db);
      console.log(applied.length ? `applied ${applied.join(', ')}` : 'already up to date');
      break;
    }
    case 'rollback': {
      const undone = await rollbackAll(db);
      console.log(undone.length ? `rolled back ${undone.join(', ')}` : 'nothing to roll back');
      break;
    }
    case 'seed': {
      const demo = await seedDemo(db);
      console.log(`seeded ${demo.tables.length} tables for restaurant ${demo.restaurantId}`);
      break;
    }
    default:
      console.error(USAGE);
      process.exitCode = 64;
  }
} finally {
  await db.destroy();
}
