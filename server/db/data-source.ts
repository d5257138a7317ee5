// TypeORM DataSource over pg: synchronize off, explicit migrations, pool errors never crash the process.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { Client } from 'pg';
import { migrations } from '../../migrations';

export function createDataSource(url: string, poolSize = 10, log: (m: string) => void = () => undefined): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTransactionMode: 'each',
    entities: [],
    logging: false,
    poolSize,
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 3000,
      idleTimeoutMillis: 30000,
      statement_timeout: 60000,
      application_name: 'marsad',
    },
    poolErrorHandler: (err: unknown) => log(`database pool error: ${String((err as Error)?.message ?? err)}`),
  });
}

/** pg_advisory_lock keys (other values than the transaction locks of boot.ts) */
export const LOCKS = { migrations: 872300, jobQueues: 872303, csvCacheRefresh: 872304 } as const;

/**
 * Runs `fn` holding a session advisory lock on the database at `url`, on its own connection outside any pool (a pool
 * of one cannot deadlock): processes starting at once on one database take turns at set-up steps that are not safe
 * to run concurrently.
 */
export async function withAdvisoryLock<T>(url: string | undefined, key: number, fn: () => Promise<T>): Promise<T> {
  const lock = new Client({ connectionString: url, application_name: 'marsad-lock' });
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock($1)`, [key]);
    return await fn();
  } finally {
    await lock.end(); // ending the session releases the lock
  }
}

/**
 * Like withAdvisoryLock, but does not wait: when another session holds the lock, `fn` is not run and the answer is
 * `{ ran: false }` (for background work that one process at a time is enough to do).
 */
export async function tryWithAdvisoryLock<T>(url: string | undefined, key: number, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  const lock = new Client({ connectionString: url, application_name: 'marsad-lock' });
  await lock.connect();
  try {
    const [{ ok }] = (await lock.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock($1) AS ok`, [key])).rows;
    return ok ? { ran: true, value: await fn() } : { ran: false };
  } finally {
    await lock.end(); // ending the session releases the lock
  }
}

/**
 * Applies pending migrations. Several processes starting at once on one database (instances behind a load balancer)
 * take turns, so the second finds nothing left to apply instead of failing on the first one's half-made schema.
 */
export async function runMigrations(ds: DataSource): Promise<string[]> {
  const done = await withAdvisoryLock((ds.options as { url?: string }).url, LOCKS.migrations, () => ds.runMigrations({ transaction: 'each' }));
  return done.map((m) => m.name);
}
