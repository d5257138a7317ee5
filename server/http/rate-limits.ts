// Rate limiters (express-rate-limit, in-memory per process): officer login (per account+address and per address),
// password-reset requests, account tokens, and invitation tokens (respondent links). Answers use the catalogue 'rate.limited'.
import type { Request, RequestHandler, Response } from 'express';
import { rateLimit, ipKeyGenerator, MemoryStore } from 'express-rate-limit';
import { AppError } from '../errors';

const stores: MemoryStore[] = [];

function limiter(opts: {
  windowMs: number; limit: number; key: (req: Request) => string;
  /** when given, only requests this calls "failed" count */ counts?: (res: Response) => boolean;
}): RequestHandler {
  const store = new MemoryStore();
  stores.push(store);
  return rateLimit({
    windowMs: opts.windowMs,
    limit: opts.limit,
    store,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => opts.key(req),
    skip: (req) => req.app?.locals?.rateLimits === false, // RATE_LIMITS=false (benchmarks)
    skipSuccessfulRequests: !!opts.counts,
    requestWasSuccessful: opts.counts ? (_req, res) => !opts.counts!(res) : undefined,
    handler: (_req, _res, next) => next(new AppError('rate.limited')),
    validate: { keyGeneratorIpFallback: false },
  });
}

const ip = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown');
const emailOf = (req: Request) => String((req.body as { email?: unknown } | undefined)?.email ?? '').trim().toLowerCase().slice(0, 320);
const MIN = 60 * 1000;
const failedLogin = (res: Response) => res.statusCode === 401 || res.statusCode === 400;

/** Failed logins: 10 per 15 min per email+address, 50 per 15 min per address (successful logins do not count). */
export const loginLimiters: RequestHandler[] = [
  limiter({ windowMs: 15 * MIN, limit: 10, key: (req) => `${ip(req)}|${emailOf(req)}`, counts: failedLogin }),
  limiter({ windowMs: 15 * MIN, limit: 50, key: ip, counts: failedLogin }),
];

/**
 * Invitation tokens (/r/:token, /o/:token, /api/respond/*): 60 failed look-ups (unknown, used, expired token,
 * missing respondent cookie) per 5 min per address; answers to valid tokens do not count.
 */
export const tokenLimiter: RequestHandler = limiter({
  windowMs: 5 * MIN, limit: 60, key: ip, counts: (res) => res.statusCode === 404 || res.statusCode === 401 || res.statusCode === 410,
});

/** Set-password / reset-password tokens: 30 wrong tokens per 15 min per address. */
export const accountTokenLimiter: RequestHandler = limiter({
  windowMs: 15 * MIN, limit: 30, key: ip, counts: (res) => res.statusCode === 400,
});

/** Password change while logged in: 10 wrong current passwords per 15 min per account (a stolen session cannot guess on). */
export const passwordChangeLimiter: RequestHandler = limiter({
  windowMs: 15 * MIN, limit: 10, key: (req) => `user|${req.auth?.user.id ?? ip(req)}`, counts: (res) => res.statusCode === 401,
});

/** Password-reset mails: 10 requests per 15 min per address+email, 30 per address (each one counts). */
export const resetRequestLimiters: RequestHandler[] = [
  limiter({ windowMs: 15 * MIN, limit: 10, key: (req) => `${ip(req)}|${emailOf(req)}` }),
  limiter({ windowMs: 15 * MIN, limit: 30, key: ip }),
];

/** Tests only: forget every counter (the limiters are per process). */
export async function resetRateLimits(): Promise<void> {
  for (const s of stores) await s.resetAll();
}
