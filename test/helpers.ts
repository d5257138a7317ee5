// Test helpers: make programmes and users with roles, log in with a supertest agent that sends the CSRF token.
import request from 'supertest';
import crypto from 'node:crypto';
import { testEnv, ADMIN_EMAIL, ADMIN_PASSWORD } from './setup';
import { hashPassword } from '../server/auth/passwords';
import type { ProgrammeRole } from '../server/auth/session';

export interface Session {
  agent: ReturnType<typeof request.agent>;
  csrf: string;
  userId: string;
  get(url: string): request.Test;
  post(url: string, body?: unknown): request.Test;
  put(url: string, body?: unknown): request.Test;
  patch(url: string, body?: unknown): request.Test;
  delete(url: string): request.Test;
}

let passwordHash: Promise<string> | undefined;
export const USER_PASSWORD = 'user-password-123';

export function uniq(prefix = 'x'): string {
  return `${prefix}${crypto.randomBytes(4).toString('hex')}`;
}

// issue 13: programmes are made through the API (POST /api/programmes as the system administrator), never with SQL
let adminSession: Promise<Session> | undefined;
export async function createProgramme(code = uniq('P')): Promise<string> {
  // no reporting periods: tests that need them set their own (the default quarters are tested in test/server/programmes.test.ts)
  const body = { code, nameEn: `Programme ${code}`, nameAr: `برنامج ${code}`, startsOn: '2025-01-01', endsOn: '2026-12-31', periods: 'none' };
  for (let attempt = 0; ; attempt++) {
    adminSession ??= loginAdmin();
    const res = await (await adminSession).post('/api/programmes', body);
    if (res.status === 201) return res.body.id;
    adminSession = undefined; // the session may have been ended by another test (logout, password change): log in again once
    if (attempt > 0 || (res.status !== 401 && res.status !== 403)) throw new Error(`createProgramme: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

export async function createUser(opts: { programmeId?: string; role?: ProgrammeRole; isAdmin?: boolean; email?: string } = {}): Promise<{ id: string; email: string }> {
  passwordHash ??= hashPassword(USER_PASSWORD);
  const email = opts.email ?? `${uniq('u')}@test.local`;
  const rows = await testEnv().ctx.db.query(
    `INSERT INTO users (email, name, password_hash, is_admin) VALUES ($1, $2, $3, $4) RETURNING id`,
    [email, `User ${email}`, await passwordHash, !!opts.isAdmin]);
  if (opts.programmeId && opts.role) {
    await testEnv().ctx.db.query(`INSERT INTO programme_memberships (user_id, programme_id, role) VALUES ($1, $2, $3)`, [rows[0].id, opts.programmeId, opts.role]);
  }
  return { id: rows[0].id, email };
}

export async function login(email: string, password = USER_PASSWORD): Promise<Session> {
  const agent = request.agent(testEnv().app.app);
  const res = await agent.post('/api/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login failed for ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  const csrf: string = res.body.csrfToken;
  const withCsrf = (t: request.Test) => t.set('X-CSRF-Token', csrf);
  return {
    agent, csrf, userId: res.body.user.id,
    get: (url) => agent.get(url),
    post: (url, body) => withCsrf(agent.post(url)).send(body as object),
    put: (url, body) => withCsrf(agent.put(url)).send(body as object),
    patch: (url, body) => withCsrf(agent.patch(url)).send(body as object),
    delete: (url) => withCsrf(agent.delete(url)),
  };
}

export const loginAdmin = () => login(ADMIN_EMAIL, ADMIN_PASSWORD);

/** A user with `role` in a new programme (or the given one), logged in. */
export async function loginAs(role: ProgrammeRole, programmeId?: string): Promise<Session & { programmeId: string }> {
  const pid = programmeId ?? await createProgramme();
  const u = await createUser({ programmeId: pid, role });
  return { ...(await login(u.email)), programmeId: pid };
}
