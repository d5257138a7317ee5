// What happened to an invitation: the wave's invitation list, one invitation's timeline (events, mails, follow-ups
// with who), and the officer-recorded outcomes: declined, bounced, wrong contact, follow-up contacts.
import type { EntityManager } from 'typeorm';
import { AppError } from '../errors';
import { audit } from './audit';
import type { AuditAction } from '../audit-actions';
import { LAST_CONTACT_SQL, loadInvitation, loadWave } from './invitations';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

interface ListRow {
  id: string; status: string; created_at: Date; updated_at: Date; sid: string; name_en: string; name_ar: string; institution: string;
  has_email: boolean; last_contact: { kind: string; at: string; channel: string | null } | null; reminders: number; last_mail_status: string | null;
}

export async function listInvitations(em: EntityManager, programmeId: string, waveId: string) {
  await loadWave(em, programmeId, waveId);
  const rows: ListRow[] = await em.query(
    `SELECT i.id, i.status, i.created_at, i.updated_at, s.id AS sid, s.name_en, s.name_ar, s.institution, s.email IS NOT NULL AS has_email,
            ${LAST_CONTACT_SQL} AS last_contact,
            (SELECT count(*)::int FROM invitation_events e JOIN invitations c ON c.id = e.invitation_id
              WHERE c.wave_id = i.wave_id AND c.stakeholder_id = i.stakeholder_id AND e.kind = 'reminder_sent') AS reminders,
            (SELECT m.status FROM mail_messages m JOIN invitations c ON c.id = m.invitation_id
              WHERE c.wave_id = i.wave_id AND c.stakeholder_id = i.stakeholder_id ORDER BY m.created_at DESC, m.id DESC LIMIT 1) AS last_mail_status
       FROM invitations i JOIN waves w ON w.id = i.wave_id JOIN stakeholders s ON s.id = i.stakeholder_id
      WHERE i.wave_id = $1 AND w.programme_id = $2 AND i.revoked_at IS NULL ORDER BY s.institution, s.name_en, i.id`, [waveId, programmeId]);
  return rows.map((r) => ({
    invitationId: r.id, status: r.status, createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)!, remindersSent: r.reminders,
    lastContact: r.last_contact, lastMailStatus: r.last_mail_status, hasEmail: r.has_email,
    stakeholder: { id: r.sid, nameEn: r.name_en, nameAr: r.name_ar, institution: r.institution },
  }));
}

/**
 * A submit without a draft writes only 'completed' (it started and completed at once): the timeline shows the 'started'
 * it implies, at the same moment, just before it (details.implied), as it always showed one.
 */
function withImpliedStart(events: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  let started = false;
  for (const e of events) {
    if (e.kind === 'started') started = true;
    if (e.kind === 'completed' && !started) {
      out.push({ ...e, kind: 'started', channel: null, outcome: null, reminder_round: null, note: null, details: { implied: true } });
      started = true;
    }
    out.push(e);
  }
  return out;
}

/** Every event of the stakeholder's invitation to this wave, across re-issued links, oldest first, with its mails and who. */
export async function invitationTimeline(em: EntityManager, programmeId: string, invitationId: string) {
  const inv = await loadInvitation(em, programmeId, invitationId, true, false);
  const events: Array<Record<string, unknown>> = await em.query(
    `SELECT e.id, e.invitation_id, e.kind, e.channel, e.outcome, e.reminder_round, e.note, e.actor_user_id, u.name AS actor_name, e.details, e.occurred_at
       FROM invitation_events e JOIN invitations c ON c.id = e.invitation_id LEFT JOIN users u ON u.id = e.actor_user_id
      WHERE c.wave_id = $1 AND c.stakeholder_id = $2 ORDER BY e.occurred_at, e.id`, [inv.waveId, inv.stakeholderId]);
  const mails: Array<Record<string, unknown>> = await em.query(
    `SELECT m.id, m.invitation_id, m.kind, m.status, m.error, m.created_at, m.sent_at FROM mail_messages m JOIN invitations c ON c.id = m.invitation_id
      WHERE c.wave_id = $1 AND c.stakeholder_id = $2 ORDER BY m.created_at, m.id`, [inv.waveId, inv.stakeholderId]);
  return {
    invitationId, status: inv.status, revoked: !!inv.revokedAt,
    stakeholder: { id: inv.stakeholderId, nameEn: inv.nameEn, nameAr: inv.nameAr, institution: inv.institution, email: inv.email },
    events: withImpliedStart(events).map((e) => ({ id: Number(e.id), invitationId: String(e.invitation_id), kind: String(e.kind), channel: (e.channel as string | null) ?? null,
      outcome: (e.outcome as string | null) ?? null, reminderRound: (e.reminder_round as number | null) ?? null, note: (e.note as string | null) ?? null,
      actorUserId: (e.actor_user_id as string | null) ?? null, actorName: (e.actor_name as string | null) ?? null,
      details: (e.details ?? {}) as Record<string, unknown>, occurredAt: iso(e.occurred_at as Date)! })),
    mails: mails.map((m) => ({ id: String(m.id), invitationId: String(m.invitation_id), kind: String(m.kind), status: String(m.status),
      error: (m.error as string | null) ?? null, createdAt: iso(m.created_at as Date)!, sentAt: iso(m.sent_at as Date | null) })),
  };
}

