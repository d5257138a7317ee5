// CSRF (a state change without the header token is refused and changes nothing), session fixation (the session id
// carried before login is dead after it), cookie flags, security headers and error bodies without internals.
import assert from 'node:assert/strict';
import request from 'supertest';
import { testEnv } from '../setup';
import { createUser, login, loginAdmin, USER_PASSWORD } from '../helpers';
import { SESSION_COOKIE } from '../../server/auth/session';
import { sha256 } from '../../server/auth/passwords';

const db = () => testEnv().ctx.db;
const app = () => testEnv().app.app;
const sidOf = (res: request.Response) => {
  const c = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((x) => x.startsWith(`${SESSION_COOKIE}=`));
  return c ? decodeURIComponent(c.split(';')[0].slice(SESSION_COOKIE.length + 1)) : undefined;
};

describe('security: sessions and CSRF', () => {
  it('refuses a state change without the CSRF token (or with a wrong one) and changes nothing', async () => {
    const admin = await loginAdmin();
    const u = await createUser();
    const before = await db().query(`SELECT name, is_admin, disabled_at FROM users WHERE id = $1`, [u.id]);
    const auditBefore = (await db().query(`SELECT count(*)::int AS n FROM audit_events WHERE target_id = $1`, [u.id]))[0].n;
    const none = await admin.agent.patch(`/api/users/${u.id}`).send({ name: 'Hijacked', isAdmin: true }).expect(403);
    assert.deepEqual(none.body, { code: 'auth.csrf', message: 'Missing or wrong CSRF token.' });
    await admin.agent.patch(`/api/users/${u.id}`).set('X-CSRF-Token', admin.csrf.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))).send({ isAdmin: true }).expect(403);
    // a form post (what a cross-site page can send) carries no header either
    await admin.agent.post('/api/users').type('form').send({ email: 'evil@test.local', name: 'Evil' }).expect(403);
    assert.deepEqual(await db().query(`SELECT name, is_admin, disabled_at FROM users WHERE id = $1`, [u.id]), before);
    assert.equal((await db().query(`SELECT count(*)::int AS n FROM users WHERE email = 'evil@test.local'`))[0].n, 0);
    assert.equal((await db().query(`SELECT count(*)::int AS n FROM audit_events WHERE target_id = $1`, [u.id]))[0].n, auditBefore);
    // the same request with the token goes through
    await admin.patch(`/api/users/${u.id}`, { name: 'Renamed' }).expect(200);
  });

  it('gives a new session id at login; the id carried before is dead', async () => {
    const a = await createUser();
    const b = await createUser();
    const agent = request.agent(app());
    const first = await agent.post('/api/auth/login').send({ email: a.email, password: USER_PASSWORD }).expect(200);
    const sid1 = sidOf(first)!;
    const second = await agent.post('/api/auth/login').send({ email: b.email, password: USER_PASSWORD }).expect(200);
    const sid2 = sidOf(second)!;
    assert.ok(sid1 && sid2 && sid1 !== sid2);
    await request(app()).get('/api/auth/me').set('Cookie', `${SESSION_COOKIE}=${sid1}`).expect(401);
    assert.equal((await request(app()).get('/api/auth/me').set('Cookie', `${SESSION_COOKIE}=${sid2}`).expect(200)).body.user.id, b.id);
    assert.equal((await db().query(`SELECT count(*)::int AS n FROM sessions WHERE id_hash = $1`, [sha256(sid1)]))[0].n, 0);
    // an id planted by an attacker before login is not adopted
    const planted = 'p'.repeat(43);
    const res = await request(app()).post('/api/auth/login').set('Cookie', `${SESSION_COOKIE}=${planted}`).send({ email: a.email, password: USER_PASSWORD }).expect(200);
    assert.notEqual(sidOf(res), planted);
    await request(app()).get('/api/auth/me').set('Cookie', `${SESSION_COOKIE}=${planted}`).expect(401);
  });

  it('sets HttpOnly SameSite cookies, ends sessions on the server at logout', async () => {
    const u = await createUser();
    const res = await request(app()).post('/api/auth/login').send({ email: u.email, password: USER_PASSWORD }).expect(200);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'])[0];
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    const sid = sidOf(res)!;
    const s = await login(u.email);
    await s.post('/api/auth/logout', {}).expect(200);
    await s.get('/api/auth/me').expect(401);
    await request(app()).get('/api/auth/me').set('Cookie', `${SESSION_COOKIE}=${sid}`).expect(200); // the other session lives on
  });

  it('sends security headers with a CSP without inline script', async () => {
    const res = await request(app()).get('/api/health').expect(200);
    const csp = res.headers['content-security-policy'];
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
    assert.match(csp, /object-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-powered-by'], undefined);
  });

  it('answers unexpected errors without stack traces or SQL', async () => {
    const admin = await loginAdmin();
    for (const res of [
      await admin.get('/api/audit?from=2024-13-45'),
      await admin.get(`/api/programmes/${'1'.repeat(36)}/members`),
      await request(app()).post('/api/auth/login').set('Content-Type', 'application/json').send('{"email":'),
    ]) {
      assert.ok(res.status >= 400 && res.status < 500, String(res.status));
      assert.doesNotMatch(JSON.stringify(res.body), /SELECT|syntax|\.ts:\d+|at [A-Za-z]+ \(|QueryFailed|node_modules/);
    }
  });
});
