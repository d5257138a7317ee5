// Reminders to non-respondents of a wave: numbered rounds, at most one mail per round and invitation (a unique
// index, INSERT ... ON CONFLICT DO NOTHING in the same transaction as the mail row), and schedules run by jobs.ts.
//
// Every reminder re-issues the link (only token hashes are stored; see services/invitations.ts). The
// reminder_sent event is written on the live row *before* it is revoked, under a row lock: a retried or
// concurrent run either waits and then finds the row revoked, or hits the unique index; a later run finds the
// round on the stakeholder's earlier row. Either way the same round never reaches one person twice.
import type { EntityManager } from 'typeorm';
import type { AppContext } from '../context';
import { AppError, notFound } from '../errors';
import { audit } from './audit';
import { returned } from './stakeholders';
import { assertOpenForInvites, loadWave, mailLink, reissueWithLink, type InvitationRow, type MailOutcome, type WaveRow } from './invitations';

export interface RoundJob { programmeId: string; waveId: string; round: number; onlyStarted: boolean; scheduleId?: string | null }

const ROUND_ON_CHAIN = `EXISTS (SELECT 1 FROM invitation_events e JOIN invitations c ON c.id = e.invitation_id
  WHERE c.wave_id = i.wave_id AND c.stakeholder_id = i.stakeholder_id AND e.kind = 'reminder_sent' AND e.reminder_round = $ROUND)`;
/** Non-respondents: live, not completed, not declined (nor bounced: their address does not work). */
const ELIGIBLE = `i.revoked_at IS NULL AND i.status NOT IN ('completed', 'declined', 'bounced')
  AND (NOT $ONLY OR i.status = 'started' OR EXISTS (SELECT 1 FROM responses r WHERE r.invitation_id = i.id AND r.status = 'draft'))`;

export async function nextRound(em: EntityManager, waveId: string): Promise<number> {
  const rows = await em.query(
    `SELECT coalesce(max(e.reminder_round), 0) + 1 AS n FROM invitation_events e JOIN invitations i ON i.id = e.invitation_id
      WHERE i.wave_id = $1 AND e.kind = 'reminder_sent'`, [waveId]);
  return Number(rows[0].n);
}

export interface ReminderOutcome { invitationId: string; previousInvitationId: string; stakeholderId: string; link: string; mail: MailOutcome }

/** One reminder in the caller's transaction; undefined when this round already reached the stakeholder (or they answered). */
async function remindOne(ctx: AppContext, em: EntityManager, wave: WaveRow, invitationId: string, job: RoundJob,
  actorUserId: string | null): Promise<ReminderOutcome | 'no_email' | undefined> {
  const rows = await em.query(
    `SELECT i.id, i.wave_id, i.stakeholder_id, i.status, i.revoked_at, s.email, s.name_en, s.name_ar, s.preferred_language, s.institution
       FROM invitations i JOIN stakeholders s ON s.id = i.stakeholder_id
      WHERE i.id = $1 AND i.wave_id = $2 AND ${ELIGIBLE.replace('$ONLY', '$3')} AND NOT ${ROUND_ON_CHAIN.replace('$ROUND', '$4')}
      FOR UPDATE OF i`, [invitationId, wave.id, job.onlyStarted, job.round]);
  if (!rows.length) return undefined;
  const r = rows[0];
  if (!r.email) return 'no_email';
  const inserted = await em.query(
    `INSERT INTO invitation_events (invitation_id, kind, reminder_round, actor_user_id, details) VALUES ($1, 'reminder_sent', $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING id`,
    [invitationId, job.round, actorUserId, JSON.stringify({ scheduleId: job.scheduleId ?? null })]);
  if (!inserted.length) return undefined;
  const inv: InvitationRow = { id: r.id, waveId: r.wave_id, stakeholderId: r.stakeholder_id, status: r.status, revokedAt: null,
    email: r.email, nameEn: r.name_en, nameAr: r.name_ar, lang: r.preferred_language, institution: r.institution };
  const fresh = await reissueWithLink(ctx, em, inv, actorUserId);
  await em.query(`UPDATE invitation_events SET details = details || $2 WHERE id = $1`, [inserted[0].id, JSON.stringify({ newInvitationId: fresh.inv.id })]);
  const mail = await mailLink(ctx, em, wave, fresh.inv, fresh.link, 'reminder', job.round);
  return { invitationId: fresh.inv.id, previousInvitationId: invitationId, stakeholderId: inv.stakeholderId, link: fresh.link, mail };
}

/**
 * Sends one round to every eligible invitation of the wave. With `em` everything runs in that transaction (an
 * officer's request); without it (the job runner) each invitation gets its own transaction, so a crash loses
 * at most the mail being sent and a retry of the same round skips everyone already reminded.
 */
export async function sendReminderRound(ctx: AppContext, em: EntityManager | null, job: RoundJob, actorUserId: string | null) {
  const wave = await loadWave(em ?? ctx.db.manager, job.programmeId, job.waveId);
  if (wave.isClosed) return { round: job.round, sent: [] as ReminderOutcome[], noEmail: [] as string[] };
  const candidates = await (em ?? ctx.db.manager).query(
    `SELECT i.id FROM invitations i JOIN stakeholders s ON s.id = i.stakeholder_id
      WHERE i.wave_id = $1 AND ${ELIGIBLE.replace('$ONLY', '$2')} AND NOT ${ROUND_ON_CHAIN.replace('$ROUND', '$3')}
      ORDER BY s.name_en, i.id`, [job.waveId, job.onlyStarted, job.round]);
  const sent: ReminderOutcome[] = [];
  const noEmail: string[] = [];
  for (const { id } of candidates) {
    const out = em ? await remindOne(ctx, em, wave, id, job, actorUserId)
      : await ctx.db.transaction((tx) => remindOne(ctx, tx, wave, id, job, actorUserId));
    if (out === 'no_email') noEmail.push(id);
    else if (out) sent.push(out);
  }
  return { round: job.round, sent, noEmail };
}

