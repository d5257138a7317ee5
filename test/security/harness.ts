// Security-suite harness: a fixture programme with one real record of each kind, sessions for each role, and
// helpers that turn any registered route (path params, query and body schemas) into a concrete request.
import crypto from 'node:crypto';
import request from 'supertest';
import { z } from 'zod';
import { testEnv } from '../setup';
import { createProgramme, createUser, login, loginAdmin, type Session } from '../helpers';
import { sha256 } from '../../server/auth/passwords';
import type { RouteSpec } from '../../server/http/registry';
import { resetRateLimits } from '../../server/http/rate-limits';

export interface Fixture { ids: Record<string, string>; token: string }

/** A programme with a questionnaire, published version, wave, stakeholder, invitation, complete response, result, indicator. */
export async function createFixture(): Promise<Fixture> {
  const db = testEnv().ctx.db;
  const demo = testEnv().demoProgrammeId;
  const programmeId = await createProgramme();
  const token = crypto.randomBytes(24).toString('base64url');
  const ids: Record<string, string> = { programmeId };
  await db.transaction(async (em) => {
    const [v] = await em.query(`SELECT v.definition FROM questionnaire_versions v JOIN questionnaires q ON q.id = v.questionnaire_id
      WHERE q.programme_id = $1 ORDER BY v.published_at LIMIT 1`, [demo]);
    const [q] = await em.query(`INSERT INTO questionnaires (programme_id, code, title_en, title_ar, draft_definition) VALUES ($1, 'SEC', 'Security', 'أمن', $2) RETURNING id`,
      [programmeId, JSON.stringify(v.definition)]);
    ids.questionnaireId = q.id;
    const [ver] = await em.query(`INSERT INTO questionnaire_versions (questionnaire_id, version, definition) VALUES ($1, 1, $2) RETURNING id`, [q.id, JSON.stringify(v.definition)]);
    ids.versionId = ver.id;
    const [w] = await em.query(`INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, opens_at, closes_at)
      VALUES ($1, $2, 'baseline', 'Security wave', now() - interval '1 day', now() + interval '30 days') RETURNING id`, [programmeId, ver.id]);
    ids.waveId = w.id;
    const [s] = await em.query(`INSERT INTO stakeholders (programme_id, name_en, institution) VALUES ($1, 'Fixture Person', 'MFA') RETURNING id`, [programmeId]);
    ids.stakeholderId = s.id;
    const [inv] = await em.query(`INSERT INTO invitations (wave_id, stakeholder_id, token_hash, status) VALUES ($1, $2, $3, 'completed') RETURNING id`,
      [w.id, s.id, sha256(token)]);
    ids.invitationId = inv.id;
    const [r] = await em.query(`INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, invitation_id, stakeholder_id, status, answers, submitted_answers, submitted_at)
      VALUES ($1, $2, $3, $4, $5, 'complete', '{}', '{}', now()) RETURNING id`, [programmeId, w.id, ver.id, inv.id, s.id]);
    ids.responseId = r.id;
    const [res] = await em.query(`INSERT INTO results (programme_id, level, code, statement_en) VALUES ($1, 'strategic_objective', 'SO', 'Objective') RETURNING id`, [programmeId]);
    ids.resultId = res.id;
    const [ind] = await em.query(`INSERT INTO indicators (programme_id, result_id, code, name_en, unit, formula)
      SELECT $1, $2, code, name_en, unit, formula FROM indicators WHERE programme_id = $3 ORDER BY code LIMIT 1 RETURNING id`, [programmeId, res.id, demo]);
    ids.indicatorId = ind.id;
    const [m] = await em.query(`INSERT INTO mail_messages (programme_id, kind, to_address, subject, body_text, status) VALUES ($1, 'other', 'x@test.local', 's', 't', 'outbox') RETURNING id`, [programmeId]);
    ids.messageId = m.id;
  });
  ids.userId = (await createUser({ programmeId, role: 'viewer' })).id;
  return { ids, token };
}

export type Role = 'anonymous' | 'viewer' | 'otherOfficer' | 'officer' | 'administrator';
export const ROLES: Role[] = ['anonymous', 'viewer', 'otherOfficer', 'officer', 'administrator'];