export type Outcome = 'declined' | 'bounced' | 'wrong_contact';
const ACTION: Record<Outcome, AuditAction> = { declined: 'invitation.decline', bounced: 'invitation.bounce', wrong_contact: 'invitation.wrong_contact' };

/** decline / bounce / wrong contact: the officer records the outcome; a completed invitation cannot change any more. */
export async function markOutcome(em: EntityManager, programmeId: string, invitationId: string, kind: Outcome,
  note: string | undefined, actorUserId: string) {
  const inv = await loadInvitation(em, programmeId, invitationId);
  if (inv.status === 'completed') throw new AppError('response.already_complete');
  await em.query(`UPDATE invitations SET status = $2, updated_at = now() WHERE id = $1`, [inv.id, kind]);
  await em.query(`INSERT INTO invitation_events (invitation_id, kind, note, actor_user_id) VALUES ($1, $2, $3, $4)`, [inv.id, kind, note ?? null, actorUserId]);
  if (kind === 'bounced') {
    // the latest mail that left for this invitation is the one that bounced
    await em.query(`UPDATE mail_messages SET status = 'bounced', error = $1 WHERE id = (
      SELECT m.id FROM mail_messages m JOIN invitations c ON c.id = m.invitation_id
       WHERE c.wave_id = $2 AND c.stakeholder_id = $3 AND m.status = 'sent' ORDER BY m.sent_at DESC, m.id DESC LIMIT 1)`,
    [note || 'bounce reported by an officer', inv.waveId, inv.stakeholderId]);
  }
  await audit(em, { actorUserId, action: ACTION[kind], programmeId, targetType: 'invitation', targetId: inv.id });
  return { invitationId: inv.id, status: kind };
}

export async function addFollowUp(em: EntityManager, programmeId: string, invitationId: string,
  f: { channel: string; note: string; outcome?: string; occurredAt?: Date }, actorUserId: string) {
  const inv = await loadInvitation(em, programmeId, invitationId, true);
  if (f.occurredAt && f.occurredAt.getTime() > Date.now() + 5 * 60000) throw new AppError('request.invalid', { field: 'occurredAt', reason: 'in the future' });
  const rows = await em.query(
    `INSERT INTO invitation_events (invitation_id, kind, channel, outcome, note, actor_user_id, occurred_at)
     VALUES ($1, 'follow_up', $2, $3, $4, $5, coalesce($6::timestamptz, now())) RETURNING id, occurred_at`,
    [inv.id, f.channel, f.outcome ?? null, f.note, actorUserId, f.occurredAt ?? null]);
  await audit(em, { actorUserId, action: 'invitation.follow_up', programmeId, targetType: 'invitation', targetId: inv.id, details: { channel: f.channel, outcome: f.outcome ?? null } });
  return { id: Number(rows[0].id), invitationId: inv.id, kind: 'follow_up' as const, channel: f.channel, outcome: f.outcome ?? null, note: f.note,
    occurredAt: iso(rows[0].occurred_at)! };
}
