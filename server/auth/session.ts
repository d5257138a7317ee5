// Officer sessions stored in PostgreSQL: cookie with a random id (only its hash stored), CSRF token per session,
// and the access checks per programme role that every officer route goes through.
import type { NextFunction, Request, Response } from 'express';
import type { EntityManager } from 'typeorm';
import crypto from 'node:crypto';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { randomToken, sha256 } from './passwords';
import type { Lang } from '../../contracts/common';

export const SESSION_COOKIE = 'marsad_sid';
export const CSRF_HEADER = 'x-csrf-token';
const SESSION_HOURS = 12;

export type ProgrammeRole = 'viewer' | 'officer' | 'administrator';
const RANK: Record<ProgrammeRole, number> = { viewer: 1, officer: 2, administrator: 3 };

export interface AuthUser { id: string; email: string; name: string; isAdmin: boolean; preferredLanguage: Lang }
export interface AuthInfo { user: AuthUser; sessionHash: Buffer; csrfToken: string }

declare module 'express-serve-static-core' {
  interface Request {
    auth?: AuthInfo;
    /** the caller's role in req.params.programmeId, set by requireProgramme */
    programmeRole?: ProgrammeRole;
  }
}

export function isHttps(req: Request): boolean { return req.secure; }

export function setSessionCookie(req: Request, res: Response, sid: string): void {
  res.cookie(SESSION_COOKIE, sid, {
    httpOnly: true, sameSite: 'lax', secure: isHttps(req), path: '/', maxAge: SESSION_HOURS * 3600 * 1000,
  });
}

export async function createSession(em: EntityManager, userId: string): Promise<{ sid: string; csrfToken: string }> {
  const sid = randomToken(32);
  const csrfToken = randomToken(24);
  await em.query(
    `INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4))`,
    [sha256(sid), userId, csrfToken, SESSION_HOURS]);
  return { sid, csrfToken };
}

export async function endSession(em: EntityManager, sessionHash: Buffer): Promise<void> {
  await em.query(`DELETE FROM sessions WHERE id_hash = $1`, [sessionHash]);
}

export async function endAllSessions(em: EntityManager, userId: string): Promise<void> {
  await em.query(`DELETE FROM sessions WHERE user_id = $1`, [userId]);
}

/** Loads req.auth from the session cookie when there is a live session; never fails the request. */
export function authenticate(ctx: AppContext) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const sid = req.cookies?.[SESSION_COOKIE];
    if (typeof sid !== 'string' || sid.length < 20 || sid.length > 100) return next();
    try {
      const hash = sha256(sid);
      const rows = await ctx.db.query(
        `SELECT s.csrf_token, u.id, u.email, u.name, u.is_admin, u.preferred_language
           FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.id_hash = $1 AND s.expires_at > now() AND u.disabled_at IS NULL`, [hash]);
      if (rows.length === 1) {
        const r = rows[0];
        req.auth = {
          sessionHash: hash, csrfToken: r.csrf_token,
          user: { id: r.id, email: r.email, name: r.name, isAdmin: r.is_admin, preferredLanguage: r.preferred_language },
        };
      }
      next();
    } catch (err) { next(err); }
  };
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** the one write allowed on an archived programme: restoring it */
const ARCHIVE_EXEMPT = /\/restore$/;

/**
 * Public account endpoints act without the session's authority (logging in again from a logged-in browser must work);
 * they only read JSON bodies, which a cross-site form cannot send.
 */
// Respondent writes are exempt from the officer token: they are authorised by the SameSite=Lax respondent cookie and
// require Content-Type: application/json, which a cross-site form cannot send; an officer testing a link must not get 403.
const CSRF_EXEMPT = new Set(['/api/auth/login', '/api/auth/set-password', '/api/auth/password-reset', '/api/auth/password-reset/complete',
  '/api/respond/draft', '/api/respond/submit']);

/** CSRF: every state-changing request made with a session must carry the session's token in a header. */
export function csrfGuard(req: Request, _res: Response, next: NextFunction): void {
  if (SAFE.has(req.method) || !req.auth || CSRF_EXEMPT.has(req.baseUrl + req.path)) return next();
  const sent = req.get(CSRF_HEADER) ?? '';
  const a = Buffer.from(sent), b = Buffer.from(req.auth.csrfToken);
  if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) return next(new AppError('auth.csrf'));
  next();
}

export function requireUser(req: Request, _res: Response, next: NextFunction): void {
  if (!req.auth) return next(new AppError('auth.required'));
  next();
}

export function requireAdmin(req: Request, _res: Response, next: NextFunction): void {
  if (!req.auth) return next(new AppError('auth.required'));
  if (!req.auth.user.isAdmin) return next(new AppError('auth.forbidden'));
  next();
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID_RE.test(v);

/**
 * Access to one programme (req.params.programmeId): not a member (or no such programme) → 404,
 * exactly like a missing record; a member whose role is too low → 403. System administrators pass.
 */
export function requireProgramme(ctx: AppContext, minRole: ProgrammeRole) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    if (!req.auth) return next(new AppError('auth.required'));
    const pid = req.params.programmeId;
    if (!isUuid(pid)) return next(new AppError('resource.not_found', { resource: 'programme' }));
    try {
      let role: ProgrammeRole | undefined;
      let archived = false;
      if (req.auth.user.isAdmin) {
        const rows = await ctx.db.query(`SELECT archived_at IS NOT NULL AS archived FROM programmes WHERE id = $1`, [pid]);
        if (rows.length) { role = 'administrator'; archived = rows[0].archived; }
      } else {
        const rows = await ctx.db.query(
          `SELECT m.role, p.archived_at IS NOT NULL AS archived FROM programme_memberships m JOIN programmes p ON p.id = m.programme_id
            WHERE m.programme_id = $1 AND m.user_id = $2`, [pid, req.auth.user.id]);
        role = rows[0]?.role;
        archived = !!rows[0]?.archived;
      }
      if (!role) return next(new AppError('resource.not_found', { resource: 'programme' }));
      if (RANK[role] < RANK[minRole]) return next(new AppError('auth.forbidden'));
      // an archived programme is read-only: every write is refused except restoring it (issue 13)
      if (archived && !SAFE.has(req.method) && !ARCHIVE_EXEMPT.test(String(req.route?.path ?? ''))) return next(new AppError('programme.archived'));
      req.programmeRole = role;
      next();
    } catch (err) { next(err); }
  };
}
