// Typed configuration read once from the environment (every variable is documented in README.md).
import { z } from 'zod';
import path from 'node:path';
import { PROJECT_ROOT } from './paths';

const bool = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

export const ZConfig = z.object({
  DATABASE_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().default(path.join(PROJECT_ROOT, '.data')),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SEED_DEMO: bool.default(true),
  ADMIN_EMAIL: z.string().email().default('admin@marsad.local'),
  ADMIN_PASSWORD: z.string().min(10).optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Marsad <no-reply@marsad.local>'),
  JOBS: bool.default(true),
  TRUST_PROXY: bool.default(false),
  /** rate limits on login and invitation links (off only for benchmarks) */
  RATE_LIMITS: bool.default(true),
  BODY_LIMIT: z.string().default('1mb'),
  LOG_LEVEL: z.enum(['silent', 'error', 'info', 'debug']).default('info'),
});
export type TConfig = z.infer<typeof ZConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): TConfig {
  const parsed = ZConfig.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  return parsed.data;
}

export function publicUrl(config: TConfig, port: number): string {
  return (config.PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`).replace(/\/$/, '');
}
