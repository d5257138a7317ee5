// Foundation: health and readiness, the error catalogue, body limits, the immutable published version, OpenAPI coverage.
import assert from 'node:assert/strict';
import request from 'supertest';
import { testEnv } from '../setup';
import { ERRORS } from '../../server/errors';
import { loginAdmin } from '../helpers';

describe('foundation', () => {
  it('answers health and readiness', async () => {
    const app = testEnv().app.app;
    assert.deepEqual((await request(app).get('/api/health').expect(200)).body, { status: 'ok' });
    assert.deepEqual((await request(app).get('/api/ready').expect(200)).body, { status: 'ready', database: 'up' });
  });

  it('has unique error codes with both languages', () => {
    const codes = Object.keys(ERRORS);
    assert.equal(new Set(codes.map((c) => c.toLowerCase())).size, codes.length);
    for (const [code, e] of Object.entries(ERRORS)) {
      assert.match(code, /^[a-z_]+\.[a-z_]+$/, code);
      assert.ok(e.en.length > 3 && e.ar.length > 3, code);
      assert.ok(e.status >= 400 && e.status < 600, code);
    }
  });

  it('answers unknown API routes with the catalogue 404', async () => {
    const res = await request(testEnv().app.app).get('/api/nope').expect(404);
    assert.deepEqual(res.body, { code: 'resource.not_found', message: 'Not found.', details: { resource: 'route' } });
  });

  it('refuses malformed JSON, huge and deep bodies with clear errors', async () => {
    const app = testEnv().app.app;
    const bad = await request(app).post('/api/auth/login').set('Content-Type', 'application/json').send('{"email": ').expect(400);
    assert.equal(bad.body.code, 'request.malformed_json');
    const big = await request(app).post('/api/auth/login').set('Content-Type', 'application/json').send(JSON.stringify({ email: 'x'.repeat(3_000_000) })).expect(413);
    assert.equal(big.body.code, 'request.too_large');
    const deep = '['.repeat(100000) + ']'.repeat(100000);
    const d = await request(app).post('/api/auth/login').set('Content-Type', 'application/json').send(deep).expect(400);
    assert.equal(d.body.code, 'request.too_deep');
    await request(app).get('/api/health').expect(200);
  });

  it('answers errors in Arabic when asked', async () => {
    const res = await request(testEnv().app.app).get('/api/nope').set('Accept-Language', 'ar').expect(404);
    assert.equal(res.body.message, 'غير موجود.');
  });

  it('never lets a published questionnaire version change, even by direct SQL', async () => {
    const db = testEnv().ctx.db;
    const [v] = await db.query(`SELECT id, definition FROM questionnaire_versions LIMIT 1`);
    await assert.rejects(db.query(`UPDATE questionnaire_versions SET definition = '{}'::jsonb WHERE id = $1`, [v.id]), (e: any) => e.code === 'P0001');
    await assert.rejects(db.query(`DELETE FROM questionnaire_versions WHERE id = $1`, [v.id]), (e: any) => e.code === 'P0001');
    const [after] = await db.query(`SELECT definition FROM questionnaire_versions WHERE id = $1`, [v.id]);
    assert.deepEqual(after.definition, v.definition);
  });

  it('keeps audit events append-only', async () => {
    const db = testEnv().ctx.db;
    await assert.rejects(db.query(`UPDATE audit_events SET action = 'x.y'`), (e: any) => e.code === 'P0001');
    await assert.rejects(db.query(`DELETE FROM audit_events`), (e: any) => e.code === 'P0001');
  });

  it('allows one completed response per invitation in the database', async () => {
    const db = testEnv().ctx.db;
    // an invitation's response (open-link responses have no invitation: another row of theirs would not conflict)
    const [r] = await db.query(`SELECT * FROM responses WHERE status = 'complete' AND invitation_id IS NOT NULL LIMIT 1`);
    assert.ok(r, 'a completed invitation response to copy');
    await assert.rejects(db.query(
      `INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, invitation_id, status, answers, submitted_answers, submitted_at)
       VALUES ($1,$2,$3,$4,'complete','{}','{}',now())`, [r.programme_id, r.wave_id, r.questionnaire_version_id, r.invitation_id]),
    (e: any) => e.code === '23505');
  });

  it('seeds the demo programme with its baseline', async () => {
    const db = testEnv().ctx.db;
    const [c] = await db.query(`SELECT
      (SELECT count(*)::int FROM stakeholders WHERE programme_id = $1) AS stakeholders,
      (SELECT count(*)::int FROM invitations i JOIN waves w ON w.id = i.wave_id WHERE w.programme_id = $1 AND w.kind = 'baseline') AS invited,
      (SELECT count(*)::int FROM responses WHERE programme_id = $1 AND status = 'complete') AS complete,
      (SELECT count(*)::int FROM responses WHERE programme_id = $1 AND status = 'draft') AS drafts,
      (SELECT count(*)::int FROM indicators WHERE programme_id = $1) AS indicators,
      (SELECT count(*)::int FROM activities WHERE programme_id = $1) AS activities,
      (SELECT count(*)::int FROM institutions WHERE programme_id = $1) AS institutions,
      (SELECT count(*)::int FROM reporting_periods WHERE programme_id = $1) AS periods`, [testEnv().demoProgrammeId]);
    // 10 survey indicators and 2 output indicators over the activities log
    assert.deepEqual(c, { stakeholders: 24, invited: 24, complete: 14, drafts: 3, indicators: 12, activities: 12, institutions: 10, periods: 12 });
  });

  it('lists every registered route in the OpenAPI document', async () => {
    const res = await request(testEnv().app.app).get('/api/openapi.json').expect(200);
    assert.equal(res.body.openapi, '3.1.0');
    for (const r of testEnv().app.api.routes) {
      const p = r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      assert.ok(res.body.paths[p]?.[r.method], `${r.method} ${r.path} missing from OpenAPI`);
    }
  });

  it('logs in with a fresh session and refuses state changes without the CSRF token', async () => {
    const s = await loginAdmin();
    const me = await s.get('/api/auth/me').expect(200);
    assert.equal(me.body.user.email, 'admin@test.local');
    const noCsrf = await s.agent.post('/api/auth/logout').send({}).expect(403);
    assert.equal(noCsrf.body.code, 'auth.csrf');
    await s.post('/api/auth/logout', {}).expect(200);
    await s.get('/api/auth/me').expect(401);
  });
});
