// The audit trail, read-only: the whole trail for system administrators, one programme's for its administrators.
// Filters and sort come from allow-lists; values are bound parameters.
import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { parse, read } from '../http/route';

const SORTS = { occurredAt: 'e.occurred_at', action: 'e.action' } as const;
const ZQuery = z.strictObject({
  programmeId: z.uuid().optional(),
  action: z.string().regex(/^[a-z_.]{1,100}$/).optional(),
  actorUserId: z.uuid().optional(),
  targetId: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  sort: z.enum(Object.keys(SORTS) as [keyof typeof SORTS]).default('occurredAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  lang: z.enum(['en', 'ar']).optional(),
});
type Query = z.infer<typeof ZQuery>;
const ZProgrammeQuery = ZQuery.omit({ programmeId: true });

const ZEvent = z.object({
  id: z.string(), occurredAt: z.string(), actorUserId: z.string().nullable(), actorEmail: z.string().nullable(), actorKind: z.string(),
  action: z.string(), programmeId: z.string().nullable(), targetType: z.string().nullable(), targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
const ZPage = z.object({ items: z.array(ZEvent), total: z.number(), limit: z.number(), offset: z.number() });

async function queryAudit(em: EntityManager, q: Query) {
  const where: string[] = [];
  const args: unknown[] = [];
  const add = (sql: string, v: unknown) => { args.push(v); where.push(sql.replaceAll('?', `$${args.length}`)); };
  if (q.programmeId) add('e.programme_id = ?', q.programmeId);
  if (q.action) add('left(e.action, length(?::text)) = ?', q.action);
  if (q.actorUserId) add('e.actor_user_id = ?', q.actorUserId);
  if (q.targetId) add('e.target_id = ?', q.targetId);
  if (q.from) add('e.occurred_at >= ?::timestamptz', q.from);
  if (q.to) add('e.occurred_at < ?::timestamptz', q.to);
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [{ total }] = await em.query(`SELECT count(*)::int AS total FROM audit_events e ${w}`, args);
  const rows = await em.query(
    `SELECT e.id, e.occurred_at, e.actor_user_id, u.email AS actor_email, e.actor_kind, e.action, e.programme_id, e.target_type, e.target_id, e.details
       FROM audit_events e LEFT JOIN users u ON u.id = e.actor_user_id ${w}
      ORDER BY ${SORTS[q.sort]} ${q.order === 'asc' ? 'ASC' : 'DESC'}, e.id ${q.order === 'asc' ? 'ASC' : 'DESC'}
      LIMIT $${args.length + 1} OFFSET $${args.length + 2}`, [...args, q.limit, q.offset]);
  return {
    items: rows.map((r: any) => ({
      id: String(r.id), occurredAt: new Date(r.occurred_at).toISOString(), actorUserId: r.actor_user_id, actorEmail: r.actor_email,
      actorKind: r.actor_kind, action: r.action, programmeId: r.programme_id, targetType: r.target_type, targetId: r.target_id, details: r.details,
    })),
    total, limit: q.limit, offset: q.offset,
  };
}

export function registerAuditRoutes(api: ApiRegistry, ctx: AppContext): void {
  api.add({ method: 'get', path: '/api/audit', summary: 'The audit trail (filter by programme, action prefix, actor, target, dates)', tag: 'audit',
    access: 'admin', query: ZQuery, response: ZPage },
  read(ctx, (req, _res, em) => queryAudit(em, parse(ZQuery, req.query))));

  api.add({ method: 'get', path: '/api/programmes/:programmeId/audit', summary: "The programme's audit trail", tag: 'audit',
    access: { programme: 'administrator' }, query: ZProgrammeQuery, response: ZPage },
  read(ctx, (req, _res, em) => queryAudit(em, { ...parse(ZProgrammeQuery, req.query), programmeId: req.params.programmeId as string })));
}
