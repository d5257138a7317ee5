// Mocha root hooks: one fresh database per test run (embedded PostgreSQL in a temp folder by default,
// a new database on DATABASE_URL's server when given), all migrations, the demo programme seeded once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { Client } from 'pg';
import { loadConfig } from '../server/config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../server/db/embedded';
import { ensureFirstAdmin, initDataSource } from '../server/boot';
import { runMigrations } from '../server/db/data-source';
import { seedDemo, DEMO_CODE } from '../server/seed/demo';
import { createApp, type MarsadApp } from '../server/app';
import type { AppContext } from '../server/context';
import { contractCheck } from '../server/http/registry';

// every typed route's JSON answer is checked against its declared response schema during tests
contractCheck.enabled = true;

export const ADMIN_EMAIL = 'admin@test.local';
export const ADMIN_PASSWORD = 'admin-password-123';

export interface TestEnv {
  ctx: AppContext;
  app: MarsadApp;
  databaseUrl: string;
  embedded?: EmbeddedDatabase;
  demoProgrammeId: string;
  adminId: string;
  /** a listening HTTP server for browser tests (started on first call) */
  listen(): Promise<string>;
}

let env: TestEnv | undefined;
let cleanup: Array<() => Promise<void>> = [];

export function testEnv(): TestEnv {
  if (!env) throw new Error('test environment not started');
  return env;
}

async function freshDatabase(): Promise<{ url: string; embedded?: EmbeddedDatabase }> {
  const given = process.env.DATABASE_URL;
  if (!given) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marsad-test-'));
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: 0 }); // 0: a random free port, so parallel runs never race for one
    cleanup.push(async () => { await embedded.stop(); fs.rmSync(dir, { recursive: true, force: true }); });
    return { url: embedded.url, embedded };
  }
  const name = `marsad_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: given });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(given);
  u.pathname = `/${name}`;
  cleanup.push(async () => {
    const c = new Client({ connectionString: given });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });
  return { url: u.toString() };
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120000);
    const { url, embedded } = await freshDatabase();
    const config = loadConfig({ ...process.env, DATABASE_URL: url, ADMIN_EMAIL, ADMIN_PASSWORD, LOG_LEVEL: 'silent', JOBS: 'false', SMTP_URL: '' });
    const log: AppContext['log'] = (level, msg) => { if (level === 'error' && process.env.TEST_LOG) console.error(msg); };
    const db = await initDataSource(url, config, log);
    await runMigrations(db);
    const admin = await ensureFirstAdmin(db, config);
    await db.transaction((em) => seedDemo(em, admin.id));
    const demo = await db.query(`SELECT id FROM programmes WHERE code = $1`, [DEMO_CODE]);
    let server: http.Server | undefined;
    let baseUrl = '';
    const ctx: AppContext = {
      config, db, log, shuttingDown: false, onShutdown: [], services: {}, baseUrl: () => baseUrl || 'http://127.0.0.1',
    };
    const app = createApp(ctx);
    env = {
      ctx, app, databaseUrl: url, embedded, demoProgrammeId: demo[0].id, adminId: admin.id,
      async listen() {
        if (server) return baseUrl;
        server = http.createServer(app.app);
        await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
        baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
        return baseUrl;
      },
    };
    cleanup.unshift(async () => {
      if (server) { server.closeAllConnections(); await new Promise((r) => server!.close(() => r(undefined))); }
      for (const hook of ctx.onShutdown.reverse()) await hook().catch(() => undefined);
      if (db.isInitialized) await db.destroy();
    });
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60000);
    for (const c of cleanup) await c().catch((e) => console.error('cleanup:', e));
    cleanup = [];
  },
};