/** POST .../reminders/send: the wave's next round, now, in the request's transaction. */
export async function sendRemindersNow(ctx: AppContext, em: EntityManager, programmeId: string, waveId: string, onlyStarted: boolean, actorUserId: string) {
  assertOpenForInvites(await loadWave(em, programmeId, waveId));
  await em.query(`SELECT pg_advisory_xact_lock(hashtext('marsad.remind:' || $1::text))`, [waveId]);
  const round = await nextRound(em, waveId);
  const r = await sendReminderRound(ctx, em, { programmeId, waveId, round, onlyStarted }, actorUserId);
  await audit(em, { actorUserId, action: 'reminder.send', programmeId, targetType: 'wave', targetId: waveId, details: { round, count: r.sent.length } });
  return r;
}

const toSchedule = (r: any) => ({ id: r.id, waveId: r.wave_id, everyDays: r.every_days, maxRounds: r.max_rounds, onlyStarted: r.only_started,
  roundsSent: r.rounds_sent, nextRunAt: r.next_run_at, cancelledAt: r.cancelled_at, createdAt: r.created_at });

export async function createSchedule(em: EntityManager, programmeId: string, waveId: string,
  s: { everyDays: number; maxRounds: number; onlyStarted: boolean; firstRunAt?: Date }, actorUserId: string) {
  assertOpenForInvites(await loadWave(em, programmeId, waveId));
  const rows = await em.query(
    `INSERT INTO reminder_schedules (wave_id, every_days, max_rounds, only_started, next_run_at, created_by)
     VALUES ($1, $2, $3, $4, coalesce($5::timestamptz, now() + make_interval(days => $2)), $6) RETURNING *`,
    [waveId, s.everyDays, s.maxRounds, s.onlyStarted, s.firstRunAt ?? null, actorUserId]);
  await audit(em, { actorUserId, action: 'reminder_schedule.create', programmeId, targetType: 'reminder_schedule', targetId: rows[0].id, details: s });
  return toSchedule(rows[0]);
}

export async function listSchedules(em: EntityManager, programmeId: string, waveId: string) {
  await loadWave(em, programmeId, waveId);
  return (await em.query(`SELECT * FROM reminder_schedules WHERE wave_id = $1 ORDER BY created_at, id`, [waveId])).map(toSchedule);
}

export async function cancelSchedule(em: EntityManager, programmeId: string, waveId: string, scheduleId: string, actorUserId: string) {
  const rows = returned(await em.query(
    `UPDATE reminder_schedules rs SET cancelled_at = coalesce(cancelled_at, now()) FROM waves w
      WHERE rs.id = $1 AND rs.wave_id = $2 AND w.id = rs.wave_id AND w.programme_id = $3 RETURNING rs.*`, [scheduleId, waveId, programmeId]));
  if (!rows.length) throw notFound('reminder_schedule');
  await audit(em, { actorUserId, action: 'reminder_schedule.cancel', programmeId, targetType: 'reminder_schedule', targetId: scheduleId });
  return toSchedule(rows[0]);
}

/**
 * Claims every due schedule in one transaction: fixes the round number, advances the schedule and enqueues the
 * round job through `enqueue` on the same transaction, so a claimed round is never lost nor claimed twice.
 */
export async function claimDueSchedules(ctx: AppContext, enqueue: (em: EntityManager, job: RoundJob) => Promise<void>): Promise<RoundJob[]> {
  return ctx.db.transaction(async (em) => {
    const due = await em.query(
      `SELECT rs.id, rs.wave_id, rs.only_started, rs.every_days, w.programme_id FROM reminder_schedules rs JOIN waves w ON w.id = rs.wave_id
        WHERE rs.cancelled_at IS NULL AND rs.rounds_sent < rs.max_rounds AND rs.next_run_at <= now()
          AND w.closed_at IS NULL AND w.closes_at > now()
        ORDER BY rs.next_run_at FOR UPDATE OF rs SKIP LOCKED`);
    const jobs: RoundJob[] = [];
    for (const s of due) {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('marsad.remind:' || $1::text))`, [s.wave_id]);
      const job: RoundJob = { programmeId: s.programme_id, waveId: s.wave_id, round: await nextRound(em, s.wave_id), onlyStarted: s.only_started, scheduleId: s.id };
      await em.query(
        `UPDATE reminder_schedules SET rounds_sent = rounds_sent + 1,
           next_run_at = greatest(next_run_at + make_interval(days => every_days), now() + interval '1 hour') WHERE id = $1`, [s.id]);
      await enqueue(em, job);
      jobs.push(job);
    }
    return jobs;
  });
}

export function assertRound(n: unknown): number {
  if (!Number.isInteger(n) || (n as number) < 1) throw new AppError('request.invalid', { field: 'round' });
  return n as number;
}
