// Route registry: every API route is declared once with its access rule and zod schemas; the same
// declarations wire Express, generate the OpenAPI document and drive the table-driven security tests.
import type { Request, RequestHandler, Response, Router } from 'express';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requireAdmin, requireProgramme, requireUser, type ProgrammeRole } from '../auth/session';
import { parse, read, write } from './route';

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
  /** GET only: read from the read replica when DATABASE_READ_URL is set (dashboards, indicator values, exports) */
  replica?: boolean;
}

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler may return for a response schema: its wire type, where a Date may stand for a string (JSON sends its ISO form). */
export type Serialisable<T> = T extends string ? string | Date
  : T extends Array<infer E> ? Array<Serialisable<E>>
  : T extends object ? { [K in keyof T]: Serialisable<T[K]> } : T;

/** What a typed route handler receives: the parsed request parts, the request's EntityManager and the caller. */
export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  em: EntityManager;
  /** the logged-in officer's id, when there is one */
  userId: string | undefined;
  req: Request;
  res: Response;
}

export type TypedRouteSpec<P, Q, B, R> = Omit<RouteSpec, 'params' | 'query' | 'body' | 'response'> & {
  params?: P; query?: Q; body?: B; response?: R;
};

/** Set by the test set-up: every JSON answer of a typed route is checked against its declared response schema. */
export const contractCheck = { enabled: process.env.MARSAD_CHECK_RESPONSES === '1' };

export class ApiRegistry {
  readonly routes: RouteSpec[] = [];
  constructor(private readonly ctx: AppContext, private readonly router: Router) {}

  /** Low-level: declare a route with hand-written handlers (prefer `route`). */
  add(spec: RouteSpec, ...handlers: RequestHandler[]): void {
    this.routes.push(spec);
    this.router[spec.method](spec.path, ...accessGuards(this.ctx, spec.access), ...handlers);
  }

  /**
   * Declare a route whose params, query and body are parsed with the declared zod schemas (400 `request.invalid`
   * otherwise) and handed typed to the handler; GET runs on the pool, every other method in ONE transaction
   * (`write`: audit rows commit with the change). The handler returns the JSON body (or undefined after writing `res`).
   */
  route<P extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined,
    B extends z.ZodType | undefined = undefined, R extends z.ZodType | undefined = undefined>(
    spec: TypedRouteSpec<P, Q, B, R>,
    handler: (input: RouteInput<Infer<P>, Infer<Q>, Infer<B>>) => Promise<(R extends z.ZodType ? Serialisable<z.input<R>> : unknown) | undefined>,
  ): void {
    const run = async (req: Request, res: Response, em: EntityManager) => {
      const input = {
        params: (spec.params ? parse(spec.params, req.params) : undefined) as Infer<P>,
        query: (spec.query ? parse(spec.query, req.query) : undefined) as Infer<Q>,
        body: (spec.body ? parse(spec.body, req.body) : undefined) as Infer<B>,
        em, userId: req.auth?.user.id, req, res,
      };
      const result = await handler(input);
      if (contractCheck.enabled && spec.response && result !== undefined && !res.headersSent) {
        // checked in its wire form (what the client receives: Dates as ISO strings), so one schema serves both sides
        const checked = (spec.response as z.ZodType).safeParse(JSON.parse(JSON.stringify(result)));
        if (!checked.success) {
          throw new Error(`response of ${spec.method.toUpperCase()} ${spec.path} breaks its contract: ${checked.error.message}`);
        }
      }
      return result;
    };
    const handle = spec.method === 'get' ? read(this.ctx, run, { replica: spec.replica }) : write(this.ctx, run, spec.status ?? 200);
    this.add(spec as RouteSpec, handle);
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
