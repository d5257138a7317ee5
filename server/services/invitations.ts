// Invitations of stakeholders to a wave: bulk create (links shown once), send, re-issue, list, timeline, and the
// officer-recorded outcomes (decline, bounce, follow-up contacts). Tokens come from services/tokens.ts.
//
// Only the sha256 of a link token is stored, so a link can be mailed only at the moment it is created. Sending an
// existing invitation (POST .../invitations/send, reminders) therefore RE-ISSUES the link first: the old link stops
// working, a draft moves to the new invitation row (tokens.reissueInvitation), and the mail carries the new link.
// We chose this over a "request a new link" page because it needs no respondent-side identification (an email
// entered on a public page would leak who is invited) and every mail that reaches the respondent works.
import type { EntityManager } from 'typeorm';
import type { AppContext } from '../context';
import { AppError, notFound } from '../errors';
import { createInvitation, reissueInvitation } from './tokens';
import { sendMail, type MailStatus } from './mail';
import { invitationMail, reminderMail } from './mail-templates';
import { audit } from './audit';

export interface WaveRow {
  id: string; programmeId: string; nameEn: string; nameAr: string; programmeEn: string; programmeAr: string;
  closesAt: Date; isClosed: boolean;
}

export async function loadWave(em: EntityManager, programmeId: string, waveId: string): Promise<WaveRow> {
  const rows = await em.query(
    `SELECT w.id, w.programme_id, w.name_en, w.name_ar, w.closes_at, (w.closed_at IS NOT NULL OR w.closes_at <= now()) AS is_closed,
            p.name_en AS programme_en, p.name_ar AS programme_ar
       FROM waves w JOIN programmes p ON p.id = w.programme_id WHERE w.id = $1 AND w.programme_id = $2`, [waveId, programmeId]);
  if (!rows.length) throw notFound('wave');
  const r = rows[0];
  return { id: r.id, programmeId: r.programme_id, nameEn: r.name_en, nameAr: r.name_ar, programmeEn: r.programme_en,
    programmeAr: r.programme_ar, closesAt: r.closes_at, isClosed: r.is_closed };
}

export function assertOpenForInvites(w: WaveRow): void {
  if (w.isClosed) throw new AppError('wave.closed', { waveId: w.id });
}

export interface InvitationRow {
  id: string; waveId: string; stakeholderId: string; status: string; revokedAt: Date | null;
  email: string | null; nameEn: string; nameAr: string; lang: 'en' | 'ar'; institution: string;
}

const INVITATION_SELECT = `SELECT i.id, i.wave_id, i.stakeholder_id, i.status, i.revoked_at, s.email, s.name_en, s.name_ar,
  s.preferred_language, s.institution FROM invitations i JOIN waves w ON w.id = i.wave_id JOIN stakeholders s ON s.id = i.stakeholder_id`;
const toInvitation = (r: any): InvitationRow => ({ id: r.id, waveId: r.wave_id, stakeholderId: r.stakeholder_id, status: r.status,
  revokedAt: r.revoked_at, email: r.email, nameEn: r.name_en, nameAr: r.name_ar, lang: r.preferred_language, institution: r.institution });

/** An invitation of the programme (revoked ones too when allowRevoked), locked for update unless reading; another programme's → 404. */
export async function loadInvitation(em: EntityManager, programmeId: string, invitationId: string, allowRevoked = false, lock = true): Promise<InvitationRow> {
  const rows = await em.query(`${INVITATION_SELECT} WHERE i.id = $1 AND w.programme_id = $2${lock ? ' FOR UPDATE OF i' : ''}`, [invitationId, programmeId]);
  if (!rows.length) throw notFound('invitation');
  const inv = toInvitation(rows[0]);
  if (inv.revokedAt && !allowRevoked) {
    const live = await em.query(`SELECT id FROM invitations WHERE wave_id = $1 AND stakeholder_id = $2 AND revoked_at IS NULL`, [inv.waveId, inv.stakeholderId]);
    throw new AppError('resource.stale', { reason: 'this link was re-issued', currentInvitationId: live[0]?.id ?? null });
  }
  return inv;
}

export interface MailOutcome { mailId: string | null; status: MailStatus | 'no_email' }

