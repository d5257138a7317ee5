// `npm run migrate`: applies pending migrations (or reverts the last one with --revert).
import path from 'node:path';
import { loadConfig } from '../config';
import { createDataSource, runMigrations } from './data-source';
import { startEmbeddedPostgres } from './embedded';

async function main() {
  const config = loadConfig();
  const embedded = config.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: path.join(config.DATA_DIR, 'postgres'), port: config.EMBEDDED_PG_PORT });
  const ds = await createDataSource(config.DATABASE_URL ?? embedded!.url).initialize();
  try {
    if (process.argv.includes('--revert')) {
      await ds.undoLastMigration({ transaction: 'each' });
      console.log('reverted the last migration');
    } else {
      const ran = await runMigrations(ds);
      console.log(ran.length ? `applied: ${ran.join(', ')}` : 'nothing to apply');
    }
  } finally {
    await ds.destroy();
    await embedded?.stop();
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
