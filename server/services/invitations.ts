// Invitations of stakeholders to a wave: create (and mail, unless "links only"), mail the same stable link again,
// re-issue only when an officer says the link leaked, list, timeline, and the officer-recorded outcomes (decline,
// bounce, wrong contact, follow-up contacts). Mails are queued in the caller's transaction (services/mail.ts).
import type { EntityManager } from 'typeorm';
import type { AppContext } from '../context';
import { AppError, notFound } from '../errors';
import { createInvitation, linkOfInvitation, reissueInvitation } from './tokens';
import { queueMail, type MailStatus } from './mail';
import { invitationMail, reminderMail, type TemplateKind } from './mail-templates';
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
interface InvitationDbRow {
  id: string; wave_id: string; stakeholder_id: string; status: string; revoked_at: Date | null; email: string | null;
  name_en: string; name_ar: string; preferred_language: 'en' | 'ar'; institution: string;
}

export const INVITATION_SELECT = `SELECT i.id, i.wave_id, i.stakeholder_id, i.status, i.revoked_at, s.email, s.name_en, s.name_ar,
  s.preferred_language, s.institution FROM invitations i JOIN waves w ON w.id = i.wave_id JOIN stakeholders s ON s.id = i.stakeholder_id`;
export const toInvitation = (r: InvitationDbRow): InvitationRow => ({ id: r.id, waveId: r.wave_id, stakeholderId: r.stakeholder_id, status: r.status,
  revokedAt: r.revoked_at, email: r.email, nameEn: r.name_en, nameAr: r.name_ar, lang: r.preferred_language, institution: r.institution });

/** An invitation of the programme (revoked ones too when allowRevoked), locked for update unless reading; another programme's → 404. */
export async function loadInvitation(em: EntityManager, programmeId: string, invitationId: string, allowRevoked = false, lock = true): Promise<InvitationRow> {
  const rows: InvitationDbRow[] = await em.query(`${INVITATION_SELECT} WHERE i.id = $1 AND w.programme_id = $2${lock ? ' FOR UPDATE OF i' : ''}`, [invitationId, programmeId]);
  if (!rows.length) throw notFound('invitation');
  const inv = toInvitation(rows[0]);
  if (inv.revokedAt && !allowRevoked) {
    const live = await em.query(`SELECT id FROM invitations WHERE wave_id = $1 AND stakeholder_id = $2 AND revoked_at IS NULL`, [inv.waveId, inv.stakeholderId]);
    throw new AppError('resource.stale', { reason: 'this link was re-issued', currentInvitationId: live[0]?.id ?? null });
  }
  return inv;
}

/** Statuses that end the conversation: no invitation or reminder mail goes to them. */
export const NOT_REACHABLE = ['completed', 'declined', 'bounced', 'wrong_contact'] as const;

export interface MailOutcome { mailId: string | null; status: MailStatus | 'no_email' }

/**
 * Queues the invitation or reminder mail of a live invitation with ITS link (the same link every time). A row made
 * before links were kept sealed has no recoverable link: it is re-issued once, here, and the mail carries the new one.
 */
export async function mailLink(ctx: AppContext, em: EntityManager, wave: WaveRow, inv: InvitationRow, kind: TemplateKind,
  opts: { round?: number; actorUserId?: string | null } = {}): Promise<MailOutcome & { invitationId: string; link: string }> {
  let invitationId = inv.id;
  let link = await linkOfInvitation(ctx, em, inv.id);
  if (!link) {
    const r = await reissueInvitation(em, inv.id, ctx.baseUrl(), opts.actorUserId, ctx, 'link not recoverable (made before links were kept)');
    invitationId = r.invitationId; link = r.link;
  }
  if (!inv.email) return { mailId: null, status: 'no_email', invitationId, link };
  const input = { lang: inv.lang, nameEn: inv.nameEn, nameAr: inv.nameAr, programmeEn: wave.programmeEn, programmeAr: wave.programmeAr,
    waveEn: wave.nameEn, waveAr: wave.nameAr, link, closesAt: wave.closesAt, round: opts.round };
  const m = kind === 'invitation' ? invitationMail(input) : reminderMail(input);
  const q = await queueMail(ctx, em, { to: inv.email, subject: m.subject, text: m.text, html: m.html, kind, programmeId: wave.programmeId,
    invitationId, reminderRound: opts.round ?? null, createdBy: opts.actorUserId ?? null });
  return { mailId: q.id, status: q.status, invitationId, link };
}

