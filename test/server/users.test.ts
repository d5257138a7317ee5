// Officer accounts: invitation mail and set-password link, password reset, password change, account changes,
// programme memberships, login rate limits — against real PostgreSQL and a real SMTP server.
import assert from 'node:assert/strict';
import request from 'supertest';
import { testEnv } from '../setup';
import { createProgramme, createUser, login, loginAdmin, loginAs, uniq, USER_PASSWORD } from '../helpers';
import { startSmtp } from '../smtp';
import { resetRateLimits } from '../../server/http/rate-limits';

const db = () => testEnv().ctx.db;
const app = () => testEnv().app.app;
const tokenIn = (text: string) => /\/app#\/(?:set|reset)-password\?token=([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? assert.fail(`no link in: ${text}`);

async function lastMail(to: string) {
  const rows = await db().query(`SELECT kind, to_address, subject, body_text, status FROM mail_messages WHERE to_address = $1 ORDER BY created_at DESC LIMIT 1`, [to]);
  return rows[0];
}

describe('officer accounts', () => {
  after(() => resetRateLimits());

  it('creates an account, mails a single-use set-password link and lets the user log in', async () => {
    const admin = await loginAdmin();
    const email = `${uniq('new')}@test.local`;
    const res = await admin.post('/api/users', { email, name: 'Nadia Officer' }).expect(201);
    assert.deepEqual({ ...res.body, id: undefined, createdAt: undefined },
      { id: undefined, createdAt: undefined, email, name: 'Nadia Officer', isAdmin: false, disabled: false, preferredLanguage: 'en', hasPassword: false });
    const mail = await lastMail(email);
    assert.equal(mail.kind, 'set_password');
    assert.equal(mail.status, 'outbox');
    const token = tokenIn(mail.body_text);
    assert.match(mail.body_text, /\/app#\/set-password\?token=/);
    // only the hash is stored, and it expires in 72 h
    const [t] = await db().query(`SELECT token_hash, extract(epoch FROM expires_at - created_at)::int AS ttl, used_at FROM user_tokens WHERE user_id = $1`, [res.body.id]);
    assert.ok(!t.token_hash.toString('utf8').includes(token));
    assert.equal(t.ttl, 72 * 3600);
    await request(app()).post('/api/auth/set-password').send({ token, password: 'short' }).expect(400);
    assert.deepEqual((await request(app()).post('/api/auth/set-password').send({ token, password: 'a-good-password' }).expect(200)).body, { status: 'password_set' });
    const again = await request(app()).post('/api/auth/set-password').send({ token, password: 'another-password' }).expect(400);
    assert.deepEqual(again.body, { code: 'auth.token_invalid', message: 'This link is not valid or has expired.' });
    await login(email, 'a-good-password');
    const actions = (await db().query(`SELECT action FROM audit_events WHERE target_id = $1 ORDER BY id`, [res.body.id])).map((r: any) => r.action);
    assert.deepEqual(actions, ['user.create', 'auth.password_set', 'auth.login']);
  });

  it('answers unknown, used and expired set-password links alike', async () => {
    const admin = await loginAdmin();
    const email = `${uniq('exp')}@test.local`;
    const u = (await admin.post('/api/users', { email, name: 'Late' }).expect(201)).body;
    const token = tokenIn((await lastMail(email)).body_text);
    await db().query(`UPDATE user_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [u.id]);
    const expired = await request(app()).post('/api/auth/set-password').send({ token, password: 'a-good-password' }).expect(400);
    const unknown = await request(app()).post('/api/auth/set-password').send({ token: 'x'.repeat(43), password: 'a-good-password' }).expect(400);
    assert.deepEqual(expired.body, unknown.body);
    const [row] = await db().query(`SELECT password_hash FROM users WHERE id = $1`, [u.id]);
    assert.equal(row.password_hash, null);
  });

  it('sends the invitation over real SMTP when configured', async () => {
    const smtp = await startSmtp();
    const cfg = testEnv().ctx.config;
    cfg.SMTP_URL = smtp.url;
    try {
      const admin = await loginAdmin();
      const email = `${uniq('smtp')}@test.local`;
      await admin.post('/api/users', { email, name: 'Omar' }).expect(201);
      const [m] = await smtp.waitFor(1);
      assert.deepEqual(m.to, [email]);
      assert.equal(m.subject, 'Your Marsad account / حسابك في مرصد');
      const token = tokenIn(m.text);
      await request(app()).post('/api/auth/set-password').send({ token, password: 'smtp-password-1' }).expect(200);
      assert.equal((await lastMail(email)).status, 'sent');
    } finally { cfg.SMTP_URL = ''; await smtp.stop(); }
  });

  it('resets a password with a one-hour link and answers unknown emails the same way', async () => {
    const u = await createUser();
    const s = await login(u.email);
    const known = await request(app()).post('/api/auth/password-reset').send({ email: u.email.toUpperCase() }).expect(202);
    const unknown = await request(app()).post('/api/auth/password-reset').send({ email: `${uniq('nobody')}@test.local` }).expect(202);
    assert.deepEqual(known.body, unknown.body);
    assert.deepEqual(known.body, { status: 'accepted' });
    const mail = await lastMail(u.email);
    assert.equal(mail.kind, 'reset_password');
    const [t] = await db().query(`SELECT extract(epoch FROM expires_at - created_at)::int AS ttl FROM user_tokens WHERE user_id = $1 AND kind = 'reset_password'`, [u.id]);
    assert.equal(t.ttl, 3600);
    const token = tokenIn(mail.body_text);
    // a set-password endpoint does not take a reset token
    await request(app()).post('/api/auth/set-password').send({ token, password: 'new-password-99' }).expect(400);
    await request(app()).post('/api/auth/password-reset/complete').send({ token, password: 'new-password-99' }).expect(200);
    await request(app()).post('/api/auth/password-reset/complete').send({ token, password: 'new-password-98' }).expect(400);
    await s.get('/api/auth/me').expect(401); // every session ended
    await assert.rejects(login(u.email));
    await login(u.email, 'new-password-99');
  });

  it('changes the password: other sessions end, this one gets a new id', async () => {
    const u = await createUser();
    const a = await login(u.email);
    const b = await login(u.email);
    await a.post('/api/auth/password', { currentPassword: 'wrong-password', newPassword: 'changed-password-1' }).expect(401);
    const res = await a.post('/api/auth/password', { currentPassword: USER_PASSWORD, newPassword: 'changed-password-1' }).expect(200);
    assert.notEqual(res.body.csrfToken, a.csrf);
    await b.get('/api/auth/me').expect(401);
    const me = await a.get('/api/auth/me').expect(200);
    assert.equal(me.body.csrfToken, res.body.csrfToken);
    assert.equal((await db().query(`SELECT count(*)::int AS n FROM sessions WHERE user_id = $1`, [u.id]))[0].n, 1);
    await login(u.email, 'changed-password-1');
    // guessing the current password from a session is limited too
    const change = (currentPassword: string) => a.agent.post('/api/auth/password').set('X-CSRF-Token', res.body.csrfToken)
      .send({ currentPassword, newPassword: 'changed-password-2' });
    for (let i = 0; i < 9; i++) await change(`guess-${i}-xxxx`).expect(401); // the first wrong one above counted too
    assert.equal((await change('changed-password-1').expect(429)).body.code, 'rate.limited');
    await resetRateLimits();
    const [ev] = await db().query(`SELECT action FROM audit_events WHERE target_id = $1 AND action = 'auth.password_change'`, [u.id]);
    assert.ok(ev);
  });

  it('lists, renames, disables and promotes accounts (administrators only)', async () => {
    const admin = await loginAdmin();
    const u = await createUser();
    const s = await login(u.email);
    await s.get('/api/users').expect(403);
    await s.patch(`/api/users/${u.id}`, { isAdmin: true }).expect(403);
    const list = (await admin.get('/api/users').expect(200)).body;
    assert.ok(list.some((x: any) => x.id === u.id && x.hasPassword === true));
    const patched = (await admin.patch(`/api/users/${u.id}`, { name: 'Renamed', disabled: true }).expect(200)).body;
    assert.equal(patched.name, 'Renamed');
    assert.equal(patched.disabled, true);
    await s.get('/api/auth/me').expect(401);
    await assert.rejects(login(u.email));
    await admin.patch(`/api/users/${u.id}`, { disabled: false, isAdmin: true }).expect(200);
    const s2 = await login(u.email);
    await s2.get('/api/users').expect(200);
    await admin.patch(`/api/users/${testEnv().adminId}`, { disabled: true }).expect(400);
    await admin.patch(`/api/users/${crypto.randomUUID()}`, { name: 'x' }).expect(404);
    await admin.post('/api/users', { email: u.email.toUpperCase(), name: 'dup' }).expect(409);
    const [ev] = await db().query(`SELECT details FROM audit_events WHERE target_id = $1 AND action = 'user.update' ORDER BY id LIMIT 1`, [u.id]);
    assert.deepEqual(ev.details.changes, { name: { before: `User ${u.email}`, after: 'Renamed' }, disabled: { before: false, after: true } });
  });

  it('manages programme memberships (programme administrators), another programme is a 404', async () => {
    const padmin = await loginAs('administrator');
    const pid = padmin.programmeId;
    const officer = await loginAs('officer', pid);
    const other = await loginAs('administrator');
    const u = await createUser();
    assert.deepEqual((await padmin.put(`/api/programmes/${pid}/members/${u.id}`, { role: 'viewer' }).expect(200)).body,
      { userId: u.id, email: u.email, name: `User ${u.email}`, role: 'viewer', disabled: false });
    await padmin.put(`/api/programmes/${pid}/members/${u.id}`, { role: 'officer' }).expect(200);
    await padmin.put(`/api/programmes/${pid}/members/${u.id}`, { role: 'owner' }).expect(400);
    await officer.put(`/api/programmes/${pid}/members/${u.id}`, { role: 'administrator' }).expect(403);
    await officer.get(`/api/programmes/${pid}/members`).expect(403);
    await other.get(`/api/programmes/${pid}/members`).expect(404);
    await other.delete(`/api/programmes/${pid}/members/${u.id}`).expect(404);
    const members = (await padmin.get(`/api/programmes/${pid}/members`).expect(200)).body;
    assert.equal(members.length, 4); // with the system administrator who created the programme
    assert.equal(members.find((m: any) => m.userId === u.id).role, 'officer');
    await padmin.delete(`/api/programmes/${pid}/members/${u.id}`).expect(204);
    await padmin.delete(`/api/programmes/${pid}/members/${u.id}`).expect(404);
    const evs = await db().query(`SELECT action, details FROM audit_events WHERE programme_id = $1 AND target_id = $2 ORDER BY id`, [pid, u.id]);
    assert.deepEqual(evs.map((e: any) => [e.action, e.details]), [
      ['membership.set', { before: null, after: 'viewer' }], ['membership.set', { before: 'viewer', after: 'officer' }],
      ['membership.remove', { before: 'officer' }]]);
    // a system administrator manages any programme
    const admin = await loginAdmin();
    await admin.put(`/api/programmes/${await createProgramme()}/members/${u.id}`, { role: 'viewer' }).expect(200);
  });

  it('limits failed logins per account and address with the catalogue 429, successful logins do not count', async () => {
    await resetRateLimits();
    const u = await createUser();
    for (let i = 0; i < 2; i++) await login(u.email);
    for (let i = 0; i < 10; i++) await request(app()).post('/api/auth/login').send({ email: u.email, password: 'wrong-password' }).expect(401);
    const limited = await request(app()).post('/api/auth/login').send({ email: u.email, password: USER_PASSWORD }).expect(429);
    assert.deepEqual(limited.body, { code: 'rate.limited', message: 'Too many requests. Please wait and try again.' });
    assert.ok(limited.headers['retry-after']);
    // another account from the same address is not blocked by that counter
    await login((await createUser()).email);
    await resetRateLimits();
    await login(u.email);
  });
});
