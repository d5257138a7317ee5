// What the running app is made of, handed to routes and services: config, database, mailer, clock.
import type { DataSource } from 'typeorm';
import type { TConfig } from './config';

export interface AppContext {
  config: TConfig;
  db: DataSource;
  /** the read replica (DATABASE_READ_URL) for routes declared `replica: true`; absent: they read the primary */
  readDb?: DataSource;
  /** base URL that links in mails and responses are built on */
  baseUrl: () => string;
  log: (level: 'error' | 'info' | 'debug', msg: string) => void;
  /** set by main when shutting down: new requests get 503 */
  shuttingDown: boolean;
  /** services register hooks to run at shutdown (job queue, mail transport) */
  onShutdown: Array<() => Promise<void>>;
  /** lazily created services shared by routes (mailer, job queue); keyed by name */
  services: Record<string, unknown>;
}
