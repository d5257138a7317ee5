// Reminders to non-respondents of a wave: numbered rounds carrying each person's SAME link, at most one mail per
// round and invitation (a unique index, INSERT ... ON CONFLICT DO NOTHING in the transaction that queues the mail),
// a preview before "send to all" (how many, the template in both languages, who is skipped and why), and schedules
// (create, pause, resume, delete) run by jobs.ts.
import type { EntityManager } from 'typeorm';
import type { AppContext } from '../context';
import { AppError, notFound } from '../errors';
import { audit } from './audit';
import { returned } from './stakeholders';
import { previewBlock } from './mail-templates';
import { assertOpenForInvites, INVITATION_SELECT, loadWave, mailLink, toInvitation, type WaveRow } from './invitations';

export interface RoundJob { programmeId: string; waveId: string; round: number; onlyStarted: boolean; scheduleId?: string | null }

export type SkipReason = 'completed' | 'declined' | 'bounced' | 'wrong_contact' | 'not_mailed' | 'not_started' | 'no_email' | 'already_reminded';

/** Why a live invitation gets no reminder in this round, or null when it gets one. */
const SKIP_SQL = `CASE
  WHEN i.status IN ('completed','declined','bounced','wrong_contact') THEN i.status
  WHEN i.status = 'invited' THEN 'not_mailed'
  WHEN $ONLY AND NOT (i.status = 'started' OR EXISTS (SELECT 1 FROM responses r WHERE r.invitation_id = i.id)) THEN 'not_started'
  WHEN s.email IS NULL THEN 'no_email'
  WHEN EXISTS (SELECT 1 FROM invitation_events e JOIN invitations c ON c.id = e.invitation_id
     WHERE c.wave_id = i.wave_id AND c.stakeholder_id = i.stakeholder_id AND e.kind = 'reminder_sent' AND e.reminder_round = $ROUND) THEN 'already_reminded'
  END`;

export async function nextRound(em: EntityManager, waveId: string): Promise<number> {
  const rows = await em.query(
    `SELECT coalesce(max(e.reminder_round), 0) + 1 AS n FROM invitation_events e JOIN invitations i ON i.id = e.invitation_id
      WHERE i.wave_id = $1 AND e.kind = 'reminder_sent'`, [waveId]);
  return Number(rows[0].n);
}

interface Candidate { id: string; name_en: string; name_ar: string; skip: SkipReason | null }

async function candidates(em: EntityManager, waveId: string, round: number, onlyStarted: boolean, lock: boolean, onlyId?: string): Promise<Candidate[]> {
  return em.query(
    `SELECT i.id, s.name_en, s.name_ar, ${SKIP_SQL.replace('$ONLY', '$2').replace('$ROUND', '$3')} AS skip
       FROM invitations i JOIN stakeholders s ON s.id = i.stakeholder_id
      WHERE i.wave_id = $1 AND i.revoked_at IS NULL AND ($4::uuid IS NULL OR i.id = $4)
      ORDER BY s.name_en, i.id${lock ? ' FOR UPDATE OF i' : ''}`, [waveId, onlyStarted, round, onlyId ?? null]);
}

function skippedSummary(rows: Candidate[]) {
  const by = new Map<SkipReason, Array<{ nameEn: string; nameAr: string }>>();
  for (const r of rows) if (r.skip) by.set(r.skip, [...(by.get(r.skip) ?? []), { nameEn: r.name_en, nameAr: r.name_ar }]);
  return [...by.entries()].map(([reason, people]) => ({ reason, count: people.length, people }));
}

