// Officer login (rate-limited), logout, "who am I" (session and CSRF token for the browser app), and passwords:
// set from an invitation link, reset by mail, change while logged in.
import { z } from 'zod';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { parse, read, write } from '../http/route';
import { AppError } from '../errors';
import { passwordProblem, verifyPassword } from '../auth/passwords';
import { createSession, endSession, setSessionCookie, SESSION_COOKIE } from '../auth/session';
import { audit } from '../services/audit';
import { changePassword, redeemToken, requestPasswordReset } from '../services/users';
import { rateLimiters } from '../http/rate-limits';

export const ZLogin = z.object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(200) });
const ZMe = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), isAdmin: z.boolean(), preferredLanguage: z.enum(['en', 'ar']) }),
  csrfToken: z.string(),
});
/** A new password: the strength rule of server/auth/passwords.ts (400 request.invalid naming what is missing). */
const ZPassword = z.string().superRefine((pw, c) => {
  const why = passwordProblem(pw);
  if (why) c.addIssue({ code: 'custom', message: `the password needs ${why}` });
});
const ZRedeem = z.strictObject({ token: z.string().min(20).max(100), password: ZPassword });
const ZResetRequest = z.strictObject({ email: z.string().trim().min(3).max(320) });
const ZChange = z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: ZPassword });
const ZStatus = z.object({ status: z.string() });

export function registerAuthRoutes(api: ApiRegistry, ctx: AppContext): void {
  const limits = rateLimiters(ctx);
  api.add({ method: 'post', path: '/api/auth/login', summary: 'Log in with email and password', tag: 'auth', access: 'public', body: ZLogin, response: ZMe },
  ...limits.login,
  write(ctx, async (req, res, em) => {
      const body = parse(ZLogin, req.body);
      const rows = await em.query(
        `SELECT id, email, name, is_admin, preferred_language, password_hash FROM users WHERE lower(email) = lower($1) AND disabled_at IS NULL`, [body.email]);
      const u = rows[0];
      const ok = await verifyPassword(body.password, u?.password_hash);
      if (!ok) {
        // The failure is recorded in its own transaction: this one ends in an error.
        await ctx.db.transaction((tx) => audit(tx, { actorUserId: u?.id ?? null, actorKind: u ? 'user' : 'anonymous',
          action: 'auth.login_failed', targetType: 'user', targetId: u?.id ?? null, details: { email: body.email.slice(0, 320) } }));
        throw new AppError('auth.invalid_credentials');
      }
      // A fresh session id at every login; any session the browser carried before is ended.
      if (req.auth) await endSession(em, req.auth.sessionHash);
      const { sid, csrfToken } = await createSession(em, u.id);
      await audit(em, { actorUserId: u.id, action: 'auth.login', targetType: 'user', targetId: u.id });
      setSessionCookie(req, res, sid);
      return { user: { id: u.id, email: u.email, name: u.name, isAdmin: u.is_admin, preferredLanguage: u.preferred_language }, csrfToken };
    }));

  api.add({ method: 'post', path: '/api/auth/logout', summary: 'End this session on the server', tag: 'auth', access: 'user' },
    write(ctx, async (req, res, em) => {
      await endSession(em, req.auth!.sessionHash);
      await audit(em, { actorUserId: req.auth!.user.id, action: 'auth.logout', targetType: 'user', targetId: req.auth!.user.id });
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      return { status: 'logged_out' };
    }));

  api.add({ method: 'get', path: '/api/auth/me', summary: 'The logged-in user and the CSRF token', tag: 'auth', access: 'user', response: ZMe },
    read(ctx, async (req) => ({ user: req.auth!.user, csrfToken: req.auth!.csrfToken })));

  api.add({ method: 'post', path: '/api/auth/set-password', summary: 'Choose a password with the link from the invitation mail', tag: 'auth',
    access: 'public', body: ZRedeem, response: ZStatus },
  limits.accountToken,
  write(ctx, async (req, _res, em) => {
    const b = parse(ZRedeem, req.body);
    await redeemToken(em, ['set_password'], b.token, b.password);
    return { status: 'password_set' };
  }));

  api.add({ method: 'post', path: '/api/auth/password-reset', summary: 'Mail a one-hour reset link (same answer for unknown emails)', tag: 'auth',
    access: 'public', body: ZResetRequest, response: ZStatus, status: 202 },
  ...limits.resetRequest,
  write(ctx, async (req, _res, em) => {
    await requestPasswordReset(ctx, em, parse(ZResetRequest, req.body).email);
    return { status: 'accepted' };
  }, 202));

  api.add({ method: 'post', path: '/api/auth/password-reset/complete', summary: 'Set a new password with the reset link', tag: 'auth',
    access: 'public', body: ZRedeem, response: ZStatus },
  limits.accountToken,
  write(ctx, async (req, _res, em) => {
    const b = parse(ZRedeem, req.body);
    await redeemToken(em, ['reset_password'], b.token, b.password);
    return { status: 'password_reset' };
  }));

  api.add({ method: 'post', path: '/api/auth/password', summary: 'Change my password: other sessions end, this one gets a new id', tag: 'auth',
    access: 'user', body: ZChange, response: ZMe },
  limits.passwordChange,
  write(ctx, async (req, res, em) => {
    const b = parse(ZChange, req.body);
    const { sid, csrfToken } = await changePassword(em, req.auth!.user.id, b.currentPassword, b.newPassword);
    setSessionCookie(req, res, sid);
    return { user: req.auth!.user, csrfToken };
  }));
}
