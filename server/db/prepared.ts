// Named (server-side prepared) statements for the hottest calls: PostgreSQL parses and plans them once per connection.
import type { EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import type { Pool, PoolClient } from 'pg';

/**
 * Runs `text` as the prepared statement `name` (one name per text, program-wide) and gives its rows. Inside a
 * transaction (an EntityManager with a query runner) it runs on that transaction's connection, otherwise on a pooled
 * one, as em.query would. Errors are the driver's (mapDbError reads both them and TypeORM's wrappers). pg keeps the
 * statement per connection: the first call on a connection parses it, later calls only bind and execute — worth it for
 * a statement whose planning is a visible share of its cost (the submit call: ≈ 80 µs of ≈ 500 µs PostgreSQL CPU).
 */
export async function preparedRows<T>(em: EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  const qr = em.queryRunner;
  if (qr && !qr.isReleased) {
    const client = (await qr.connect()) as PoolClient;
    return (await client.query({ name, text, values })).rows as T[];
  }
  const pool = (em.connection.driver as PostgresDriver).master as Pool;
  return (await pool.query({ name, text, values })).rows as T[];
}
