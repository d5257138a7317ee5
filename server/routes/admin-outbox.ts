// System administrators' outbox: mails that belong to no programme (account mails: set-password and reset links),
// so that without SMTP an administrator can pass a new user's link on by hand.
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { ZAdminOutbox, ZAdminOutboxQuery } from '../../contracts/admin-outbox';

interface MailRow {
  id: string; kind: string; to_address: string; subject: string; body_text: string; status: 'queued' | 'sent' | 'failed' | 'outbox';
  error: string | null; created_at: Date; sent_at: Date | null; total: string;
}

export function registerAdminOutboxRoutes(api: ApiRegistry, _ctx: AppContext): void {
  api.route({ method: 'get', path: '/api/admin/outbox', summary: 'Account mails (no programme), newest first', tag: 'mail',
    access: 'admin', query: ZAdminOutboxQuery, response: ZAdminOutbox },
  async ({ em, query }) => {
    const rows: MailRow[] = await em.query(
      `SELECT id, kind, to_address, subject, body_text, status, error, created_at, sent_at, count(*) OVER () AS total
         FROM mail_messages WHERE programme_id IS NULL AND ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR kind = $2)
        ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`, [query.status ?? null, query.kind ?? null, query.limit, query.offset]);
    return {
      total: rows.length ? Number(rows[0].total) : 0,
      items: rows.map((r) => ({ id: r.id, kind: r.kind, to: r.to_address, subject: r.subject, text: r.body_text, status: r.status,
        error: r.error, createdAt: r.created_at.toISOString(), sentAt: r.sent_at ? r.sent_at.toISOString() : null })),
    };
  });
}
