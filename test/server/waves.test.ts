// Waves API: creation on a published version, dates, close, open link (hash only stored), programme isolation, refusing answers outside dates.
import assert from 'node:assert/strict';
import request from 'supertest';
import { testEnv } from '../setup';
import { loginAs, uniq, type Session } from '../helpers';
import { sha256 } from '../../server/auth/passwords';
import { resetRateLimits } from '../../server/http/rate-limits';

const db = () => testEnv().ctx.db;
const DAY = 86400000;
const iso = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('waves API', () => {
  let officer: Session & { programmeId: string };
  let base: string;
  let versionId: string;

  before(async () => {
    await resetRateLimits();
    officer = await loginAs('officer');
    base = `/api/programmes/${officer.programmeId}/waves`;
    const q = await officer.post(`/api/programmes/${officer.programmeId}/questionnaires`,
      { code: uniq('q'), titleEn: 'Q', definition: { pages: [{ name: 'p', elements: [{ type: 'text', name: 'a' }] }] } });
    const v = await officer.post(`/api/programmes/${officer.programmeId}/questionnaires/${q.body.id}/publish`);
    versionId = v.body.id;
  });

  const body = (over: Record<string, unknown> = {}) => ({
    questionnaireVersionId: versionId, kind: 'baseline', nameEn: 'Baseline 2026', nameAr: 'خط الأساس 2026',
    opensAt: iso(-DAY), closesAt: iso(30 * DAY), ...over,
  });

  it('creates, lists, reads, renames, re-dates and closes a wave', async () => {
    const c = await officer.post(base, body());
    assert.equal(c.status, 201, JSON.stringify(c.body));
    assert.equal(c.body.isOpen, true);
    assert.equal(c.body.version, 1);
    assert.equal(c.body.hasOpenLink, false);
    const list = await officer.get(base);
    assert.ok(list.body.some((w: { id: string }) => w.id === c.body.id));
    const p = await officer.patch(`${base}/${c.body.id}`, { nameEn: 'Baseline (renamed)', opensAt: iso(DAY), closesAt: iso(2 * DAY) });
    assert.equal(p.status, 200);
    assert.equal(p.body.nameEn, 'Baseline (renamed)');
    assert.equal(p.body.nameAr, 'خط الأساس 2026');
    assert.equal(p.body.isOpen, false);
    const closed = await officer.post(`${base}/${c.body.id}/close`);
    assert.equal(closed.status, 200);
    assert.ok(closed.body.closedAt);
    const again = await officer.post(`${base}/${c.body.id}/close`);
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'wave.closed');
    const audits = await db().query(`SELECT action FROM audit_events WHERE target_id = $1 ORDER BY id`, [c.body.id]);
    assert.deepEqual(audits.map((a: { action: string }) => a.action), ['wave.create', 'wave.update', 'wave.close']);
  });

  it('refuses bad dates and unknown kinds with 400, storing nothing', async () => {
    const name = uniq('w');
    const r1 = await officer.post(base, body({ nameEn: name, closesAt: iso(-2 * DAY) }));
    assert.equal(r1.status, 400);
    assert.deepEqual(r1.body.details, { issues: [{ path: 'closesAt', message: 'must be after opensAt' }] });
    const r2 = await officer.post(base, body({ nameEn: name, kind: 'someday' }));
    assert.equal(r2.status, 400);
    assert.equal(r2.body.code, 'request.invalid');
    const r3 = await officer.post(base, body({ nameEn: name, opensAt: 'not a date' }));
    assert.equal(r3.status, 400);
    assert.equal((await db().query(`SELECT 1 FROM waves WHERE name_en = $1`, [name])).length, 0);
  });

  it("answers 404 for another programme's wave or questionnaire version", async () => {
    const w = await officer.post(base, body());
    const other = await loginAs('officer');
    const ob = `/api/programmes/${other.programmeId}/waves`;
    const res = [await other.get(`${ob}/${w.body.id}`), await other.patch(`${ob}/${w.body.id}`, { nameEn: 'x' }),
      await other.post(`${ob}/${w.body.id}/close`), await other.post(`${ob}/${w.body.id}/open-link`), await other.post(ob, body())];
    for (const r of res) { assert.equal(r.status, 404); assert.equal(r.body.code, 'resource.not_found'); }
    const [row] = await db().query(`SELECT name_en, closed_at FROM waves WHERE id = $1`, [w.body.id]);
    assert.deepEqual(row, { name_en: 'Baseline 2026', closed_at: null });
  });

  it('makes an open link whose token is stored only as a hash, and a replaced link stops working', async () => {
    const w = await officer.post(base, body());
    const r = await officer.post(`${base}/${w.body.id}/open-link`);
    assert.equal(r.status, 200);
    const m = /\/o\/([A-Za-z0-9_-]{43})$/.exec(r.body.link);
    assert.ok(m, r.body.link);
    const [row] = await db().query(`SELECT open_link_token_hash FROM waves WHERE id = $1`, [w.body.id]);
    assert.deepEqual(row.open_link_token_hash, sha256(m[1]));
    const app = testEnv().app.app;
    const ok = await request(app).get(`/o/${m[1]}`);
    assert.equal(ok.status, 303);
    await officer.post(`${base}/${w.body.id}/open-link`);
    assert.equal((await request(app).get(`/o/${m[1]}`)).status, 404);
  });

  it('refuses answers outside the wave dates and after closing with wave.not_open in both languages', async () => {
    const w = await officer.post(base, body({ opensAt: iso(DAY), closesAt: iso(2 * DAY) }));
    const link = (await officer.post(`${base}/${w.body.id}/open-link`)).body.link as string;
    const token = link.split('/o/')[1];
    const app = testEnv().app.app;
    assert.equal((await request(app).get(`/o/${token}`)).status, 404); // not open yet: the link looks invalid
    const cookie = `marsad_resp=o.${token}.${'A'.repeat(43)}`;
    const draft = () => request(app).put('/api/respond/draft').set('Cookie', cookie).send({ seq: 1, currentPage: 0, language: 'en', answers: { a: 'x' } });
    const early = await draft();
    assert.equal(early.status, 403);
    assert.equal(early.body.code, 'wave.not_open');
    assert.equal(early.body.message, 'This survey is not open for answers at this time.');
    const ar = await request(app).put('/api/respond/draft?lang=ar').set('Cookie', cookie).send({ seq: 1, currentPage: 0, language: 'ar', answers: {} });
    assert.equal(ar.body.message, 'هذا الاستبيان غير مفتوح للإجابة في هذا الوقت.');
    await officer.patch(`${base}/${w.body.id}`, { opensAt: iso(-DAY) });
    assert.equal((await draft()).status, 200);
    await officer.post(`${base}/${w.body.id}/close`);
    const late = await request(app).post('/api/respond/submit').set('Cookie', cookie)
      .send({ submissionId: crypto.randomUUID(), answers: { a: 'y' }, language: 'en' });
    assert.equal(late.status, 403);
    assert.equal(late.body.code, 'wave.not_open');
    const rows = await db().query(`SELECT status, answers FROM responses WHERE wave_id = $1`, [w.body.id]);
    assert.deepEqual(rows, [{ status: 'draft', answers: { a: 'x' } }]);
  });
});