export async function inviteStakeholders(ctx: AppContext, em: EntityManager, programmeId: string, waveId: string,
  opts: { stakeholderIds: string[]; mode: 'mail' | 'links_only' }, actorUserId: string) {
  const wave = await loadWave(em, programmeId, waveId);
  assertOpenForInvites(wave);
  // one inviter per wave at a time, so two concurrent bulk requests report instead of colliding on the unique index
  await em.query(`SELECT pg_advisory_xact_lock(hashtext('marsad.invite:' || $1::text))`, [waveId]);
  const ids = [...new Set(opts.stakeholderIds)];
  const found: Array<{ id: string; archived_at: Date | null; invitation_id: string | null; status: string | null }> = await em.query(
    `SELECT s.id, s.archived_at, i.id AS invitation_id, i.status FROM stakeholders s
       LEFT JOIN invitations i ON i.stakeholder_id = s.id AND i.wave_id = $3 AND i.revoked_at IS NULL
      WHERE s.id = ANY($1::uuid[]) AND s.programme_id = $2`, [ids, programmeId, waveId]);
  const byId = new Map(found.map((r) => [r.id, r]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length) throw new AppError('resource.not_found', { resource: 'stakeholder', ids: missing });
  const archived = ids.filter((id) => byId.get(id)!.archived_at);
  if (archived.length) throw new AppError('stakeholder.archived', { ids: archived });
  const invitations = [];
  const alreadyInvited = [];
  for (const id of ids) {
    const prior = byId.get(id)!;
    if (prior.invitation_id) { alreadyInvited.push({ stakeholderId: id, invitationId: prior.invitation_id, status: prior.status ?? '' }); continue; }
    const created = await createInvitation(em, { waveId, stakeholderId: id, actorUserId, baseUrl: ctx.baseUrl(), ctx });
    let mail: MailOutcome | null = null;
    if (opts.mode === 'mail') {
      const inv = toInvitation((await em.query(`${INVITATION_SELECT} WHERE i.id = $1`, [created.invitationId]))[0]);
      const m = await mailLink(ctx, em, wave, inv, 'invitation', { actorUserId });
      mail = { mailId: m.mailId, status: m.status };
    }
    invitations.push({ invitationId: created.invitationId, stakeholderId: id, link: created.link, mail });
  }
  await audit(em, { actorUserId, action: 'invitation.create', programmeId, targetType: 'wave', targetId: waveId,
    details: { created: invitations.length, alreadyInvited: alreadyInvited.length, mode: opts.mode } });
  return { mode: opts.mode, invitations, alreadyInvited,
    mailed: invitations.filter((i) => i.mail?.status === 'queued').length, noEmail: invitations.filter((i) => i.mail?.status === 'no_email').length };
}

/** Mails the invitation (same link) to the given live invitations, default every one not mailed yet; unreachable ones are skipped. */
export async function sendInvitations(ctx: AppContext, em: EntityManager, programmeId: string, waveId: string,
  invitationIds: string[] | undefined, actorUserId: string) {
  const wave = await loadWave(em, programmeId, waveId);
  assertOpenForInvites(wave);
  const rows: InvitationDbRow[] = await em.query(
    `${INVITATION_SELECT} WHERE w.id = $1 AND w.programme_id = $2 AND i.revoked_at IS NULL
       AND (CASE WHEN $3::uuid[] IS NULL THEN i.status = 'invited' ELSE i.id = ANY($3::uuid[]) END)
     ORDER BY s.name_en, i.id FOR UPDATE OF i`, [waveId, programmeId, invitationIds ?? null]);
  if (invitationIds) {
    const got = new Set(rows.map((r) => r.id));
    const missing = invitationIds.filter((id) => !got.has(id));
    if (missing.length) throw new AppError('resource.not_found', { resource: 'invitation', ids: missing });
  }
  const sent = [];
  const skipped: Array<{ invitationId: string; reason: string }> = [];
  for (const r of rows.map(toInvitation)) {
    if ((NOT_REACHABLE as readonly string[]).includes(r.status)) { skipped.push({ invitationId: r.id, reason: r.status }); continue; }
    if (!r.email) { skipped.push({ invitationId: r.id, reason: 'no_email' }); continue; }
    const m = await mailLink(ctx, em, wave, r, 'invitation', { actorUserId });
    sent.push({ invitationId: m.invitationId, stakeholderId: r.stakeholderId, mailId: m.mailId! });
  }
  await audit(em, { actorUserId, action: 'invitation.send', programmeId, targetType: 'wave', targetId: waveId, details: { count: sent.length } });
  return { sent: sent.length, skipped, mails: sent };
}

/** Per-row reminder: the reminder template, same link; refused for people who answered, declined or cannot be reached. */
export async function remindInvitation(ctx: AppContext, em: EntityManager, programmeId: string, invitationId: string, actorUserId: string) {
  const inv = await loadInvitation(em, programmeId, invitationId);
  const wave = await loadWave(em, programmeId, inv.waveId);
  assertOpenForInvites(wave);
  if ((NOT_REACHABLE as readonly string[]).includes(inv.status)) throw new AppError('invitation.not_remindable', { status: inv.status });
  if (!inv.email) throw new AppError('invitation.no_email');
  const m = await mailLink(ctx, em, wave, inv, 'reminder', { actorUserId });
  await em.query(`INSERT INTO invitation_events (invitation_id, kind, actor_user_id, details) VALUES ($1, 'reminder_sent', $2, $3)`,
    [m.invitationId, actorUserId, JSON.stringify({ mailId: m.mailId, single: true })]);
  await audit(em, { actorUserId, action: 'invitation.remind', programmeId, targetType: 'invitation', targetId: m.invitationId });
  return { invitationId: m.invitationId, mailId: m.mailId!, status: 'queued' as const };
}

/** "This link leaked": a new link replaces the old one (the draft moves with it); optionally mailed. */
export async function reissue(ctx: AppContext, em: EntityManager, programmeId: string, invitationId: string, send: boolean, actorUserId: string) {
  const inv = await loadInvitation(em, programmeId, invitationId);
  if (inv.status === 'completed') throw new AppError('response.already_complete');
  const wave = await loadWave(em, programmeId, inv.waveId);
  const r = await reissueInvitation(em, inv.id, ctx.baseUrl(), actorUserId, ctx, 'leaked');
  const mail = send ? await mailLink(ctx, em, wave, { ...inv, id: r.invitationId }, 'invitation', { actorUserId }) : null;
  await audit(em, { actorUserId, action: 'invitation.reissue', programmeId, targetType: 'invitation', targetId: r.invitationId, details: { previousInvitationId: invitationId } });
  return { invitationId: r.invitationId, previousInvitationId: invitationId, stakeholderId: inv.stakeholderId, link: r.link,
    mail: mail ? { mailId: mail.mailId, status: mail.status } : null };
}

/** The live invitation's link, for the officer to pass on by phone or message (the same link the mails carry). */
export async function invitationLinkFor(ctx: AppContext, em: EntityManager, programmeId: string, invitationId: string, actorUserId: string) {
  const inv = await loadInvitation(em, programmeId, invitationId);
  let link = await linkOfInvitation(ctx, em, inv.id);
  let id = inv.id;
  if (!link) {
    const r = await reissueInvitation(em, inv.id, ctx.baseUrl(), actorUserId, ctx, 'link not recoverable (made before links were kept)');
    link = r.link; id = r.invitationId;
  }
  await audit(em, { actorUserId, action: 'invitation.show_link', programmeId, targetType: 'invitation', targetId: id });
  return { invitationId: id, link };
}

/** Latest contact (mail, reminder or follow-up) over every row of the same (wave, stakeholder). */
export const LAST_CONTACT_SQL = `(SELECT json_build_object('kind', e.kind,
    'at', to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'channel', e.channel)
  FROM invitation_events e JOIN invitations c ON c.id = e.invitation_id
  WHERE c.wave_id = i.wave_id AND c.stakeholder_id = i.stakeholder_id AND e.kind IN ('mail_sent','reminder_sent','follow_up')
  ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1)`;

