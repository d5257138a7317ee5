// POST /questionnaires/import-xlsform: an XLSForm becomes a draft that lints, publishes, and whose answers Marsad's validator checks on submit.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import request from 'supertest';
import { Model } from 'survey-core';
import { testEnv } from '../setup';
import { loginAs, uniq, type Session } from '../helpers';
import { createInvitation } from '../../server/services/tokens';
import { resetRateLimits } from '../../server/http/rate-limits';
import { BROKEN, HOUSEHOLD, TRAINING, xlsx } from '../surveys/xlsform-fixtures';
import { importXlsForm } from '../../surveys/xlsform';

const DAY = 86400000;
const db = () => testEnv().ctx.db;
const app = () => testEnv().app.app;

describe('XLSForm import API', () => {
  let officer: Session & { programmeId: string };
  let base: string;
  before(async () => {
    await resetRateLimits();
    officer = await loginAs('officer');
    base = `/api/programmes/${officer.programmeId}/questionnaires`;
  });
  const b64 = async (form: Parameters<typeof xlsx>[0]) => (await xlsx(form)).toString('base64');

  /** publish, open a wave, invite one stakeholder: returns a submit function with the respondent's cookie */
  async function publishAndInvite(qid: string) {
    const lint = await officer.post(`${base}/${qid}/lint`);
    assert.equal(lint.status, 200, JSON.stringify(lint.body));
    assert.equal(lint.body.counts.error, 0, JSON.stringify(lint.body.findings));
    const v = await officer.post(`${base}/${qid}/publish`);
    assert.equal(v.status, 201, JSON.stringify(v.body));
    const w = await officer.post(`/api/programmes/${officer.programmeId}/waves`, { questionnaireVersionId: v.body.id, kind: 'baseline',
      nameEn: 'Baseline', opensAt: new Date(Date.now() - DAY).toISOString(), closesAt: new Date(Date.now() + DAY).toISOString() });
    assert.equal(w.status, 201, JSON.stringify(w.body));
    return async (answers: unknown) => {
      const [s] = await db().query(`INSERT INTO stakeholders (programme_id, name_en, institution, preferred_language) VALUES ($1, $2, 'MFA', 'ar') RETURNING id`,
        [officer.programmeId, uniq('Person ')]);
      const inv = await db().transaction((em) => createInvitation(em, { waveId: w.body.id, stakeholderId: s.id, baseUrl: 'https://marsad.example' }));
      return request(app()).post('/api/respond/submit').set('Cookie', `marsad_resp=${inv.token}`)
        .send({ submissionId: crypto.randomUUID(), answers, language: 'ar' });
    };
  }

  it('imports the household form as a draft (code and titles from the settings sheet), audited, then lints, publishes and validates answers', async () => {
    const res = await officer.post(`${base}/import-xlsform`, { file: await b64(HOUSEHOLD) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const q = res.body.questionnaire;
    assert.deepEqual([q.code, q.titleEn, q.titleAr, q.latestVersion], ['household_2024', 'Household survey', 'مسح الأسر', null]);
    assert.deepEqual(q.draft, (await importXlsForm(await xlsx(HOUSEHOLD))).definition);
    assert.deepEqual(res.body.warnings.map((w: { cell: string }) => w.cell), ['U1', 'A2']);
    const audit = await db().query(`SELECT action, details FROM audit_events WHERE target_id = $1 ORDER BY id`, [q.id]);
    assert.deepEqual(audit.map((a: { action: string }) => a.action), ['questionnaire.create', 'questionnaire.import_xlsform']);
    assert.deepEqual(audit[1].details, { formId: 'household_2024', version: '2024010101', warnings: 2 });

    const submit = await publishAndInvite(q.id);
    const bad = await submit({ respondent: 'Amal', age: 15, employed: 'no', employer: 'MoJ', satisfied: 5 });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'answers.invalid');
    assert.deepEqual(Object.fromEntries(Object.entries(bad.body.details.errors as Record<string, { code: string }>).map(([k, e]) => [k, e.code])),
      { age: 'expression', employer: 'hidden', trust: 'required' });
    assert.equal(bad.body.details.errors.age.ar, 'بين 18 و 99');
    const good = await submit({ respondent: 'Amal', age: 30, employed: 'yes', employer: 'MoJ', sectors: ['health'], satisfied: 5, trust: 99 });
    assert.equal(good.status, 200, JSON.stringify(good.body));
  });

  it('imports the training form (repeats, calculations) with a chosen code; answers made by survey-core are accepted, wrong ones refused', async () => {
    const code = uniq('TRN');
    const res = await officer.post(`${base}/import-xlsform`, { file: await b64(TRAINING), code, titleEn: 'Training' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual([res.body.questionnaire.code, res.body.questionnaire.titleEn, res.body.questionnaire.titleAr], [code, 'Training', 'متابعة التدريب']);
    const submit = await publishAndInvite(res.body.questionnaire.id);
    const m = new Model(res.body.questionnaire.draft);
    m.setValue('country', 'jo'); m.setValue('city', 'amman'); m.setValue('n_trainings', 1);
    const panel = (m.getQuestionByName('training') as unknown as { panels: { getQuestionByName(n: string): { value: unknown } }[] }).panels[0];
    panel.getQuestionByName('topic').value = 'Borders';
    panel.getQuestionByName('participants').value = 10;
    panel.getQuestionByName('women').value = 6;
    panel.getQuestionByName('certificate').value = 1;
    m.setValue('useful', 1);
    assert.equal(m.validate(), true);
    const ok = await submit(m.data);
    assert.equal(ok.status, 200, JSON.stringify({ data: m.data, body: ok.body }));
    const bad = await submit({ ...m.data, training: [{ topic: 'Borders', participants: 10, women: 4, certificate: 1 }] });
    assert.equal(bad.status, 400);
    assert.deepEqual(Object.keys(bad.body.details.errors), ['training[0].certificate']);
  });

  it('refuses a form with errors (400 xlsform.invalid, every problem located), a file that is not a workbook, and saves nothing', async () => {
    const before = (await officer.get(base)).body.length;
    const res = await officer.post(`${base}/import-xlsform`, { file: await b64(BROKEN) });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'xlsform.invalid');
    assert.equal(res.body.details.errors.length, 12);
    assert.deepEqual(res.body.details.errors[0], { severity: 'error', sheet: 'survey', row: 3, column: 'type', cell: 'A3', message: 'unknown type "textt"', path: 'survey!A3' });
    const ar = await officer.post(`${base}/import-xlsform?lang=ar`, { file: await b64(BROKEN) });
    assert.equal(ar.body.message, 'في نموذج XLSForm أخطاء؛ لم يُستورد شيء.');
    const notXlsx = await officer.post(`${base}/import-xlsform`, { file: Buffer.from('type,name\ntext,q').toString('base64') });
    assert.deepEqual([notXlsx.status, notXlsx.body.code], [400, 'xlsform.unreadable']);
    const notB64 = await officer.post(`${base}/import-xlsform`, { file: 'not base64!' });
    assert.deepEqual([notB64.status, notB64.body.code], [400, 'request.invalid']);
    const dup = await officer.post(`${base}/import-xlsform`, { file: await b64(HOUSEHOLD) });
    assert.deepEqual([dup.status, dup.body.code], [409, 'resource.conflict']);
    const big = await officer.post(`${base}/import-xlsform`, { file: 'A'.repeat(1_100_000) });
    assert.equal(big.status, 413);
    assert.equal((await officer.get(base)).body.length, before);
  });

  it('is for officers of the programme: viewers get 403, another programme 404', async () => {
    const viewer = await loginAs('viewer', officer.programmeId);
    assert.equal((await viewer.post(`${base}/import-xlsform`, { file: await b64(HOUSEHOLD) })).status, 403);
    const other = await loginAs('officer');
    assert.equal((await other.post(`${base}/import-xlsform`, { file: await b64(HOUSEHOLD), code: uniq('X') })).status, 404);
  });
});
