// Officer accounts: invitation and reset links (single-use, expiring, only their hash stored), passwords,
// account changes and programme memberships — each change audited in the caller's transaction.
import type { EntityManager } from 'typeorm';
import type { AppContext } from '../context';
import { AppError, notFound } from '../errors';
import { hashPassword, randomToken, sha256, verifyPassword } from '../auth/passwords';
import { createSession, endAllSessions, type ProgrammeRole } from '../auth/session';
import { audit } from './audit';
import { sendMail } from './mail';

export type TokenKind = 'set_password' | 'reset_password';
const TOKEN_HOURS: Record<TokenKind, number> = { set_password: 72, reset_password: 1 };

export interface UserRow { id: string; email: string; name: string; isAdmin: boolean; disabled: boolean; preferredLanguage: string; createdAt: string; hasPassword: boolean }

const USER_COLS = `id, email, name, is_admin, disabled_at, preferred_language, created_at, password_hash IS NOT NULL AS has_password`;
interface DbUser { user_id: string; kind: TokenKind; id: string; email: string; name: string; is_admin: boolean; disabled_at: Date | null; preferred_language: string; created_at: Date | string; has_password: boolean; role: ProgrammeRole }
const toUser = (r: DbUser): UserRow => ({
  id: r.id, email: r.email, name: r.name, isAdmin: r.is_admin, disabled: r.disabled_at !== null,
  preferredLanguage: r.preferred_language, createdAt: new Date(r.created_at).toISOString(), hasPassword: r.has_password,
});

/** TypeORM answers UPDATE/DELETE … RETURNING with [rows, count]. */
const returned = (r: unknown): DbUser[] => (Array.isArray(r) && Array.isArray(r[0]) ? r[0] : (r as DbUser[]));

async function issueToken(em: EntityManager, userId: string, kind: TokenKind): Promise<string> {
  // A new link replaces the earlier unused ones of the same kind.
  await em.query(`UPDATE user_tokens SET used_at = now() WHERE user_id = $1 AND kind = $2 AND used_at IS NULL`, [userId, kind]);
  const token = randomToken(32);
  await em.query(`INSERT INTO user_tokens (user_id, kind, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4))`,
    [userId, kind, sha256(token), TOKEN_HOURS[kind]]);
  return token;
}

function passwordLink(ctx: AppContext, kind: TokenKind, token: string): string {
  // The officer app's hash route; the token travels in the fragment, so it never reaches server logs or a Referer header.
  return `${ctx.baseUrl()}/app#/${kind === 'set_password' ? 'set-password' : 'reset-password'}?token=${token}`;
}

export async function inviteUser(ctx: AppContext, em: EntityManager, actorId: string, input: { email: string; name: string; isAdmin?: boolean }): Promise<UserRow> {
  const rows = await em.query(`INSERT INTO users (email, name, is_admin) VALUES ($1, $2, $3) RETURNING ${USER_COLS}`,
    [input.email, input.name, !!input.isAdmin]);
  const user = toUser(rows[0]);
  const link = passwordLink(ctx, 'set_password', await issueToken(em, user.id, 'set_password'));
  await sendMail(ctx, em, {
    to: user.email, kind: 'set_password', programmeId: null,
    subject: 'Your Marsad account / حسابك في مرصد',
    text: `Hello ${user.name},\n\nAn account was created for you on Marsad. Choose your password here (the link works once, for 72 hours):\n${link}\n\n`
      + `مرحبًا ${user.name}،\nأُنشئ لك حساب في مرصد. اختر كلمة المرور من هذا الرابط (يعمل مرة واحدة خلال 72 ساعة):\n${link}\n`,
  });
  await audit(em, { actorUserId: actorId, action: 'user.create', targetType: 'user', targetId: user.id, details: { email: user.email, isAdmin: user.isAdmin } });
  return user;
}

