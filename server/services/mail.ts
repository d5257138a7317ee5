// Outgoing mail: a message is written to mail_messages in the caller's transaction (status queued) and delivered only
// after that transaction commits — by the pg-boss job enqueued on the same transaction (retries with backoff) or by
// the in-process kick that waits until the row is visible. Claiming a message (queued → sending) is one atomic
// UPDATE, so a retried or concurrent delivery never sends it twice; a crash while sending leaves it 'sending', which
// is reported as interrupted (never re-sent automatically). Without SMTP the message waits with status 'outbox'.
import nodemailer, { type Transporter } from 'nodemailer';
import type { EntityManager } from 'typeorm';
import type { AppContext } from '../context';
import { withSafeHeaders, headerAddress, headerText } from '../mail-headers';
import { AppError, notFound } from '../errors';
import { audit } from './audit';
import { jobRunner, onTransaction, QUEUE_MAIL } from './jobs';

export type MailKind = 'invitation' | 'reminder' | 'set_password' | 'reset_password' | 'other';
export type MailStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'bounced' | 'outbox';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  kind: MailKind;
  programmeId?: string | null;
  invitationId?: string | null;
  reminderRound?: number | null;
  createdBy?: string | null;
}

const SERVICE_KEY = 'mail.transports';
/** SMTP network timeouts */
const TIMEOUT_MS = 10000;
/** attempts of a temporarily failing message before it is 'failed' */
export const MAX_ATTEMPTS = 5;
/** a message 'sending' for longer than this was interrupted (the process stopped mid-send) */
const STALE_SENDING_MS = 2 * 60_000;

/** The transport for the SMTP URL currently configured (read on every call, so tests may switch it), or undefined. */
export function mailTransport(ctx: AppContext): Transporter | undefined {
  const url = (ctx.config.SMTP_URL ?? '').trim();
  if (!url) return undefined;
  let cache = ctx.services[SERVICE_KEY] as Map<string, Transporter> | undefined;
  if (!cache) {
    const created = new Map<string, Transporter>();
    cache = created;
    ctx.services[SERVICE_KEY] = created;
    ctx.onShutdown.push(async () => {
      for (const t of created.values()) t.close();
      created.clear();
    });
  }
  let t = cache.get(url);
  if (!t) {
    t = nodemailer.createTransport(url, { connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS } as never);
    cache.set(url, t);
  }
  return t;
}

interface MailRow { id: string; to_address: string; subject: string; body_text: string; body_html: string | null; invitation_id: string | null; kind: MailKind; reminder_round: number | null; attempts: number }

/**
 * The one place a stored message becomes an SMTP message (header values are taken from the row as they are; a
 * header-sanitising helper applies here). The Message-ID is derived from the row id, so receivers can de-duplicate.
 */
export function buildSmtpMessage(ctx: AppContext, m: MailRow) {
  return {
    from: ctx.config.MAIL_FROM, to: headerAddress(m.to_address), subject: headerText(m.subject), text: m.body_text,
    ...(m.body_html ? { html: m.body_html } : {}),
    messageId: `<${m.id}@marsad>`,
    headers: { 'X-Marsad-Message-Id': m.id },
  };
}

/** Writes the message in the caller's transaction and enqueues its delivery on the same transaction. */
export async function queueMail(ctx: AppContext, em: EntityManager, msg: MailMessage): Promise<{ id: string; status: MailStatus }> {
  msg = withSafeHeaders(msg); // no CR/LF or control characters from names into the subject or address (h22)
  const rows = await em.query(
    `INSERT INTO mail_messages (programme_id, invitation_id, kind, to_address, subject, body_text, body_html, status, reminder_round, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $8, $9) RETURNING id`,
    [msg.programmeId ?? null, msg.invitationId ?? null, msg.kind, msg.to, msg.subject, msg.text, msg.html ?? null,
      msg.reminderRound ?? null, msg.createdBy ?? null]);
  const id: string = rows[0].id;
  await enqueueDelivery(ctx, em, id);
  return { id, status: 'queued' };
}

/** @deprecated name kept for callers of the first version: queues, never sends inside the transaction. */
export const sendMail = queueMail;

async function enqueueDelivery(ctx: AppContext, em: EntityManager, id: string): Promise<void> {
  const boss = jobRunner(ctx);
  if (boss && em.queryRunner) {
    await boss.send(QUEUE_MAIL, { messageId: id }, { db: onTransaction(em), singletonKey: id, retryLimit: MAX_ATTEMPTS, retryDelay: 30, retryBackoff: true });
  }
  kickAfterCommit(ctx, id);
}

const KICK_DELAYS = [15, 40, 100, 250, 500, 1000, 2000];

/** Delivers the message as soon as its transaction has committed (the row becomes visible); a rolled-back one never appears. */
function kickAfterCommit(ctx: AppContext, id: string): void {
  let i = 0;
  const attempt = async () => {
    if (ctx.shuttingDown) return;
    try {
      const rows = await ctx.db.query(`SELECT status FROM mail_messages WHERE id = $1`, [id]);
      if (rows.length) {
        if (rows[0].status === 'queued') await deliverMessage(ctx, id).catch(() => undefined);
        return;
      }
    } catch { return; /* pool closed at shutdown: the job or the sweeper delivers it */ }
    if (i < KICK_DELAYS.length) setTimeout(() => void attempt(), KICK_DELAYS[i++]).unref();
  };
  setTimeout(() => void attempt(), KICK_DELAYS[i++]).unref();
}

export class TemporaryMailError extends Error {}

const isPermanent = (err: unknown) => {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500;
};

