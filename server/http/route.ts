// Thin-route helpers: zod parsing at the edge, one transaction per writing request, typed errors to JSON.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { isRetryableDbError } from '../db/pg-errors';

export type Handler<T> = (req: Request, res: Response, em: EntityManager) => Promise<T>;

/** Parse a request part with a zod schema; failures become `request.invalid` with per-field details. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    throw new AppError('request.invalid', {
      issues: r.error.issues.slice(0, 50).map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return r.data;
}

function send(res: Response, result: unknown, status: number) {
  if (res.headersSent || result === undefined) return;
  res.status(status).json(result);
}

/**
 * A reading request: runs on the pool without a transaction. `replica`: on the read replica when one is configured
 * (dashboards and exports, where a replica's lag of a moment does not matter; never for read-after-write pages).
 */
export function read<T>(ctx: AppContext, handler: Handler<T>, opts: { replica?: boolean } = {}): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const db = opts.replica && ctx.readDb ? ctx.readDb : ctx.db;
      send(res, await handler(req, res, db.manager), 200);
    } catch (err) { next(err); }
  };
}

/**
 * A writing request: one transaction, shared by the services it calls (they take the EntityManager);
 * audit rows commit with the change. Serialization failures and lost connections are retried twice.
 */
export function write<T>(ctx: AppContext, handler: Handler<T>, status = 200): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await ctx.db.transaction((em) => handler(req, res, em));
        send(res, result, status);
        return;
      } catch (err) {
        if (attempt < 2 && !(err instanceof AppError) && isRetryableDbError(err) && !res.headersSent) {
          await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
          continue;
        }
        next(err);
        return;
      }
    }
  };
}