/** Always succeeds from the caller's view: unknown or disabled emails get no mail and the same answer. */
export async function requestPasswordReset(ctx: AppContext, em: EntityManager, email: string): Promise<void> {
  const rows = await em.query(`SELECT id, email, name FROM users WHERE lower(email) = lower($1) AND disabled_at IS NULL`, [email]);
  if (!rows.length) return;
  const u = rows[0];
  const link = passwordLink(ctx, 'reset_password', await issueToken(em, u.id, 'reset_password'));
  await sendMail(ctx, em, {
    to: u.email, kind: 'reset_password', programmeId: null,
    subject: 'Reset your Marsad password / إعادة تعيين كلمة المرور',
    text: `Hello ${u.name},\n\nSomeone asked to reset your Marsad password. If it was you, open this link within one hour (it works once):\n${link}\n`
      + `If it was not you, ignore this mail.\n\nمرحبًا ${u.name}،\nطُلبت إعادة تعيين كلمة مرورك في مرصد. إن كنت أنت، افتح الرابط خلال ساعة واحدة:\n${link}\n`,
  });
  await audit(em, { actorUserId: u.id, action: 'auth.password_reset_requested', targetType: 'user', targetId: u.id });
}

/** Redeems a set/reset link: unknown, used and expired links are answered alike. Ends every session of the account. */
export async function redeemToken(em: EntityManager, kinds: TokenKind[], token: string, password: string): Promise<string> {
  const rows = returned(await em.query(
    `UPDATE user_tokens t SET used_at = now() FROM users u
      WHERE t.token_hash = $1 AND t.kind = ANY($2) AND t.used_at IS NULL AND t.expires_at > now()
        AND u.id = t.user_id AND u.disabled_at IS NULL
      RETURNING t.user_id, t.kind`, [sha256(token), kinds]));
  if (!rows.length) throw new AppError('auth.token_invalid');
  const { user_id: userId, kind } = rows[0];
  await em.query(`UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1`, [userId, await hashPassword(password)]);
  await em.query(`UPDATE user_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [userId]);
  await endAllSessions(em, userId);
  await audit(em, { actorUserId: userId, action: kind === 'set_password' ? 'auth.password_set' : 'auth.password_reset', targetType: 'user', targetId: userId });
  return userId;
}

/** Changes the caller's password: every session of the account ends and a fresh one is returned for this browser. */
export async function changePassword(em: EntityManager, userId: string, current: string, next: string): Promise<{ sid: string; csrfToken: string }> {
  const rows = await em.query(`SELECT password_hash FROM users WHERE id = $1 FOR UPDATE`, [userId]);
  if (!rows.length || !(await verifyPassword(current, rows[0].password_hash))) {
    throw new AppError('auth.invalid_credentials', { field: 'currentPassword' });
  }
  await em.query(`UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1`, [userId, await hashPassword(next)]);
  await endAllSessions(em, userId);
  await audit(em, { actorUserId: userId, action: 'auth.password_change', targetType: 'user', targetId: userId });
  return createSession(em, userId);
}

export async function listUsers(em: EntityManager): Promise<UserRow[]> {
  return (await em.query(`SELECT ${USER_COLS} FROM users ORDER BY lower(email)`)).map(toUser);
}

export async function updateUser(em: EntityManager, actorId: string, userId: string, patch: { name?: string; disabled?: boolean; isAdmin?: boolean }): Promise<UserRow> {
  const before = await em.query(`SELECT ${USER_COLS} FROM users WHERE id = $1 FOR UPDATE`, [userId]);
  if (!before.length) throw notFound('user');
  if (userId === actorId && (patch.disabled === true || patch.isAdmin === false)) {
    throw new AppError('request.invalid', { reason: 'administrators cannot disable or demote themselves' });
  }
  const rows = returned(await em.query(
    `UPDATE users SET name = COALESCE($2, name), is_admin = COALESCE($3, is_admin),
            disabled_at = CASE WHEN $4::boolean IS NULL THEN disabled_at WHEN $4 THEN COALESCE(disabled_at, now()) ELSE NULL END
      WHERE id = $1 RETURNING ${USER_COLS}`, [userId, patch.name ?? null, patch.isAdmin ?? null, patch.disabled ?? null]));
  if (patch.disabled === true) await endAllSessions(em, userId);
  const after = toUser(rows[0]);
  const old = toUser(before[0]);
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const k of ['name', 'isAdmin', 'disabled'] as const) if (old[k] !== after[k]) changes[k] = { before: old[k], after: after[k] };
  await audit(em, { actorUserId: actorId, action: 'user.update', targetType: 'user', targetId: userId, details: { changes } });
  return after;
}

export interface MemberRow { userId: string; email: string; name: string; role: ProgrammeRole; disabled: boolean }

export async function listMembers(em: EntityManager, programmeId: string): Promise<MemberRow[]> {
  const rows = await em.query(
    `SELECT u.id, u.email, u.name, m.role, u.disabled_at FROM programme_memberships m JOIN users u ON u.id = m.user_id
      WHERE m.programme_id = $1 ORDER BY lower(u.email)`, [programmeId]);
  return rows.map((r: DbUser) => ({ userId: r.id, email: r.email, name: r.name, role: r.role, disabled: r.disabled_at !== null }));
}

export async function setMembership(em: EntityManager, actorId: string, programmeId: string, userId: string, role: ProgrammeRole): Promise<MemberRow> {
  const u = await em.query(`SELECT id FROM users WHERE id = $1`, [userId]);
  if (!u.length) throw notFound('user');
  const prev = await em.query(
    `SELECT role FROM programme_memberships WHERE programme_id = $1 AND user_id = $2`, [programmeId, userId]);
  await em.query(
    `INSERT INTO programme_memberships (user_id, programme_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, programme_id) DO UPDATE SET role = EXCLUDED.role`, [userId, programmeId, role]);
  await audit(em, { actorUserId: actorId, action: 'membership.set', programmeId, targetType: 'user', targetId: userId,
    details: { before: prev[0]?.role ?? null, after: role } });
  return (await listMembers(em, programmeId)).find((m) => m.userId === userId)!;
}

export async function removeMembership(em: EntityManager, actorId: string, programmeId: string, userId: string): Promise<void> {
  const rows = returned(await em.query(
    `DELETE FROM programme_memberships WHERE programme_id = $1 AND user_id = $2 RETURNING role`, [programmeId, userId]));
  if (!rows.length) throw notFound('membership');
  await audit(em, { actorUserId: actorId, action: 'membership.remove', programmeId, targetType: 'user', targetId: userId, details: { before: rows[0].role } });
}

/**
 * A programme administrator adds a person by email: a known account gets the role; an unknown address gets a new
 * account and the set-password mail (inviteUser), then the role. `created` tells the caller which happened.
 */
export async function addMemberByEmail(ctx: AppContext, em: EntityManager, actorId: string, programmeId: string,
  input: { email: string; name?: string; role: ProgrammeRole }): Promise<MemberRow & { created: boolean }> {
  const found: Array<{ id: string }> = await em.query(`SELECT id FROM users WHERE lower(email) = lower($1)`, [input.email]);
  let userId = found[0]?.id;
  const created = !userId;
  if (!userId) userId = (await inviteUser(ctx, em, actorId, { email: input.email, name: input.name?.trim() || input.email.split('@')[0] })).id;
  return { ...(await setMembership(em, actorId, programmeId, userId, input.role)), created };
}

/** A system administrator sends an account its password-reset mail (one hour, single use). */
export async function sendPasswordReset(ctx: AppContext, em: EntityManager, actorId: string, userId: string): Promise<{ sent: boolean }> {
  const rows: Array<{ email: string; disabled: boolean }> = await em.query(`SELECT email, disabled_at IS NOT NULL AS disabled FROM users WHERE id = $1`, [userId]);
  if (!rows.length) throw notFound('user');
  if (rows[0].disabled) throw new AppError('request.invalid', { field: 'disabled', reason: 'the account is disabled: enable it first' });
  await requestPasswordReset(ctx, em, rows[0].email);
  await audit(em, { actorUserId: actorId, action: 'user.password_reset_sent', targetType: 'user', targetId: userId });
  return { sent: true };
}
