// Outbox route: the programme's mail messages (queued, sent, failed, or waiting in the outbox when no SMTP is set).
import { z } from 'zod';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { parse, read } from '../http/route';

const ZPid = z.object({ programmeId: z.uuid() });
const ZQuery = z.object({
  status: z.enum(['queued', 'sent', 'failed', 'outbox']).optional(),
  kind: z.enum(['invitation', 'reminder', 'other']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});

export function registerOutboxRoutes(api: ApiRegistry, ctx: AppContext): void {
  // officers only: bodies hold live invitation links
  api.add({ method: 'get', path: '/api/programmes/:programmeId/outbox', summary: 'Mail messages of the programme, newest first', tag: 'mail',
    access: { programme: 'officer' }, params: ZPid, query: ZQuery },
  read(ctx, async (req, _res, em) => {
    const { programmeId } = parse(ZPid, req.params);
    const q = parse(ZQuery, req.query);
    const rows = await em.query(
      `SELECT id, invitation_id, kind, to_address, subject, body_text, status, error, created_at, sent_at, count(*) OVER () AS total
         FROM mail_messages WHERE programme_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR kind = $3)
        ORDER BY created_at DESC, id LIMIT $4 OFFSET $5`, [programmeId, q.status ?? null, q.kind ?? null, q.limit, q.offset]);
    return {
      total: rows.length ? Number(rows[0].total) : 0,
      items: rows.map((r: any) => ({ id: r.id, invitationId: r.invitation_id, kind: r.kind, to: r.to_address, subject: r.subject,
        text: r.body_text, status: r.status, error: r.error, createdAt: r.created_at, sentAt: r.sent_at })),
    };
  }));
}
