// Reading the audit trail: filters and sort from allow-lists, values as bound parameters, one page with its total.
import type { EntityManager } from 'typeorm';
import { rows } from '../db/rows';
import type { TAuditEvent, TAuditPage, TAuditQuery } from '../../contracts/audit';

const SORTS: Record<TAuditQuery['sort'], string> = { occurredAt: 'e.occurred_at', action: 'e.action' };

interface EventRow {
  id: string; occurred_at: Date; actor_user_id: string | null; actor_email: string | null; actor_kind: TAuditEvent['actorKind'];
  action: string; programme_id: string | null; target_type: string | null; target_id: string | null; details: Record<string, unknown>;
}

export async function queryAudit(em: EntityManager, q: TAuditQuery): Promise<TAuditPage> {
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
  const [{ total }] = await rows<{ total: number }>(em, `SELECT count(*)::int AS total FROM audit_events e ${w}`, args);
  const dir = q.order === 'asc' ? 'ASC' : 'DESC';
  const found = await rows<EventRow>(em,
    `SELECT e.id, e.occurred_at, e.actor_user_id, u.email AS actor_email, e.actor_kind, e.action, e.programme_id, e.target_type, e.target_id, e.details
       FROM audit_events e LEFT JOIN users u ON u.id = e.actor_user_id ${w}
      ORDER BY ${SORTS[q.sort]} ${dir}, e.id ${dir}
      LIMIT $${args.length + 1} OFFSET $${args.length + 2}`, [...args, q.limit, q.offset]);
  return {
    items: found.map((r) => ({
      id: String(r.id), occurredAt: new Date(r.occurred_at).toISOString(), actorUserId: r.actor_user_id, actorEmail: r.actor_email,
      actorKind: r.actor_kind, action: r.action, programmeId: r.programme_id, targetType: r.target_type, targetId: r.target_id, details: r.details,
    })),
    total, limit: q.limit, offset: q.offset,
  };
}
