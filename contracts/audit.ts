// Audit trail routes' contract: filters, sort and page of audit events.
import { z } from 'zod';
import { ZLang, ZTimestamp } from './common';

export const AUDIT_SORTS = ['occurredAt', 'action'] as const;
const ZWhen = z.iso.datetime({ offset: true }).or(z.iso.date());
export const ZAuditQuery = z.strictObject({
  programmeId: z.uuid().optional(),
  /** an action or an action prefix (`wave.` lists every wave action) */
  action: z.string().regex(/^[a-z_.]{1,100}$/).optional(),
  actorUserId: z.uuid().optional(),
  targetId: z.string().max(100).optional(),
  from: ZWhen.optional(),
  to: ZWhen.optional(),
  sort: z.enum(AUDIT_SORTS).default('occurredAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  lang: ZLang.optional(),
});
export const ZProgrammeAuditQuery = ZAuditQuery.omit({ programmeId: true });
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

export const ZAuditEvent = z.object({
  id: z.string(), occurredAt: ZTimestamp, actorUserId: z.uuid().nullable(), actorEmail: z.string().nullable(),
  actorKind: z.enum(['user', 'respondent', 'system', 'anonymous']),
  action: z.string(), programmeId: z.uuid().nullable(), targetType: z.string().nullable(), targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export const ZAuditPage = z.object({ items: z.array(ZAuditEvent), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
export type TAuditEvent = z.infer<typeof ZAuditEvent>;
export type TAuditPage = z.infer<typeof ZAuditPage>;
