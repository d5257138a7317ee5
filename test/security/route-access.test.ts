// Table-driven access test over EVERY registered route: each is called as anonymous, viewer, officer of another
// programme, officer and administrator; the expected answer is derived from the route's declared `access` and method.
import assert from 'node:assert/strict';
import { testEnv } from '../setup';
import type { RouteSpec } from '../../server/http/registry';
import { createProgramme, createUser, login } from '../helpers';
import { bodySample, call, fillPath, pathParams, ROLES, type Role, walkingSuite } from './harness';

const RANK = { viewer: 1, officer: 2, administrator: 3 } as const;
const describeAccess = (r: RouteSpec) => (typeof r.access === 'string' ? r.access : `programme:${r.access.programme}`);

/** What a role must get from a route, from its access rule alone (undefined: any non-5xx answer is fine). */
export function expectedStatus(r: RouteSpec, role: Role): number | 'allowed' | undefined {
  const a = r.access;
  if (a === 'public' || a === 'respondent') return role === 'anonymous' && a === 'public' ? 'allowed' : undefined;
  if (role === 'anonymous') return 401;
  if (role === 'administrator') return 'allowed';
  if (a === 'user') return 'allowed';
  if (a === 'admin') return 403;
  if (role === 'otherOfficer') return 404;
  const have = role === 'viewer' ? RANK.viewer : RANK.officer;
  return have < RANK[a.programme] ? 403 : 'allowed';
}

describe('security: access rules of every registered route', function () {
  this.timeout(60000);
  const suite = walkingSuite('after');

  it('covers routes of every access kind', () => {
    const kinds = new Set(testEnv().app.api.routes.map(describeAccess));
    for (const k of ['public', 'user', 'admin', 'programme:viewer', 'programme:officer', 'programme:administrator']) assert.ok(kinds.has(k), k);
  });

  it('answers each role as the route declares, never with a 5xx', async () => {
    const failures: string[] = [];
    // Destructive calls of privileged roles go last, so reads see the fixture records.
    const order: Record<RouteSpec['method'], number> = { get: 0, post: 1, put: 1, patch: 1, delete: 2 };
    const routes = [...testEnv().app.api.routes].sort((a, b) => order[a.method] - order[b.method]);
    // the roles run side by side (guards do not depend on the records); each role's calls in order
    await Promise.all(ROLES.map(async (role) => {
      for (const r of routes) {
        const url = fillPath(r.path, suite.fx.ids);
        const res = await call(await suite.actors.session(role), r.method, url, {});
        suite.actors.note(role, res);
        const want = expectedStatus(r, role);
        const label = `${role} ${r.method.toUpperCase()} ${r.path} [${describeAccess(r)}] → ${res.status} ${res.body?.code ?? ''}`;
        const unbuiltClient = res.status === 503 && /client is not built/.test(res.text ?? '');
        if (res.status >= 500 && !unbuiltClient) failures.push(`${label} (5xx)`);
        else if (typeof want === 'number' && res.status !== want) failures.push(`${label} (want ${want})`);
        else if (want === 'allowed' && (res.status === 401 || res.status === 403) && res.body?.code !== 'auth.csrf') {
          // 403 may still be a domain answer (e.g. wave.not_open); an access refusal is auth.*
          if (String(res.body?.code ?? '').startsWith('auth.')) failures.push(`${label} (want access)`);
        }
        if (typeof want === 'number' && res.status === want) {
          const code = { 401: 'auth.required', 403: 'auth.forbidden', 404: 'resource.not_found' }[want];
          if (res.body?.code !== code) failures.push(`${label} (want code ${code})`);
        }
      }
    }));
    assert.deepEqual(failures, []);
  });

  it("answers another programme's record ids with 404, even to that other programme's administrator", async () => {
    // Record ids of the fixture programme put under the caller's own programme: every guard passes, only the
    // handler's programme_id filter stands between the caller and the record.
    const own = await createProgramme();
    const s = await login((await createUser({ programmeId: own, role: 'administrator' })).email);
    const failures: string[] = [];
    let checked = 0;
    for (const r of testEnv().app.api.routes) {
      if (typeof r.access !== 'object') continue;
      // accounts are global (a programme administrator adds any account by id): userId is not a programme record
      const recordParams = pathParams(r.path).filter((n) => n !== 'programmeId' && n !== 'userId' && suite.fx.ids[n]);
      if (!recordParams.length) continue;
      const url = fillPath(r.path, { ...suite.fx.ids, programmeId: own });
      const res = await call(s, r.method, url, r.method === 'get' ? undefined : bodySample(r));
      checked++;
      const label = `${r.method.toUpperCase()} ${r.path} → ${res.status} ${res.body?.code ?? ''}`;
      if (r.method === 'get' ? res.status !== 404 : (res.status < 400 || res.status >= 500)) failures.push(label);
      if (r.method === 'get' && res.status === 404) {
        // exactly like a record that does not exist anywhere
        const missing = await call(s, 'get', fillPath(r.path, { programmeId: own, version: '1' }));
        if (JSON.stringify(missing.body) !== JSON.stringify(res.body)) failures.push(`${label}: ${JSON.stringify(res.body)} differs from a missing record's ${JSON.stringify(missing.body)}`);
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(checked >= 5, `only ${checked} routes with record ids`);
  });
});
