// Route registry: every API route is declared once with its access rule and zod schemas; the same
// declarations wire Express, generate the OpenAPI document and drive the table-driven security tests.
import type { RequestHandler, Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireAdmin, requireProgramme, requireUser, type ProgrammeRole } from '../auth/session';

export type Access =
  | 'public'        // anyone (health, login, respondent pages guarded by their own token/cookie)
  | 'respondent'    // needs the respondent cookie set by an invitation link (checked by the handler)
  | 'user'          // any logged-in officer account
  | 'admin'         // system administrator
  | { programme: ProgrammeRole }; // member of req.params.programmeId with at least this role

export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express path, e.g. /api/programmes/:programmeId/waves */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** response schema for 200/201 (optional); content type if not JSON */
  response?: z.ZodType;
  produces?: string;
  /** status on success if not 200 */
  status?: number;
}

export class ApiRegistry {
  readonly routes: RouteSpec[] = [];
  constructor(private readonly ctx: AppContext, private readonly router: Router) {}

  add(spec: RouteSpec, ...handlers: RequestHandler[]): void {
    this.routes.push(spec);
    this.router[spec.method](spec.path, ...accessGuards(this.ctx, spec.access), ...handlers);
  }
}

export function accessGuards(ctx: AppContext, access: Access): RequestHandler[] {
  if (access === 'public' || access === 'respondent') return [];
  if (access === 'user') return [requireUser];
  if (access === 'admin') return [requireAdmin];
  return [requireProgramme(ctx, access.programme)];
}

function toOpenApiPath(p: string): string {
  return p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function jsonSchema(s: z.ZodType): unknown {
  try {
    return z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' });
  } catch {
    return {};
  }
}

/** OpenAPI 3.1 from the registry; JSON Schema 2020-12 from the same zod schemas that validate requests. */
export function openApiDocument(routes: RouteSpec[], version: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const p = toOpenApiPath(r.path);
    const names = [...r.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
    const parameters: unknown[] = names.map((n) => ({ name: n, in: 'path', required: true, schema: { type: 'string' } }));
    if (r.query) {
      const js = jsonSchema(r.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: 'query', required: (js.required ?? []).includes(name), schema });
      }
    }
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method}_${r.path.replace(/[^A-Za-z0-9]+/g, '_')}`,
      'x-access': r.access,
      parameters,
      responses: {
        [String(r.status ?? 200)]: {
          description: 'Success',
          content: { [r.produces ?? 'application/json']: { schema: r.response ? jsonSchema(r.response) : {} } },
        },
        default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
    if (r.access !== 'public' && r.access !== 'respondent') op.security = [{ session: [] }];
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(r.body) } } };
    (paths[p] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Marsad API', version, description: 'Bilingual M&E surveys mapped to logframe indicators.' },
    paths,
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'marsad_sid' } },
      schemas: {
        Error: {
          type: 'object', required: ['code', 'message'],
          properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
        },
      },
    },
  };
}