/**
 * Renders and sends the invitation or reminder mail of one invitation with its fresh link, and records the outcome
 * on the invitation: mail_sent / mail_failed events; status invited (or bounced) → sent once a mail went out.
 * It runs in the caller's transaction: if that transaction later rolls back, a mail may be out without its row.
 */
export async function mailLink(ctx: AppContext, em: EntityManager, wave: WaveRow, inv: InvitationRow, link: string,
  kind: 'invitation' | 'reminder', round?: number): Promise<MailOutcome> {
  if (!inv.email) return { mailId: null, status: 'no_email' };
  const input = { lang: inv.lang, nameEn: inv.nameEn, nameAr: inv.nameAr, programmeEn: wave.programmeEn, programmeAr: wave.programmeAr,
    waveEn: wave.nameEn, waveAr: wave.nameAr, link, closesAt: wave.closesAt, round };
  const m = kind === 'invitation' ? invitationMail(input) : reminderMail(input);
  const sent = await sendMail(ctx, em, { to: inv.email, subject: m.subject, text: m.text, html: m.html, kind, programmeId: wave.programmeId, invitationId: inv.id });
  if (sent.status !== 'outbox') {
    await em.query(`INSERT INTO invitation_events (invitation_id, kind, details) VALUES ($1, $2, $3)`,
      [inv.id, sent.status === 'sent' ? 'mail_sent' : 'mail_failed', JSON.stringify({ mailId: sent.id, mailKind: kind, ...(round ? { round } : {}) })]);
  }
  if (sent.status === 'sent') {
    await em.query(`UPDATE invitations SET status = 'sent', updated_at = now() WHERE id = $1 AND status IN ('invited', 'bounced')`, [inv.id]);
  }
  return { mailId: sent.id, status: sent.status };
}

/** Re-issues the link of a live invitation (old link revoked) and returns the new row with its link. */
export async function reissueWithLink(ctx: AppContext, em: EntityManager, inv: InvitationRow, actorUserId: string | null) {
  const r = await reissueInvitation(em, inv.id, ctx.baseUrl(), actorUserId);
  return { inv: { ...inv, id: r.invitationId }, link: r.link, previousInvitationId: inv.id };
}

