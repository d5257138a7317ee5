// Audit trail: one append-only row per change, written with the caller's EntityManager (same transaction).
import type { EntityManager } from 'typeorm';
import type { AuditAction } from '../audit-actions';

export interface AuditEntry {
  actorUserId?: string | null;
  actorKind?: 'user' | 'respondent' | 'system' | 'anonymous';
  /** one of the catalogue (server/audit-actions.ts), e.g. `questionnaire.publish`, `response.revise` */
  action: AuditAction;
  programmeId?: string | null;
  targetType?: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

export async function audit(em: EntityManager, e: AuditEntry): Promise<void> {
  await em.query(
    `INSERT INTO audit_events (actor_user_id, actor_kind, action, programme_id, target_type, target_id, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [e.actorUserId ?? null, e.actorKind ?? (e.actorUserId ? 'user' : 'system'), e.action, e.programmeId ?? null,
      e.targetType ?? null, e.targetId ?? null, JSON.stringify(e.details ?? {})]);
}
