// Health, readiness and the OpenAPI document.
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { openApiDocument, type ApiRegistry } from '../http/registry';
import { z } from 'zod';

export function registerSystemRoutes(api: ApiRegistry, ctx: AppContext): void {
  api.add({ method: 'get', path: '/api/health', summary: 'The process is up', tag: 'system', access: 'public',
    response: z.object({ status: z.literal('ok') }) }, (_req, res) => { res.json({ status: 'ok' }); });

  api.add({ method: 'get', path: '/api/ready', summary: 'The database answers', tag: 'system', access: 'public',
    response: z.object({ status: z.literal('ready'), database: z.literal('up') }) }, async (_req, res, next) => {
    try {
      await Promise.race([
        ctx.db.query('SELECT 1'),
        new Promise((_r, rej) => setTimeout(() => rej(new AppError('database.unavailable')), 2000).unref()),
      ]);
      res.json({ status: 'ready', database: 'up' });
    } catch {
      next(new AppError('database.unavailable'));
    }
  });

  api.add({ method: 'get', path: '/api/openapi.json', summary: 'This API described in OpenAPI 3.1', tag: 'system', access: 'public' },
    (_req, res) => { res.json(openApiDocument(api.routes, '0.1.0')); });
}
