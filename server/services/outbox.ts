// The programme's outbox for officers: every message with status, error and attempts, counts by status, and the
// preview of the invitation and reminder templates in both languages before anything is sent.
import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { ZOutboxQuery } from '../../contracts/invitations';
import { loadWave } from './invitations';
import { previewBlock, type TemplateKind } from './mail-templates';
import { notFound } from '../errors';

interface Row {
  id: string; invitation_id: string | null; kind: string; to_address: string; subject: string; body_text: string; status: 'queued';
  error: string | null; attempts: number; created_at: Date; sent_at: Date | null; name_en: string | null; name_ar: string | null; total: string;
}
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export async function listOutbox(em: EntityManager, programmeId: string, q: z.output<typeof ZOutboxQuery>) {
  const rows: Row[] = await em.query(
    `SELECT m.id, m.invitation_id, m.kind, m.to_address, m.subject, m.body_text, m.status, m.error, m.attempts, m.created_at, m.sent_at,
            s.name_en, s.name_ar, count(*) OVER () AS total
       FROM mail_messages m LEFT JOIN invitations i ON i.id = m.invitation_id LEFT JOIN stakeholders s ON s.id = i.stakeholder_id
      WHERE m.programme_id = $1 AND ($2::text IS NULL OR m.status = $2) AND ($3::text IS NULL OR m.kind = $3)
      ORDER BY m.created_at DESC, m.id LIMIT $4 OFFSET $5`, [programmeId, q.status ?? null, q.kind ?? null, q.limit, q.offset]);
  const counts: Array<{ status: string; n: number }> = await em.query(
    `SELECT status, count(*)::int AS n FROM mail_messages WHERE programme_id = $1 GROUP BY status`, [programmeId]);
  return {
    total: rows.length ? Number(rows[0].total) : 0,
    counts: Object.fromEntries(counts.map((c) => [c.status, c.n])),
    items: rows.map((r) => ({ id: r.id, invitationId: r.invitation_id, kind: r.kind, to: r.to_address, subject: r.subject, text: r.body_text,
      status: r.status, error: r.error, attempts: r.attempts, createdAt: iso(r.created_at)!, sentAt: iso(r.sent_at),
      stakeholder: r.name_en !== null ? { nameEn: r.name_en, nameAr: r.name_ar ?? '' } : null })),
  };
}

/** The template of a wave in English and Arabic, filled with a sample stakeholder and a placeholder link. */
export async function templatePreview(em: EntityManager, programmeId: string, waveId: string | undefined, kind: TemplateKind) {
  let wave;
  if (waveId) wave = await loadWave(em, programmeId, waveId);
  else {
    const rows = await em.query(`SELECT id FROM waves WHERE programme_id = $1 ORDER BY created_at DESC LIMIT 1`, [programmeId]);
    if (!rows.length) throw notFound('wave');
    wave = await loadWave(em, programmeId, rows[0].id);
  }
  const t = { nameEn: 'Amal Haddad', nameAr: 'أمل حداد', programmeEn: wave.programmeEn, programmeAr: wave.programmeAr,
    waveEn: wave.nameEn, waveAr: wave.nameAr, link: 'https://…/r/…', closesAt: wave.closesAt };
  return { kind, en: previewBlock(kind, 'en', { ...t, lang: 'en' }), ar: previewBlock(kind, 'ar', { ...t, lang: 'ar' }) };
}
