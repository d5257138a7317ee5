// TypeORM DataSource over pg: synchronize off, explicit migrations, pool errors never crash the process.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
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

export async function runMigrations(ds: DataSource): Promise<string[]> {
  const done = await ds.runMigrations({ transaction: 'each' });
  return done.map((m) => m.name);
}
