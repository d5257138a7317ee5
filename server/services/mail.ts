// Outgoing mail: every message is first written to mail_messages, then sent over SMTP when configured (nodemailer,
// one transport per SMTP URL kept in ctx.services and closed at shutdown); without SMTP it stays in the outbox.
import nodemailer, { type Transporter } from 'nodemailer';
import type { EntityManager } from 'typeorm';
import type { AppContext } from '../context';
import { withSafeHeaders } from '../mail-headers';

export type MailKind = 'invitation' | 'reminder' | 'set_password' | 'reset_password' | 'other';
export type MailStatus = 'sent' | 'failed' | 'outbox';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  kind: MailKind;
  programmeId?: string | null;
  invitationId?: string | null;
}

const SERVICE_KEY = 'mail.transports';
/** SMTP network timeouts: a hung server must not hold the request's transaction for long. */
const TIMEOUT_MS = 10000;

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
    t = nodemailer.createTransport(url, {
      connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS,
    } as never);
    cache.set(url, t);
  }
  return t;
}

/**
 * Writes the message to mail_messages (in the caller's transaction), then sends it when SMTP is configured and
 * records 'sent' or 'failed' with the error text. A failure never throws and never loses the message; without
 * SMTP the row has status 'outbox' and is listed by the outbox API for an officer to send by hand.
 */
export async function sendMail(ctx: AppContext, em: EntityManager, msg: MailMessage): Promise<{ id: string; status: MailStatus }> {
  msg = withSafeHeaders(msg); // no CR/LF or control characters from names into the subject or address (h22)
  const transport = mailTransport(ctx);
  const rows = await em.query(
    `INSERT INTO mail_messages (programme_id, invitation_id, kind, to_address, subject, body_text, body_html, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [msg.programmeId ?? null, msg.invitationId ?? null, msg.kind, msg.to, msg.subject, msg.text, msg.html ?? null,
      transport ? 'queued' : 'outbox']);
  const id: string = rows[0].id;
  if (!transport) return { id, status: 'outbox' };
  try {
    await transport.sendMail({
      from: ctx.config.MAIL_FROM, to: msg.to, subject: msg.subject, text: msg.text,
      ...(msg.html ? { html: msg.html } : {}),
      headers: { 'X-Marsad-Message-Id': id },
    });
    await em.query(`UPDATE mail_messages SET status = 'sent', sent_at = now(), error = NULL WHERE id = $1`, [id]);
    return { id, status: 'sent' };
  } catch (err) {
    const error = String((err as Error)?.message ?? err).slice(0, 2000);
    ctx.log('error', `mail ${id} to ${msg.to} failed: ${error}`);
    await em.query(`UPDATE mail_messages SET status = 'failed', error = $2 WHERE id = $1`, [id, error]);
    return { id, status: 'failed' };
  }
}
