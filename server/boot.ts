// Starts Marsad: database (embedded or DATABASE_URL), migrations, first admin, demo seed, HTTP server,
// and a graceful stop (stop accepting, drain, close the pool, stop the embedded server).
import http from 'node:http';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { loadConfig, publicUrl, type TConfig } from './config';
import { createDataSource, runMigrations } from './db/data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded';
import { createApp, type MarsadApp } from './app';
import type { AppContext } from './context';
import { generatePassword, hashPassword } from './auth/passwords';
import { seedDemo } from './seed/demo';
import { audit } from './services/audit';
import { startJobs } from './services/jobs';

export interface Marsad {
  ctx: AppContext;
  app: MarsadApp;
  server?: http.Server;
  url: string;
  embedded?: EmbeddedDatabase;
  /** first admin's credentials when this start created the account */
  createdAdmin?: { email: string; password: string };
  stop(): Promise<void>;
}

export async function initDataSource(url: string, config: TConfig, log: AppContext['log']): Promise<DataSource> {
  const ds = createDataSource(url, config.DB_POOL_SIZE, (m) => log('error', m));
  const deadline = Date.now() + 30000;
  for (;;) {
    try { return await ds.initialize(); } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Creates the first administrator when there is no user yet; returns the password to print once. */
export async function ensureFirstAdmin(ds: DataSource, config: TConfig): Promise<{ id: string; created?: { email: string; password: string } }> {
  return ds.transaction(async (em) => {
    await em.query(`SELECT pg_advisory_xact_lock(872301)`);
    const admins = await em.query(`SELECT id FROM users WHERE is_admin ORDER BY created_at LIMIT 1`);
    if (admins.length) return { id: admins[0].id };
    const password = config.ADMIN_PASSWORD ?? generatePassword();
    const rows = await em.query(
      `INSERT INTO users (email, name, password_hash, is_admin) VALUES ($1, 'Administrator', $2, true) RETURNING id`,
      [config.ADMIN_EMAIL, await hashPassword(password)]);
    await audit(em, { action: 'user.create', targetType: 'user', targetId: rows[0].id, details: { email: config.ADMIN_EMAIL, firstAdmin: true } });
    return { id: rows[0].id, created: { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD ? '(from ADMIN_PASSWORD)' : password } };
  });
}

export async function startMarsad(opts: { config?: TConfig; listen?: boolean; log?: AppContext['log'] } = {}): Promise<Marsad> {
  const config = opts.config ?? loadConfig();
  const order = { silent: 0, error: 1, info: 2, debug: 3 } as const;
  const log: AppContext['log'] = opts.log ?? ((level, msg) => {
    if (order[level] <= order[config.LOG_LEVEL]) (level === 'error' ? console.error : console.log)(`[marsad] ${msg}`);
  });
  let embedded: EmbeddedDatabase | undefined;
  let url = config.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(config.DATA_DIR, 'postgres'), port: config.EMBEDDED_PG_PORT, log: (m) => log('error', m) });
    url = embedded.url;
    log('info', `embedded PostgreSQL on port ${embedded.port} (data in ${path.join(config.DATA_DIR, 'postgres')})`);
  }
  const db = await initDataSource(url, config, log);
  const ran = await runMigrations(db);
  if (ran.length) log('info', `migrations applied: ${ran.join(', ')}`);
  const admin = await ensureFirstAdmin(db, config);
  if (config.SEED_DEMO) {
    const seeded = await db.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(872302)`);
      return seedDemo(em, admin.id);
    });
    if (seeded) log('info', 'demo programme seeded');
  }
  const readDb = config.DATABASE_READ_URL ? await initDataSource(config.DATABASE_READ_URL, config, log) : undefined;
  if (readDb) log('info', 'read replica: dashboards, indicator values and exports read from DATABASE_READ_URL');
  let port = config.PORT;
  const ctx: AppContext = {
    config, db, readDb, log, shuttingDown: false, onShutdown: [], services: {},
    baseUrl: () => publicUrl(config, port),
  };
  const app = createApp(ctx);
  // background jobs (reminder schedules) on the same database; stopped by the shutdown hooks
  if (config.JOBS) await startJobs(ctx);
  let server: http.Server | undefined;
  if (opts.listen !== false) {
    server = http.createServer(app.app);
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(config.PORT, config.HOST, () => resolve());
    });
    port = (server.address() as { port: number }).port;
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    ctx.shuttingDown = true;
    if (server) {
      const closed = new Promise<void>((r) => server!.close(() => r()));
      server.closeIdleConnections();
      await Promise.race([closed, new Promise((r) => setTimeout(r, 10000))]);
      server.closeAllConnections();
    }
    for (const hook of ctx.onShutdown.reverse()) await hook().catch((e) => log('error', `shutdown hook: ${String(e)}`));
    if (db.isInitialized) await db.destroy().catch(() => undefined);
    if (readDb?.isInitialized) await readDb.destroy().catch(() => undefined);
    if (embedded) await embedded.stop().catch(() => undefined);
  };
  return { ctx, app, server, url: ctx.baseUrl(), embedded, createdAdmin: admin.created, stop };
}
