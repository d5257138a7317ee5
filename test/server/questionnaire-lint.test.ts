// Questionnaire linter over HTTP: lint the draft and published versions with the programme's indicators and glossary,
// the publish gate (409 questionnaire.lint_errors), glossary CRUD with roles, audit and programme isolation.
import assert from 'node:assert/strict';
import baseline from '../../surveys/demo/baseline.json';
import { testEnv } from '../setup';
import { lintDefinition } from '../../server/services/questionnaire-lint';
import { loginAdmin, loginAs, uniq, type Session } from '../helpers';
import { L, likert, survey, yesNo } from '../surveys/lint-fixtures';

const db = () => testEnv().ctx.db;

describe('questionnaire lint API and glossary', () => {
  let officer: Session & { programmeId: string };
  let viewer: Session;
  let qbase: string;
  let gbase: string;

  before(async () => {
    officer = await loginAs('officer');
    viewer = await loginAs('viewer', officer.programmeId);
    qbase = `/api/programmes/${officer.programmeId}/questionnaires`;
    gbase = `/api/programmes/${officer.programmeId}/glossary`;
  });

  async function create(definition: unknown) {
    const res = await officer.post(qbase, { code: uniq('q'), titleEn: 'Survey', titleAr: 'استبيان', definition });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as string;
  }

  it('glossary: officers add and remove terms, viewers read, duplicates are 409, audit rows are written', async () => {
    const add = await officer.post(gbase, { termEn: 'consular crisis', termAr: 'الأزمة القنصلية', note: 'agreed with MFA' });
    assert.equal(add.status, 201, JSON.stringify(add.body));
    assert.deepEqual({ ...add.body, id: undefined }, { id: undefined, termEn: 'consular crisis', termAr: 'الأزمة القنصلية', note: 'agreed with MFA' });
    assert.equal((await officer.post(gbase, { termEn: 'Consular Crisis', termAr: 'أزمة' })).body.code, 'resource.conflict');
    assert.equal((await officer.post(gbase, { termEn: '', termAr: 'x' })).status, 400);
    assert.equal((await viewer.post(gbase, { termEn: 'border', termAr: 'الحدود' })).status, 403);
    const tmp = await officer.post(gbase, { termEn: 'border management', termAr: 'إدارة الحدود' });
    const list = await viewer.get(gbase);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.map((t: { termEn: string }) => t.termEn), ['border management', 'consular crisis']);
    assert.equal((await viewer.delete(`${gbase}/${tmp.body.id}`)).status, 403);
    assert.equal((await officer.delete(`${gbase}/${tmp.body.id}`)).status, 204);
    assert.equal((await officer.delete(`${gbase}/${tmp.body.id}`)).status, 404);
    const other = await loginAs('officer');
    assert.equal((await other.delete(`/api/programmes/${other.programmeId}/glossary/${add.body.id}`)).status, 404);
    assert.equal((await other.get(gbase)).status, 404);
    const audits = await db().query(`SELECT action FROM audit_events WHERE programme_id = $1 AND action LIKE 'glossary.%' ORDER BY id`, [officer.programmeId]);
    assert.deepEqual(audits.map((a: { action: string }) => a.action), ['glossary.add', 'glossary.add', 'glossary.remove']);
  });

  it('lints the draft with the glossary and refuses to publish while errors remain', async () => {
    const def = survey([{ ...yesNo('plan'), title: { default: 'Is there a consular crisis plan?' } }]);
    const id = await create(def);
    const lint = await officer.post(`${qbase}/${id}/lint`);
    assert.equal(lint.status, 200, JSON.stringify(lint.body));
    assert.deepEqual(lint.body.counts, { error: 1, warning: 0, info: 1 });
    assert.deepEqual(lint.body.findings.map((f: any) => [f.rule, f.severity, f.question, f.path]), [
      ['i18n.missing', 'error', 'plan', 'pages[0].elements[0].title'], ['indicators.unused_question', 'info', 'plan', 'pages[0].elements[0]']]);
    const refused = await officer.post(`${qbase}/${id}/publish`);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'questionnaire.lint_errors');
    assert.deepEqual(refused.body.details.findings.map((f: any) => f.rule), ['i18n.missing']);
    assert.equal(refused.body.details.findings[0].ar, 'عنوان في السؤال "plan" بلا نص عربي.');
    const [n] = await db().query(`SELECT count(*)::int AS n FROM questionnaire_versions WHERE questionnaire_id = $1`, [id]);
    assert.equal(n.n, 0);

    (def.pages[0].elements[0] as { title: unknown }).title = L('Is there a consular crisis plan?', 'هل توجد خطة للطوارئ الدبلوماسية؟');
    assert.equal((await officer.put(`${qbase}/${id}/draft`, { definition: def })).status, 200);
    const again = await officer.post(`${qbase}/${id}/lint`);
    assert.deepEqual(again.body.findings.map((f: any) => [f.rule, f.severity]), [['glossary.translation', 'warning'], ['indicators.unused_question', 'info']]);
    assert.equal((await officer.post(`${qbase}/${id}/publish`)).status, 201, 'warnings do not block publishing');
    assert.equal((await viewer.post(`${qbase}/${id}/lint`)).status, 403);
  });

  it('compares the draft with the latest published version and lints published versions against their predecessor', async () => {
    const [r] = await db().query(`INSERT INTO results (programme_id, level, code, statement_en) VALUES ($1, 'specific_objective', 'O1', 'Outcome') RETURNING id`, [officer.programmeId]);
    await db().query(`INSERT INTO indicators (programme_id, result_id, code, name_en, unit, formula) VALUES ($1, $2, 'K1', 'Knowledge', 'mean', $3)`,
      [officer.programmeId, r.id, JSON.stringify({ kind: 'mean', item: { kind: 'question', name: 'skill' } })]);
    const v1 = survey([likert('skill'), yesNo('aware')]);
    const id = await create(v1);
    assert.equal((await officer.post(`${qbase}/${id}/publish`)).status, 201);
    const v2 = survey([likert('skill', { points: 4 }), yesNo('aware')]);
    assert.equal((await officer.put(`${qbase}/${id}/draft`, { definition: v2 })).status, 200);
    const lint = await officer.post(`${qbase}/${id}/lint`);
    assert.deepEqual(lint.body.findings.filter((f: any) => f.severity === 'error').map((f: any) => [f.rule, f.question]), [['waves.codes_changed', 'skill']]);
    assert.match(lint.body.findings[0].en, /code "5" of the previous version was removed/);
    assert.equal((await officer.post(`${qbase}/${id}/publish`)).body.code, 'questionnaire.lint_errors');

    const got = await viewer.get(`${qbase}/${id}/versions/1/lint`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body.counts, { error: 0, warning: 0, info: 1 });
    assert.equal((await viewer.get(`${qbase}/${id}/versions/2/lint`)).status, 404);
    const other = await loginAs('officer');
    assert.equal((await other.get(`/api/programmes/${other.programmeId}/questionnaires/${id}/versions/1/lint`)).status, 404);
    assert.equal((await other.post(`/api/programmes/${other.programmeId}/questionnaires/${id}/lint`)).status, 404);
  });

  it('the demo programme\'s published baseline and endline have no errors or warnings with its indicators and glossary', async () => {
    const admin = await loginAdmin();
    const pid = testEnv().demoProgrammeId;
    const [q] = await db().query(`SELECT id FROM questionnaires WHERE programme_id = $1 AND code = 'stakeholder-survey'`, [pid]);
    for (const v of [1, 2]) {
      const res = await admin.get(`/api/programmes/${pid}/questionnaires/${q.id}/versions/${v}/lint`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body.findings.filter((f: any) => f.severity !== 'info'), [], `version ${v}`);
      assert.deepEqual(res.body.counts, { error: 0, warning: 0, info: 8 });
    }
    // the seeded glossary and indicators are what the lint uses: a wrong translation and a reversed index item are caught
    const copy = structuredClone(baseline) as any;
    copy.pages[2].elements[1].title.ar = 'هل لدى مؤسستك خطة مكتوبة لحالات الطوارئ الدبلوماسية؟';
    copy.pages[3].elements[1].choices = [...copy.pages[3].elements[1].choices.slice(0, 5).reverse().map((c: any, i: number) => ({ ...c, value: i + 1 })), copy.pages[3].elements[1].choices[5]];
    const report = await lintDefinition(db().manager, pid, copy, baseline);
    assert.deepEqual(report.findings.filter((f) => f.severity !== 'info').map((f) => [f.rule, f.severity, f.question]), [
      ['scales.consistency', 'error', 'legis_drafting'], ['waves.codes_changed', 'warning', 'legis_drafting'], ['glossary.translation', 'warning', 'consular_plan']]);
  });
});
