// Typed configuration read once from the environment (every variable is documented in README.md).
import { z } from 'zod';
import path from 'node:path';
import { passwordProblem } from './auth/passwords';
import { PROJECT_ROOT } from './paths';

const bool = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

/**
 * TRUST_PROXY, Express `trust proxy` semantics without "trust everything": empty/false/0 = no proxy; a number = how many
 * proxies in front of the app append to X-Forwarded-For (1 = one nginx/Caddy); otherwise a comma-separated list of the
 * proxies' addresses or subnets (`10.0.0.5`, `10.0.0.0/8`, `loopback`, `uniquelocal`). `true` is refused: it would let any
 * client choose its own address (and dodge the rate limits) with a forged X-Forwarded-For.
 */
export const ZTrustProxy = z.string().trim().transform((v, c): false | number | string[] => {
  if (v === '' || v === 'false' || v === '0') return false;
  if (/^\d+$/.test(v)) return Number(v);
  if (v === 'true') {
    c.addIssue({ code: 'custom', message: 'TRUST_PROXY=true would trust every address; give the number of proxies in front of Marsad (e.g. 1) or their addresses' });
    return z.NEVER;
  }
  const list = v.split(',').map((x) => x.trim()).filter(Boolean);
  const bad = list.filter((x) => !/^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/.test(x));
  if (bad.length) { c.addIssue({ code: 'custom', message: `not an address, subnet or hop count: ${bad.join(', ')}` }); return z.NEVER; }
  return list;
});

export const ZConfig = z.object({
  DATABASE_URL: z.string().url().optional(),
  /** optional read replica (streaming standby) serving dashboards, indicator values and exports */
  DATABASE_READ_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().default(path.join(PROJECT_ROOT, '.data')),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SEED_DEMO: bool.default(true),
  ADMIN_EMAIL: z.string().email().default('admin@marsad.local'),
  ADMIN_PASSWORD: z.string().superRefine((pw, c) => {
    const why = passwordProblem(pw);
    if (why) c.addIssue({ code: 'custom', message: `the password needs ${why}` });
  }).optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Marsad <no-reply@marsad.local>'),
  JOBS: bool.default(true),
  TRUST_PROXY: ZTrustProxy.default(false),
  /** open-link (anonymous) final submits per client address per hour (429 with Retry-After beyond) */
  OPEN_SUBMITS_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(30),
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
