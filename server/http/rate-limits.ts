// Rate limiters (express-rate-limit) whose counters live in PostgreSQL (rate_limit_counters, one atomic upsert per hit), so
// every instance of the app counts together: officer login (per account+address and per address), password-reset
// requests, account tokens, invitation tokens, and open-link submits. Keys use Express's derived address (`req.ip`,
// which honours TRUST_PROXY); answers use the catalogue 'rate.limited' with Retry-After.
import type { Request, RequestHandler, Response } from 'express';
import type { DataSource } from 'typeorm';
import { rateLimit, ipKeyGenerator, type Options, type Store, type IncrementResponse } from 'express-rate-limit';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { RESPONDENT_COOKIE } from '../services/responses';

/** express-rate-limit store on one table: the window starts with the first hit and resets when it has passed. */
export class PgStore implements Store {
  localKeys = false;
  private windowMs = 60_000;
  constructor(private readonly db: DataSource, readonly prefix: string) {}

  init(options: Options): void { this.windowMs = options.windowMs; }

  async increment(key: string): Promise<IncrementResponse> {
    const rows: Array<{ hits: number; reset_at: Date }> = await this.db.query(
      `INSERT INTO rate_limit_counters AS c (key, hits, reset_at) VALUES ($1, 1, now() + $2 * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN c.reset_at <= now() THEN 1 ELSE c.hits + 1 END,
         reset_at = CASE WHEN c.reset_at <= now() THEN excluded.reset_at ELSE c.reset_at END
       RETURNING hits, reset_at`, [this.prefix + key, this.windowMs]);
    if (Math.random() < 0.001) { // now and then, forget windows long past (any instance may do it)
      await this.db.query(`DELETE FROM rate_limit_counters WHERE reset_at < now() - interval '1 hour'`);
    }
    return { totalHits: rows[0].hits, resetTime: rows[0].reset_at };
  }

  /** Runs after the answer was sent: a lost decrement (database gone meanwhile) only means one success was counted. */
  async decrement(key: string): Promise<void> {
    await this.db.query(`UPDATE rate_limit_counters SET hits = hits - 1 WHERE key = $1 AND hits > 0 AND reset_at > now()`, [this.prefix + key])
      .catch(() => undefined);
  }

  async resetKey(key: string): Promise<void> {
    await this.db.query(`DELETE FROM rate_limit_counters WHERE key = $1`, [this.prefix + key]);
  }
}

interface LimiterSpec {
  windowMs: number; limit: number; key: (req: Request) => string;
  /** when given, only requests this calls "failed" count */ counts?: (res: Response) => boolean;
  /** when given, only requests this calls "succeeded" count */ succeeded?: (res: Response) => boolean;
  /** requests this is true for are not limited */ skip?: (req: Request) => boolean;
}

function limiter(db: DataSource, name: string, opts: LimiterSpec): RequestHandler {
  return rateLimit({
    windowMs: opts.windowMs,
    limit: opts.limit,
    store: new PgStore(db, `${name}|`),
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => opts.key(req),
    skip: (req) => req.app?.locals?.rateLimits === false || (opts.skip?.(req) ?? false), // RATE_LIMITS=false (benchmarks)
    skipSuccessfulRequests: !!opts.counts,
    skipFailedRequests: !!opts.succeeded,
    requestWasSuccessful: opts.counts ? (_req, res) => !opts.counts!(res) : opts.succeeded ? (_req, res) => opts.succeeded!(res) : undefined,
    handler: (_req, _res, next) => next(new AppError('rate.limited')),
    validate: { keyGeneratorIpFallback: false },
  });
}

/** The client's address as Express derives it (TRUST_PROXY decides how many X-Forwarded-For hops are believed). */
export const clientAddress = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');
const ip = clientAddress;
const emailOf = (req: Request) => String((req.body as { email?: unknown } | undefined)?.email ?? '').trim().toLowerCase().slice(0, 320);
const MIN = 60 * 1000;
const failedLogin = (res: Response) => res.statusCode === 401 || res.statusCode === 400;

export interface RateLimiters {
  /** Failed logins: 10 per 15 min per email+address, 50 per 15 min per address (successful logins do not count). */
  login: RequestHandler[];
  /**
   * Invitation tokens (/r/:token, /o/:token, /api/respond/*): 60 failed look-ups (unknown, used, expired token,
   * missing respondent cookie) per 5 min per address; answers to valid tokens do not count.
   */
  token: RequestHandler;
  /** Set-password / reset-password tokens: 30 wrong tokens per 15 min per address. */
  accountToken: RequestHandler;
  /** Password change while logged in: 10 wrong current passwords per 15 min per account (a stolen session cannot guess on). */
  passwordChange: RequestHandler;
  /** Password-reset mails: 10 requests per 15 min per address+email, 30 per address (each one counts). */
  resetRequest: RequestHandler[];
  /** Open-link (anonymous) final submits: OPEN_SUBMITS_PER_HOUR accepted submits per address per hour. */
  openSubmit: RequestHandler;
}

const made = new WeakMap<AppContext, RateLimiters>();
const databases = new Set<DataSource>();

/** The limiters of one app (built once per context, at route registration), counting in that context's database. */
export function rateLimiters(ctx: AppContext): RateLimiters {
  let l = made.get(ctx);
  if (l) return l;
  const db = ctx.db;
  databases.add(db);
  l = {
    login: [
      limiter(db, 'login-account', { windowMs: 15 * MIN, limit: 10, key: (req) => `${ip(req)}|${emailOf(req)}`, counts: failedLogin }),
      limiter(db, 'login-address', { windowMs: 15 * MIN, limit: 50, key: ip, counts: failedLogin }),
    ],
    token: limiter(db, 'token', {
      windowMs: 5 * MIN, limit: 60, key: ip, counts: (res) => res.statusCode === 404 || res.statusCode === 401 || res.statusCode === 410,
    }),
    accountToken: limiter(db, 'account-token', { windowMs: 15 * MIN, limit: 30, key: ip, counts: (res) => res.statusCode === 400 }),
    passwordChange: limiter(db, 'password-change', {
      windowMs: 15 * MIN, limit: 10, key: (req) => `user|${req.auth?.user.id ?? ip(req)}`, counts: (res) => res.statusCode === 401,
    }),
    resetRequest: [
      limiter(db, 'reset-account', { windowMs: 15 * MIN, limit: 10, key: (req) => `${ip(req)}|${emailOf(req)}` }),
      limiter(db, 'reset-address', { windowMs: 15 * MIN, limit: 30, key: ip }),
    ],
    openSubmit: limiter(db, 'open-submit', {
      windowMs: 60 * MIN, limit: ctx.config.OPEN_SUBMITS_PER_HOUR, key: ip, succeeded: (res) => res.statusCode < 400,
      skip: (req) => !String(req.cookies?.[RESPONDENT_COOKIE] ?? '').startsWith('o.'),
    }),
  };
  made.set(ctx, l);
  return l;
}

/** Tests only: forget every counter (of every database an app of this process counts in). */
export async function resetRateLimits(): Promise<void> {
  for (const db of databases) if (db.isInitialized) await db.query(`DELETE FROM rate_limit_counters`);
}