/** Sessions that re-login by themselves when a call (logout, password change) ended them. */
export class Actors {
  private sessions = new Map<Role, Session>();
  private emails = new Map<Role, string>();
  constructor(private readonly programmeId: string) {}

  async init(): Promise<this> {
    const other = await createProgramme();
    for (const [role, pid, r] of [['viewer', this.programmeId, 'viewer'], ['otherOfficer', other, 'officer'], ['officer', this.programmeId, 'officer']] as const) {
      this.emails.set(role, (await createUser({ programmeId: pid, role: r })).email);
    }
    return this;
  }

  private suspect = new Set<Role>();

  /** Call after each request: a response that touched the session cookie may have ended the session. */
  note(role: Role, res: request.Response): void {
    if (String(res.headers['set-cookie'] ?? '').includes('marsad_sid') || res.status === 401) this.suspect.add(role);
  }

  async session(role: Role): Promise<Session | undefined> {
    if (role === 'anonymous') return undefined;
    let s = this.sessions.get(role);
    if (s && !this.suspect.has(role)) return s;
    this.suspect.delete(role);
    if (s && (await s.get('/api/auth/me')).status === 200) return s;
    s = role === 'administrator' ? await loginAdmin() : await login(this.emails.get(role)!);
    this.sessions.set(role, s);
    return s;
  }
}

/** The route's path with its params filled: fixture ids by name, a random uuid for unknown names, or `override`. */
export function fillPath(path: string, ids: Record<string, string>, override?: { name: string; value: string }): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
    if (override?.name === name) return encodeURIComponent(override.value);
    if (name === 'version') return '1';
    if (name === 'token') return crypto.randomBytes(24).toString('base64url');
    if (name === 'splat') return 'x';
    return ids[name] ?? crypto.randomUUID();
  });
}

export const pathParams = (path: string) => [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);

function jsonSchemaOf(s?: z.ZodType): { properties?: Record<string, any>; required?: string[] } {
  if (!s) return {};
  try { return z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' }) as never; } catch { return {}; }
}

/** A plausible value for a JSON-schema property (so that one injected field is not the only thing a validator sees). */
function sample(p: any): unknown {
  if (!p || typeof p !== 'object') return 'x';
  if (p.enum) return p.enum[0];
  if (p.const !== undefined) return p.const;
  if (p.anyOf || p.oneOf) return sample((p.anyOf ?? p.oneOf)[0]);
  if (p.format === 'uuid') return crypto.randomUUID();
  if (p.format === 'email') return 'someone@test.local';
  switch (p.type) {
    case 'string': return 'x'.repeat(Math.max(1, Math.min(p.minLength ?? 1, 50)));
    case 'integer': case 'number': return p.minimum ?? 1;
    case 'boolean': return false;
    case 'array': return [];
    case 'object': return {};
    default: return 'x';
  }
}

export function queryKeys(r: RouteSpec): string[] { return Object.keys(jsonSchemaOf(r.query).properties ?? {}); }
export function bodySample(r: RouteSpec): Record<string, unknown> {
  const props = jsonSchemaOf(r.body).properties ?? {};
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, sample(v)]));
}

/** Sends one request for a route as a role (anonymous = no cookie); writes carry the role's CSRF token. */
export async function call(s: Session | undefined, method: RouteSpec['method'], url: string, body?: unknown): Promise<request.Response> {
  const t = s ? (method === 'get' ? s.get(url) : (s[method] as (u: string, b?: unknown) => request.Test)(url, body ?? {}))
    : method === 'get' ? request(testEnv().app.app).get(url) : request(testEnv().app.app)[method](url).send((body ?? {}) as object);
  return t.redirects(0).ok(() => true);
}

/**
 * The set-up every registry-walking security suite shares (call it inside `describe`): clean rate limits, a fresh
 * fixture and the five actors before the suite; rate limits reset after each test (or once after the suite).
 */
export function walkingSuite(reset: 'afterEach' | 'after' = 'afterEach'): { readonly fx: Fixture; readonly actors: Actors } {
  const state = {} as { fx: Fixture; actors: Actors };
  before(async () => {
    await resetRateLimits();
    state.fx = await createFixture();
    state.actors = await new Actors(state.fx.ids.programmeId).init();
  });
  if (reset === 'afterEach') afterEach(() => resetRateLimits()); else after(() => resetRateLimits());
  return state;
}
