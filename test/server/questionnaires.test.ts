// Questionnaires API: draft save with parse errors by path, sanitised HTML, immutable versions, type-change refusal, programme isolation.
import assert from 'node:assert/strict';
import baseline from '../../surveys/demo/baseline.json';
import { testEnv } from '../setup';
import { loginAs, uniq, type Session } from '../helpers';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const tiny = (elements: unknown[]) => ({ pages: [{ name: 'p1', elements }] });
const db = () => testEnv().ctx.db;

describe('questionnaires API', () => {
  let officer: Session & { programmeId: string };
  let base: string;

  before(async () => {
    officer = await loginAs('officer');
    base = `/api/programmes/${officer.programmeId}/questionnaires`;
  });

  async function create(definition: unknown = tiny([{ type: 'text', name: 'a' }])) {
    const res = await officer.post(base, { code: uniq('q'), titleEn: 'Survey', titleAr: 'استبيان', definition });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { id: string; code: string };
  }

  it('creates a questionnaire with a draft, lists it, and audits the creation', async () => {
    const q = await create(baseline);
    const one = await officer.get(`${base}/${q.id}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.titleEn, 'Survey');
    assert.equal(one.body.titleAr, 'استبيان');
    assert.equal(one.body.hasDraft, true);
    assert.deepEqual(one.body.versions, []);
    assert.equal(one.body.draft.pages.length, baseline.pages.length);
    const list = await officer.get(base);
    assert.ok(list.body.some((x: { id: string; latestVersion: number | null }) => x.id === q.id && x.latestVersion === null));
    const audit = await db().query(`SELECT actor_user_id FROM audit_events WHERE action = 'questionnaire.create' AND target_id = $1`, [q.id]);
    assert.deepEqual(audit, [{ actor_user_id: officer.userId }]);
  });

  it('refuses an invalid definition with 400 and the JSON path, storing nothing', async () => {
    const code = uniq('bad');
    const res = await officer.post(base, { code, titleEn: 'Bad', definition: tiny([{ type: 'text', name: 'ok' }, { type: 'text' }]) });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, {
      code: 'questionnaire.invalid_definition', message: 'The questionnaire definition is not a valid SurveyJS survey.',
      details: [{ path: 'pages[0].elements[1]', message: 'the element has no name' }],
    });
    assert.equal((await db().query(`SELECT 1 FROM questionnaires WHERE code = $1`, [code])).length, 0);
    const q = await create();
    const put = await officer.put(`${base}/${q.id}/draft`, { definition: tiny([{ type: 'nonsense', name: 'x' }]) });
    assert.equal(put.status, 400);
    assert.equal(put.body.code, 'questionnaire.invalid_definition');
    assert.deepEqual(put.body.details, [{ path: 'pages[0].elements[0]', message: 'unknown element type "nonsense"' }]);
    const [row] = await db().query(`SELECT draft_definition FROM questionnaires WHERE id = $1`, [q.id]);
    assert.deepEqual(row.draft_definition, tiny([{ type: 'text', name: 'a' }]));
  });

  it('sanitises HTML in question texts on save', async () => {
    const q = await create(tiny([{ type: 'text', name: 'a', title: { default: 'Hello <b>you</b><script>alert(1)</script><img src=x onerror="alert(2)">', ar: 'مرحبا <script>x()</script>' } }]));
    const [row] = await db().query(`SELECT draft_definition::text AS d FROM questionnaires WHERE id = $1`, [q.id]);
    assert.ok(!/<script|onerror|alert\(/i.test(row.d), row.d);
    assert.ok(row.d.includes('Hello'));
  });

  it('publishes immutable numbered versions and audits them', async () => {
    const q = await create(baseline);
    const v1 = await officer.post(`${base}/${q.id}/publish`);
    assert.equal(v1.status, 201, JSON.stringify(v1.body));
    assert.equal(v1.body.version, 1);
    const next = clone(baseline) as any;
    next.pages[0].elements[0].title.default = 'Which institution? (v2)';
    assert.equal((await officer.put(`${base}/${q.id}/draft`, { definition: next })).status, 200);
    const v2 = await officer.post(`${base}/${q.id}/publish`);
    assert.equal(v2.body.version, 2);
    const got1 = await officer.get(`${base}/${q.id}/versions/1`);
    assert.equal(got1.status, 200);
    assert.equal(got1.body.definition.pages[0].elements[0].title.default, 'Which institution do you work for?');
    const got2 = await officer.get(`${base}/${q.id}/versions/2`);
    assert.equal(got2.body.definition.pages[0].elements[0].title.default, 'Which institution? (v2)');
    assert.equal((await officer.get(`${base}/${q.id}/versions/3`)).status, 404);
    const one = await officer.get(`${base}/${q.id}`);
    assert.deepEqual(one.body.versions.map((v: { version: number }) => v.version), [1, 2]);
    const audits = await db().query(`SELECT details FROM audit_events WHERE action = 'questionnaire.publish' AND details->>'questionnaireId' = $1 ORDER BY id`, [q.id]);
    assert.deepEqual(audits.map((a: any) => a.details.version), [1, 2]);
  });

  it('keeps published versions immutable even for direct SQL', async () => {
    const q = await create();
    const v = await officer.post(`${base}/${q.id}/publish`);
    await assert.rejects(db().query(`UPDATE questionnaire_versions SET definition = '{}' WHERE id = $1`, [v.body.id]), /immutable/);
    await assert.rejects(db().query(`DELETE FROM questionnaire_versions WHERE id = $1`, [v.body.id]), /immutable/);
    const [row] = await db().query(`SELECT definition FROM questionnaire_versions WHERE id = $1`, [v.body.id]);
    assert.deepEqual(row.definition, tiny([{ type: 'text', name: 'a' }]));
  });

  it('refuses a new version that changes the type of a question of any earlier version, naming it (409)', async () => {
    const q = await create(tiny([{ type: 'text', name: 'a' }, { type: 'text', name: 'b', inputType: 'number' }]));
    await officer.post(`${base}/${q.id}/publish`);
    await officer.put(`${base}/${q.id}/draft`, { definition: tiny([{ type: 'text', name: 'b', inputType: 'number' }]) });
    assert.equal((await officer.post(`${base}/${q.id}/publish`)).status, 201); // v2 drops "a"
    await officer.put(`${base}/${q.id}/draft`, { definition: tiny([{ type: 'checkbox', name: 'a', choices: ['x'] }, { type: 'text', name: 'b', inputType: 'number' }]) });
    const res = await officer.post(`${base}/${q.id}/publish`);
    assert.equal(res.status, 409);
    assert.deepEqual(res.body, {
      code: 'questionnaire.type_changed', message: 'A new version may not change the type of an existing question.',
      details: [{ name: 'a', from: 'text', to: 'checkbox' }],
    });
    const [n] = await db().query(`SELECT count(*)::int AS n FROM questionnaire_versions WHERE questionnaire_id = $1`, [q.id]);
    assert.equal(n.n, 2);
  });

  it("answers 404 for another programme's questionnaire and 403 for a viewer's writes", async () => {
    const q = await create();
    await officer.post(`${base}/${q.id}/publish`);
    const other = await loginAs('officer');
    const ob = `/api/programmes/${other.programmeId}/questionnaires/${q.id}`;
    for (const res of [await other.get(ob), await other.put(`${ob}/draft`, { definition: tiny([{ type: 'text', name: 'z' }]) }),
      await other.post(`${ob}/publish`), await other.get(`${ob}/versions/1`)]) {
      assert.equal(res.status, 404);
      assert.equal(res.body.code, 'resource.not_found');
    }
    assert.equal((await other.get(`/api/programmes/${officer.programmeId}/questionnaires/${q.id}`)).status, 404);
    const viewer = await loginAs('viewer', officer.programmeId);
    assert.equal((await viewer.get(`${base}/${q.id}`)).status, 200);
    assert.equal((await viewer.post(base, { code: uniq('v'), titleEn: 'x', definition: tiny([{ type: 'text', name: 'a' }]) })).status, 403);
    assert.equal((await viewer.post(`${base}/${q.id}/publish`)).status, 403);
  });

  it('refuses a duplicate code with 409', async () => {
    const q = await create();
    const res = await officer.post(base, { code: q.code, titleEn: 'Again', definition: tiny([{ type: 'text', name: 'a' }]) });
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'resource.conflict');
  });
});