export async function inviteStakeholders(ctx: AppContext, em: EntityManager, programmeId: string, waveId: string,
  opts: { stakeholderIds: string[]; send: boolean }, actorUserId: string) {
  const wave = await loadWave(em, programmeId, waveId);
  assertOpenForInvites(wave);
  // one inviter per wave at a time, so two concurrent bulk requests report instead of colliding on the unique index
  await em.query(`SELECT pg_advisory_xact_lock(hashtext('marsad.invite:' || $1::text))`, [waveId]);
  const ids = [...new Set(opts.stakeholderIds)];
  const found = await em.query(
    `SELECT s.id, s.archived_at, i.id AS invitation_id, i.status FROM stakeholders s
       LEFT JOIN invitations i ON i.stakeholder_id = s.id AND i.wave_id = $3 AND i.revoked_at IS NULL
      WHERE s.id = ANY($1::uuid[]) AND s.programme_id = $2`, [ids, programmeId, waveId]);
  const byId = new Map<string, any>(found.map((r: any) => [r.id, r]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length) throw new AppError('resource.not_found', { resource: 'stakeholder', ids: missing });
  const archived = ids.filter((id) => byId.get(id).archived_at);
  if (archived.length) throw new AppError('request.invalid', { reason: 'archived stakeholders cannot be invited', ids: archived });
  const invitations = [];
  const alreadyInvited = [];
  for (const id of ids) {
    const prior = byId.get(id);
    if (prior.invitation_id) { alreadyInvited.push({ stakeholderId: id, invitationId: prior.invitation_id, status: prior.status }); continue; }
    const created = await createInvitation(em, { waveId, stakeholderId: id, actorUserId, baseUrl: ctx.baseUrl() });
    let mail: MailOutcome | undefined;
    if (opts.send) {
      const inv = toInvitation((await em.query(`${INVITATION_SELECT} WHERE i.id = $1`, [created.invitationId]))[0]);
      mail = await mailLink(ctx, em, wave, inv, created.link, 'invitation');
    }
    invitations.push({ invitationId: created.invitationId, stakeholderId: id, link: created.link, ...(mail ? { mail } : {}) });
  }
  await audit(em, { actorUserId, action: 'invitation.create', programmeId, targetType: 'wave', targetId: waveId,
    details: { created: invitations.length, alreadyInvited: alreadyInvited.length, send: opts.send } });
  return { invitations, alreadyInvited };
}

/** Mails the given live invitations (default: all still 'invited'); each gets a re-issued link (see the header). */
export async function sendInvitations(ctx: AppContext, em: EntityManager, programmeId: string, waveId: string,
  invitationIds: string[] | undefined, actorUserId: string) {
  const wave = await loadWave(em, programmeId, waveId);
  assertOpenForInvites(wave);
  const rows = await em.query(
    `${INVITATION_SELECT} WHERE w.id = $1 AND w.programme_id = $2 AND i.revoked_at IS NULL
       AND (CASE WHEN $3::uuid[] IS NULL THEN i.status = 'invited' ELSE i.id = ANY($3::uuid[]) AND i.status NOT IN ('completed','declined') END)
     ORDER BY s.name_en, i.id FOR UPDATE OF i`, [waveId, programmeId, invitationIds ?? null]);
  if (invitationIds) {
    const got = new Set(rows.map((r: any) => r.id));
    const missing = invitationIds.filter((id) => !got.has(id));
    if (missing.length) throw new AppError('resource.not_found', { resource: 'invitation', ids: missing });
  }
  const sent = [];
  for (const r of rows) {
    const { inv, link, previousInvitationId } = await reissueWithLink(ctx, em, toInvitation(r), actorUserId);
    const mail = await mailLink(ctx, em, wave, inv, link, 'invitation');
    sent.push({ invitationId: inv.id, previousInvitationId, stakeholderId: inv.stakeholderId, link, mail });
  }
  await audit(em, { actorUserId, action: 'invitation.send', programmeId, targetType: 'wave', targetId: waveId, details: { count: sent.length } });
  return { sent };
}

export async function reissue(ctx: AppContext, em: EntityManager, programmeId: string, invitationId: string, send: boolean, actorUserId: string) {
  const inv = await loadInvitation(em, programmeId, invitationId);
  if (inv.status === 'completed') throw new AppError('response.already_complete');
  const wave = await loadWave(em, programmeId, inv.waveId);
  const r = await reissueWithLink(ctx, em, inv, actorUserId);
  const mail = send ? await mailLink(ctx, em, wave, r.inv, r.link, 'invitation') : undefined;
  await audit(em, { actorUserId, action: 'invitation.reissue', programmeId, targetType: 'invitation', targetId: r.inv.id, details: { previousInvitationId: invitationId } });
  return { invitationId: r.inv.id, previousInvitationId: invitationId, stakeholderId: inv.stakeholderId, link: r.link, ...(mail ? { mail } : {}) };
}

/** Latest contact (mail, reminder or follow-up) over every row of the same (wave, stakeholder). */
export const LAST_CONTACT_SQL = `(SELECT json_build_object('kind', e.kind,
    'at', to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'channel', e.channel)
  FROM invitation_events e JOIN invitations c ON c.id = e.invitation_id
  WHERE c.wave_id = i.wave_id AND c.stakeholder_id = i.stakeholder_id AND e.kind IN ('mail_sent','reminder_sent','follow_up')
  ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1)`;

export async function listInvitations(em: EntityManager, programmeId: string, waveId: string) {
  await loadWave(em, programmeId, waveId);
  const rows = await em.query(
    `SELECT i.id, i.status, i.created_at, i.updated_at, s.id AS sid, s.name_en, s.name_ar, s.institution, ${LAST_CONTACT_SQL} AS last_contact,
            (SELECT count(*)::int FROM invitation_events e JOIN invitations c ON c.id = e.invitation_id
              WHERE c.wave_id = i.wave_id AND c.stakeholder_id = i.stakeholder_id AND e.kind = 'reminder_sent') AS reminders
       FROM invitations i JOIN waves w ON w.id = i.wave_id JOIN stakeholders s ON s.id = i.stakeholder_id
      WHERE i.wave_id = $1 AND w.programme_id = $2 AND i.revoked_at IS NULL ORDER BY s.institution, s.name_en, i.id`, [waveId, programmeId]);
  return rows.map((r: any) => ({
    invitationId: r.id, status: r.status, createdAt: r.created_at, updatedAt: r.updated_at, remindersSent: r.reminders,
    lastContact: r.last_contact, stakeholder: { id: r.sid, nameEn: r.name_en, nameAr: r.name_ar, institution: r.institution },
  }));
}

/** Every event of the stakeholder's invitation to this wave, across re-issued links, oldest first, with its mails. */
export async function invitationTimeline(em: EntityManager, programmeId: string, invitationId: string) {
  const inv = await loadInvitation(em, programmeId, invitationId, true, false);
  const events = await em.query(
    `SELECT e.id, e.invitation_id, e.kind, e.channel, e.reminder_round, e.note, e.actor_user_id, e.details, e.occurred_at
       FROM invitation_events e JOIN invitations c ON c.id = e.invitation_id
      WHERE c.wave_id = $1 AND c.stakeholder_id = $2 ORDER BY e.occurred_at, e.id`, [inv.waveId, inv.stakeholderId]);
  const mails = await em.query(
    `SELECT m.id, m.invitation_id, m.kind, m.status, m.error, m.created_at, m.sent_at FROM mail_messages m JOIN invitations c ON c.id = m.invitation_id
      WHERE c.wave_id = $1 AND c.stakeholder_id = $2 ORDER BY m.created_at, m.id`, [inv.waveId, inv.stakeholderId]);
  return {
    invitationId, status: inv.status, revoked: !!inv.revokedAt,
    events: events.map((e: any) => ({ id: Number(e.id), invitationId: e.invitation_id, kind: e.kind, channel: e.channel, reminderRound: e.reminder_round,
      note: e.note, actorUserId: e.actor_user_id, details: e.details, occurredAt: e.occurred_at })),
    mails: mails.map((m: any) => ({ id: m.id, invitationId: m.invitation_id, kind: m.kind, status: m.status, error: m.error, createdAt: m.created_at, sentAt: m.sent_at })),
  };
}

/** decline / bounce: the officer records the outcome; a completed invitation cannot change any more. */
export async function markOutcome(em: EntityManager, programmeId: string, invitationId: string, kind: 'declined' | 'bounced',
  note: string | undefined, actorUserId: string) {
  const inv = await loadInvitation(em, programmeId, invitationId);
  if (inv.status === 'completed') throw new AppError('response.already_complete');
  await em.query(`UPDATE invitations SET status = $2, updated_at = now() WHERE id = $1`, [inv.id, kind]);
  await em.query(`INSERT INTO invitation_events (invitation_id, kind, note, actor_user_id) VALUES ($1, $2, $3, $4)`, [inv.id, kind, note ?? null, actorUserId]);
  await audit(em, { actorUserId, action: `invitation.${kind === 'declined' ? 'decline' : 'bounce'}`, programmeId, targetType: 'invitation', targetId: inv.id });
  return { invitationId: inv.id, status: kind };
}

export async function addFollowUp(em: EntityManager, programmeId: string, invitationId: string,
  f: { channel: string; note: string; occurredAt?: Date }, actorUserId: string) {
  const inv = await loadInvitation(em, programmeId, invitationId, true);
  if (f.occurredAt && f.occurredAt.getTime() > Date.now() + 5 * 60000) throw new AppError('request.invalid', { field: 'occurredAt', reason: 'in the future' });
  const rows = await em.query(
    `INSERT INTO invitation_events (invitation_id, kind, channel, note, actor_user_id, occurred_at)
     VALUES ($1, 'follow_up', $2, $3, $4, coalesce($5::timestamptz, now())) RETURNING id, occurred_at`,
    [inv.id, f.channel, f.note, actorUserId, f.occurredAt ?? null]);
  await audit(em, { actorUserId, action: 'invitation.follow_up', programmeId, targetType: 'invitation', targetId: inv.id, details: { channel: f.channel } });
  return { id: Number(rows[0].id), invitationId: inv.id, kind: 'follow_up', channel: f.channel, note: f.note, occurredAt: rows[0].occurred_at };
}
