// Respondent and account hardening: submission ids scoped to the respondent (no oracle), a per-address cap on open-link
// submits (429 + Retry-After), the password strength rule, and account mails visible to system administrators.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import request from 'supertest';
import { testEnv } from '../setup';
import { loginAdmin, loginAs } from '../helpers';
import { resetRateLimits } from '../../server/http/rate-limits';
import { passwordProblem } from '../../server/auth/passwords';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { openRespondent, openWave } from './open-wave';

const definition = { elements: [{ type: 'text', name: 'city', title: { default: 'City', ar: 'المدينة' } }] };

describe('security: respondent and account limits', function () {
  this.timeout(60000);
  let link: string;
  before(async () => { await resetRateLimits(); link = (await openWave(definition)).link; });
  after(() => resetRateLimits());

  const submit = (app: Parameters<typeof request>[0], cookie: string, submissionId: string, city: string) =>
    request(app).post('/api/respond/submit').set('Cookie', cookie).send({ submissionId, language: 'en', answers: { city } });

  it("treats another respondent's submissionId as a new id (no 409 oracle), and still de-duplicates one respondent's retries", async () => {
    const app = testEnv().app.app;
    const id = crypto.randomUUID();
    const a = await openRespondent(link);
    const b = await openRespondent(link);
    const first = await submit(app, a, id, 'Amman');
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const second = await submit(app, b, id, 'Tunis');
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.notEqual(second.body.receiptCode, first.body.receiptCode);
    const retry = await submit(app, a, id, 'Amman');
    assert.deepEqual(retry.body, first.body);
    assert.equal((await submit(app, a, id, 'Cairo')).body.code, 'response.submission_conflict');
    assert.equal((await submit(app, a, crypto.randomUUID(), 'Amman')).body.code, 'response.already_complete');
    const rows = await testEnv().ctx.db.query(`SELECT count(*)::int AS n FROM responses WHERE client_submission_id = $1 AND status = 'complete'`, [id]);
    assert.equal(rows[0].n, 2);
  });

  it('caps open-link submits per address (OPEN_SUBMITS_PER_HOUR) with 429 and Retry-After; invitations are not capped', async () => {
    await resetRateLimits();
    const app = createApp({ ...testEnv().ctx, config: { ...testEnv().ctx.config, OPEN_SUBMITS_PER_HOUR: 3, TRUST_PROXY: loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY } }).app;
    const from = (ip: string) => ({ 'X-Forwarded-For': ip });
    const statuses: number[] = [];
    let last: request.Response | undefined;
    for (let i = 0; i < 5; i++) {
      const cookie = await openRespondent(link, app, from('203.0.113.50'));
      last = await submit(app, cookie, crypto.randomUUID(), `City ${i}`).set(from('203.0.113.50'));
      statuses.push(last.status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    assert.equal(last!.body.code, 'rate.limited');
    const retryAfter = Number(last!.headers['retry-after']);
    assert.ok(retryAfter > 3000 && retryAfter <= 3600, `Retry-After ${retryAfter}`);
    // another address still submits
    const other = await openRespondent(link, app, from('203.0.113.51'));
    assert.equal((await submit(app, other, crypto.randomUUID(), 'Rabat').set(from('203.0.113.51'))).status, 200);
    await resetRateLimits();
  });

  it('refuses weak passwords (length ≥ 12, not repetitive, not a known weak word) with a clear 400', async () => {
    for (const weak of ['aaaaaaaaaa', 'aaaaaaaaaaaa', 'abababababab', '123456789012', 'password1234', 'Qwerty123456!', 'short-pw']) {
      assert.notEqual(passwordProblem(weak), null, weak);
    }
    for (const ok of ['user-password-123', 'a-good-password', 'new-password-99', 'ثلاث كلمات عربية طويلة']) assert.equal(passwordProblem(ok), null, ok);
    assert.throws(() => loadConfig({ ADMIN_PASSWORD: 'password1234' }), /ADMIN_PASSWORD: the password needs more than a well-known weak word/);
    const s = await loginAs('viewer');
    const res = await s.post('/api/auth/password', { currentPassword: 'user-password-123', newPassword: 'aaaaaaaaaa' });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'request.invalid');
    assert.match(JSON.stringify(res.body.details), /the password needs at least 12 characters/);
  });

  it('lists account mails (no programme) to system administrators only', async () => {
    const admin = await loginAdmin();
    const created = await admin.post('/api/users', { email: `outbox-${crypto.randomBytes(3).toString('hex')}@test.local`, name: 'New Officer' });
    assert.ok(created.status < 300, JSON.stringify(created.body));
    const res = await admin.get('/api/admin/outbox?kind=set_password');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const mine = res.body.items.find((m: { to: string }) => m.to === created.body.email);
    assert.ok(mine, 'the set-password mail is listed');
    assert.equal(mine.status, 'outbox');
    assert.match(mine.text, /set-password\?token=/);
    assert.equal(res.headers['cache-control'], 'no-store');
    const officer = await loginAs('officer');
    assert.equal((await officer.get('/api/admin/outbox')).status, 403);
    assert.equal((await request(testEnv().app.app).get('/api/admin/outbox')).status, 401);
  });
});