/** Records the outcome on the invitation the message belongs to (timeline events; invited → sent). */
async function recordOnInvitation(em: EntityManager, m: MailRow, ok: boolean, error?: string): Promise<void> {
  if (!m.invitation_id) return;
  await em.query(`INSERT INTO invitation_events (invitation_id, kind, reminder_round, details) VALUES ($1, $2, NULL, $3)`,
    [m.invitation_id, ok ? 'mail_sent' : 'mail_failed', JSON.stringify({ mailId: m.id, mailKind: m.kind, ...(m.reminder_round ? { round: m.reminder_round } : {}), ...(error ? { error } : {}) })]);
  if (ok) await em.query(`UPDATE invitations SET status = 'sent', updated_at = now() WHERE id = $1 AND status = 'invited'`, [m.invitation_id]);
}

/**
 * Delivers one message if it is still queued. Returns the resulting status. Throws TemporaryMailError when the
 * SMTP server failed temporarily and a job runner will retry (the row is queued again, with the reason).
 */
export function deliverMessage(ctx: AppContext, id: string, opts: { staleSendingMs?: number } = {}): Promise<MailStatus | 'missing'> {
  const flights = inFlight(ctx);
  const p = deliverOnce(ctx, id, opts);
  flights.add(p);
  const done = () => { flights.delete(p); };
  p.then(done, done);
  return p;
}

/** Deliveries running in this process (deliverQueued waits for them, so a caller sees settled statuses). */
function inFlight(ctx: AppContext): Set<Promise<unknown>> {
  return (ctx.services['mail.inFlight'] ??= new Set<Promise<unknown>>()) as Set<Promise<unknown>>;
}

async function deliverOnce(ctx: AppContext, id: string, opts: { staleSendingMs?: number }): Promise<MailStatus | 'missing'> {
  const transport = mailTransport(ctx);
  const claimed: MailRow[] = (await ctx.db.query(
    `UPDATE mail_messages SET status = $2, attempts = attempts + $3, last_attempt_at = now()
      WHERE id = $1 AND status = 'queued' RETURNING *`, [id, transport ? 'sending' : 'outbox', transport ? 1 : 0]))[0];
  if (!claimed.length) {
    const rows = await ctx.db.query(`SELECT status FROM mail_messages WHERE id = $1`, [id]);
    if (!rows.length) return 'missing';
    // a crash after the claim: the mail may or may not have left; it is never re-sent automatically
    const interrupted = (await ctx.db.query(
      `UPDATE mail_messages SET status = 'failed', error = 'interrupted while sending: it may have been delivered; check before resending'
        WHERE id = $1 AND status = 'sending' AND last_attempt_at < now() - make_interval(secs => $2::double precision / 1000) RETURNING id`,
      [id, opts.staleSendingMs ?? STALE_SENDING_MS]))[0];
    return interrupted.length ? 'failed' : rows[0].status;
  }
  if (!transport) return 'outbox';
  const m = claimed[0];
  try {
    await transport.sendMail(buildSmtpMessage(ctx, m));
  } catch (err) {
    const error = String((err as Error)?.message ?? err).slice(0, 2000);
    ctx.log('error', `mail ${id} to ${m.to_address} failed: ${error}`);
    const retry = !isPermanent(err) && !!jobRunner(ctx) && m.attempts < MAX_ATTEMPTS;
    await ctx.db.transaction(async (em) => {
      await em.query(`UPDATE mail_messages SET status = $2, error = $3 WHERE id = $1`, [id, retry ? 'queued' : 'failed', error]);
      if (!retry) await recordOnInvitation(em, m, false, error);
    });
    if (retry) throw new TemporaryMailError(error);
    return 'failed';
  }
  await ctx.db.transaction(async (em) => {
    await em.query(`UPDATE mail_messages SET status = 'sent', sent_at = now(), error = NULL WHERE id = $1`, [id]);
    await recordOnInvitation(em, m, true);
  });
  return 'sent';
}

/** Delivers every queued message (oldest first); the job runner's sweeper and tests call it. Returns how many were tried. */
export async function deliverQueued(ctx: AppContext, opts: { olderThanMs?: number; staleSendingMs?: number } = {}): Promise<number> {
  const rows: Array<{ id: string }> = await ctx.db.query(
    `SELECT id FROM mail_messages WHERE status IN ('queued', 'sending') AND created_at <= now() - make_interval(secs => $1::double precision / 1000)
      ORDER BY created_at, id LIMIT 500`, [opts.olderThanMs ?? 0]);
  for (const r of rows) await deliverMessage(ctx, r.id, opts).catch(() => undefined);
  await Promise.allSettled([...inFlight(ctx)]);
  return rows.length;
}

/** Queues a failed, bounced or never-sent message again (same id); a message whose link was replaced is refused. */
export async function resendMessage(ctx: AppContext, em: EntityManager, programmeId: string, id: string, actorUserId: string) {
  const rows = await em.query(
    `SELECT m.status, m.invitation_id, i.revoked_at FROM mail_messages m LEFT JOIN invitations i ON i.id = m.invitation_id
      WHERE m.id = $1 AND m.programme_id = $2 FOR UPDATE OF m`, [id, programmeId]);
  if (!rows.length) throw notFound('mail_message');
  if (!['failed', 'bounced', 'outbox'].includes(rows[0].status)) throw new AppError('mail.not_resendable', { status: rows[0].status });
  if (rows[0].revoked_at) throw new AppError('mail.link_replaced', { invitationId: rows[0].invitation_id });
  await em.query(`UPDATE mail_messages SET status = 'queued', error = NULL WHERE id = $1`, [id]);
  await audit(em, { actorUserId, action: 'mail.resend', programmeId, targetType: 'mail_message', targetId: id });
  await enqueueDelivery(ctx, em, id);
  return { id, status: 'queued' as const };
}