/** What "send reminders to all" would do now: the round, who gets it, who is skipped and why, the template in EN and AR. */
export async function previewReminders(em: EntityManager, programmeId: string, waveId: string, onlyStarted: boolean) {
  const wave = await loadWave(em, programmeId, waveId);
  const round = await nextRound(em, waveId);
  const rows = await candidates(em, waveId, round, onlyStarted, false);
  const t = { nameEn: 'Amal Haddad', nameAr: 'أمل حداد', programmeEn: wave.programmeEn, programmeAr: wave.programmeAr,
    waveEn: wave.nameEn, waveAr: wave.nameAr, link: `${'https://…'}/r/…`, closesAt: wave.closesAt, round };
  return {
    round, recipients: rows.filter((r) => !r.skip).length, skipped: skippedSummary(rows), closed: wave.isClosed,
    template: { en: previewBlock('reminder', 'en', { ...t, lang: 'en' }), ar: previewBlock('reminder', 'ar', { ...t, lang: 'ar' }) },
  };
}

/** One reminder in the caller's transaction: the round's event (unique per invitation and round) and the queued mail. */
async function remindOne(ctx: AppContext, em: EntityManager, wave: WaveRow, invitationId: string, job: RoundJob, actorUserId: string | null): Promise<boolean> {
  const rows = await em.query(`${INVITATION_SELECT} WHERE i.id = $1 AND i.revoked_at IS NULL FOR UPDATE OF i`, [invitationId]);
  if (!rows.length) return false;
  const [check] = await candidates(em, wave.id, job.round, job.onlyStarted, false, invitationId);
  if (!check || check.skip !== null) return false;
  const inserted = await em.query(
    `INSERT INTO invitation_events (invitation_id, kind, reminder_round, actor_user_id, details) VALUES ($1, 'reminder_sent', $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING id`, [invitationId, job.round, actorUserId, JSON.stringify({ scheduleId: job.scheduleId ?? null })]);
  if (!inserted.length) return false;
  const m = await mailLink(ctx, em, wave, toInvitation(rows[0]), 'reminder', { round: job.round, actorUserId });
  await em.query(`UPDATE invitation_events SET details = details || $2 WHERE id = $1`, [inserted[0].id, JSON.stringify({ mailId: m.mailId })]);
  return true;
}

/**
 * Sends one round to every eligible invitation of the wave. With `em` everything runs in that transaction (an
 * officer's request); without it (the job runner) each invitation gets its own transaction, so a retry of the same
 * round skips everyone already reminded.
 */
export async function sendReminderRound(ctx: AppContext, em: EntityManager | null, job: RoundJob, actorUserId: string | null) {
  const wave = await loadWave(em ?? ctx.db.manager, job.programmeId, job.waveId);
  if (wave.isClosed) return { round: job.round, sent: 0, skipped: [] as ReturnType<typeof skippedSummary> };
  const rows = await candidates(em ?? ctx.db.manager, job.waveId, job.round, job.onlyStarted, !!em);
  let sent = 0;
  for (const r of rows.filter((x) => !x.skip)) {
    const ok = em ? await remindOne(ctx, em, wave, r.id, job, actorUserId)
      : await ctx.db.transaction((tx) => remindOne(ctx, tx, wave, r.id, job, actorUserId));
    if (ok) sent++; else r.skip = 'already_reminded';
  }
  return { round: job.round, sent, skipped: skippedSummary(rows) };
}

/**
 * POST .../reminders/send: a round now, in the request's transaction. The client sends the round number it previewed:
 * a second click (or a retried request) for the same round reaches nobody twice.
 */
export async function sendRemindersNow(ctx: AppContext, em: EntityManager, programmeId: string, waveId: string,
  opts: { onlyStarted: boolean; round?: number }, actorUserId: string) {
  assertOpenForInvites(await loadWave(em, programmeId, waveId));
  await em.query(`SELECT pg_advisory_xact_lock(hashtext('marsad.remind:' || $1::text))`, [waveId]);
  const next = await nextRound(em, waveId);
  if (opts.round !== undefined && opts.round > next) throw new AppError('request.invalid', { field: 'round', reason: `the next round is ${next}` });
  const round = opts.round ?? next;
  const r = await sendReminderRound(ctx, em, { programmeId, waveId, round, onlyStarted: opts.onlyStarted }, actorUserId);
  await audit(em, { actorUserId, action: 'reminder.send', programmeId, targetType: 'wave', targetId: waveId, details: { round, count: r.sent } });
  return r;
}

