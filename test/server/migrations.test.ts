// Migrations: all up, all down, all up again, on an empty database of the same server; two at once take turns.
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { testEnv } from '../setup';
import { createDataSource, runMigrations } from '../../server/db/data-source';
import { migrations } from '../../migrations';

describe('migrations', function () {
  this.timeout(60000);
  const name = `marsad_mig_${process.pid}_${Date.now().toString(36)}`;
  let url: string;

  before(async () => {
    const c = new Client({ connectionString: testEnv().databaseUrl });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const u = new URL(testEnv().databaseUrl);
    u.pathname = `/${name}`;
    url = u.toString();
  });

  after(async () => {
    const c = new Client({ connectionString: testEnv().databaseUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });

  const tables = async (ds: ReturnType<typeof createDataSource>) =>
    (await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`))
      .map((r: { table_name: string }) => r.table_name);

  it('runs all up, all down and all up again', async () => {
    const ds = await createDataSource(url, 2).initialize();
    try {
      const up = await runMigrations(ds);
      assert.equal(up.length, migrations.length);
      const first = await tables(ds);
      assert.ok(first.includes('responses') && first.includes('audit_events') && first.includes('questionnaire_versions'));
      for (let i = 0; i < migrations.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      assert.deepEqual(await tables(ds), []);
      const again = await runMigrations(ds);
      assert.equal(again.length, migrations.length);
      assert.deepEqual(await tables(ds), first);
      assert.deepEqual(await runMigrations(ds), []);
    } finally {
      await ds.destroy();
    }
  });

  it('two processes starting at once on an empty database take turns: each migration runs once, neither fails', async () => {
    const c = new Client({ connectionString: testEnv().databaseUrl });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}_two`);
    const u = new URL(testEnv().databaseUrl);
    u.pathname = `/${name}_two`;
    const both = [createDataSource(u.toString(), 1), createDataSource(u.toString(), 1)]; // pools of one: the lock is held outside them
    try {
      await Promise.all(both.map((ds) => ds.initialize()));
      const ran = await Promise.all(both.map((ds) => runMigrations(ds)));
      assert.deepEqual(ran.map((r) => r.length).sort((x, y) => x - y), [0, migrations.length]);
      const [row] = await both[0].query(`SELECT count(*)::int AS n, count(DISTINCT name)::int AS d FROM migrations`);
      assert.deepEqual(row, { n: migrations.length, d: migrations.length });
    } finally {
      for (const ds of both) if (ds.isInitialized) await ds.destroy();
      await c.query(`DROP DATABASE IF EXISTS ${name}_two WITH (FORCE)`);
      await c.end();
    }
  });
});
