// Health, readiness and the OpenAPI document.
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { openApiDocument, type ApiRegistry } from '../http/registry';
import { ZHealth, ZReady } from '../../contracts/system';

export function registerSystemRoutes(api: ApiRegistry, ctx: AppContext): void {
  api.route({ method: 'get', path: '/api/health', summary: 'The process is up', tag: 'system', access: 'public', response: ZHealth },
    () => Promise.resolve({ status: 'ok' as const }));

  api.route({ method: 'get', path: '/api/ready', summary: 'The database answers', tag: 'system', access: 'public', response: ZReady },
    async () => {
      try {
        await Promise.race([
          ctx.db.query('SELECT 1'),
          new Promise((_r, rej) => setTimeout(() => rej(new AppError('database.unavailable')), 2000).unref()),
        ]);
      } catch {
        throw new AppError('database.unavailable');
      }
      return { status: 'ready' as const, database: 'up' as const };
    });

  api.route({ method: 'get', path: '/api/openapi.json', summary: 'This API described in OpenAPI 3.1', tag: 'system', access: 'public' },
    () => Promise.resolve(openApiDocument(api.routes, '0.1.0')));
}