interface ScheduleRow {
  id: string; wave_id: string; every_days: number; max_rounds: number; only_started: boolean; rounds_sent: number;
  next_run_at: Date; cancelled_at: Date | null; paused_at: Date | null; created_at: Date;
}
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const toSchedule = (r: ScheduleRow) => ({ id: r.id, waveId: r.wave_id, everyDays: r.every_days, maxRounds: r.max_rounds, onlyStarted: r.only_started,
  roundsSent: r.rounds_sent, nextRunAt: iso(r.next_run_at)!, cancelledAt: iso(r.cancelled_at), pausedAt: iso(r.paused_at), createdAt: iso(r.created_at)! });

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
  return (await em.query(`SELECT * FROM reminder_schedules WHERE wave_id = $1 AND cancelled_at IS NULL ORDER BY created_at, id`, [waveId]) as ScheduleRow[]).map(toSchedule);
}

const SCHEDULE_CHANGES = {
  cancel: 'cancelled_at = coalesce(cancelled_at, now())',
  pause: 'paused_at = coalesce(paused_at, now())',
  resume: 'paused_at = NULL, next_run_at = greatest(next_run_at, now())',
} as const;

/** cancel (= delete from the list; the row stays for the audit trail), pause, resume. */
export async function changeSchedule(em: EntityManager, programmeId: string, waveId: string, scheduleId: string,
  action: keyof typeof SCHEDULE_CHANGES, actorUserId: string) {
  const rows: ScheduleRow[] = returned(await em.query(
    `UPDATE reminder_schedules rs SET ${SCHEDULE_CHANGES[action]} FROM waves w
      WHERE rs.id = $1 AND rs.wave_id = $2 AND w.id = rs.wave_id AND w.programme_id = $3 RETURNING rs.*`, [scheduleId, waveId, programmeId]));
  if (!rows.length) throw notFound('reminder_schedule');
  await audit(em, { actorUserId, action: `reminder_schedule.${action}`, programmeId, targetType: 'reminder_schedule', targetId: scheduleId });
  return toSchedule(rows[0]);
}

export const cancelSchedule = (em: EntityManager, programmeId: string, waveId: string, scheduleId: string, actorUserId: string) =>
  changeSchedule(em, programmeId, waveId, scheduleId, 'cancel', actorUserId);

/**
 * Claims every due schedule in one transaction: fixes the round number, advances the schedule and enqueues the
 * round job through `enqueue` on the same transaction, so a claimed round is never lost nor claimed twice.
 */
export async function claimDueSchedules(ctx: AppContext, enqueue: (em: EntityManager, job: RoundJob) => Promise<void>): Promise<RoundJob[]> {
  return ctx.db.transaction(async (em) => {
    const due: Array<{ id: string; wave_id: string; only_started: boolean; programme_id: string }> = await em.query(
      `SELECT rs.id, rs.wave_id, rs.only_started, rs.every_days, w.programme_id FROM reminder_schedules rs JOIN waves w ON w.id = rs.wave_id
        WHERE rs.cancelled_at IS NULL AND rs.paused_at IS NULL AND rs.rounds_sent < rs.max_rounds AND rs.next_run_at <= now()
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

/** The anonymous open link of a wave: whether there is one, and how many answered through open links. */
export async function openLinkStats(em: EntityManager, programmeId: string, waveId: string) {
  await loadWave(em, programmeId, waveId);
  const [r] = await em.query(
    `SELECT w.open_link_token_hash IS NOT NULL AS has_link,
            (SELECT count(*)::int FROM responses r WHERE r.wave_id = w.id AND r.respondent_token_hash IS NOT NULL) AS n,
            (SELECT count(*)::int FROM responses r WHERE r.wave_id = w.id AND r.respondent_token_hash IS NOT NULL AND r.status = 'complete') AS c
       FROM waves w WHERE w.id = $1`, [waveId]);
  return { hasOpenLink: r.has_link as boolean, responses: r.n as number, completed: r.c as number };
}
