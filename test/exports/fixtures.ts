// Test data for the export tests: a programme with a small bilingual questionnaire, a wave, stakeholders and
// responses holding formula-looking text, negative numbers and Arabic; plus helpers to fetch binary bodies.
import type request from 'supertest';
import { testEnv } from '../setup';
import { createProgramme } from '../helpers';

export const DEFINITION = {
  pages: [{
    name: 'p1',
    elements: [
      { type: 'radiogroup', name: 'sex', title: { default: 'Sex', ar: 'الجنس' },
        choices: [{ value: 'female', text: { default: 'Female', ar: 'أنثى' } }, { value: 'male', text: { default: 'Male', ar: 'ذكر' } }] },
      { type: 'text', inputType: 'number', name: 'score', title: { default: 'Score', ar: 'الدرجة' } },
      { type: 'comment', name: 'note', title: { default: '=Note', ar: 'ملاحظة' } },
      { type: 'checkbox', name: 'topics', title: { default: 'Topics', ar: 'المواضيع' },
        choices: [{ value: 'a', text: { default: 'Alpha', ar: 'ألف' } }, { value: 'b', text: { default: 'Beta', ar: 'باء' } }] },
      { type: 'matrix', name: 'grid', title: { default: 'Grid', ar: 'الشبكة' },
        columns: [{ value: 1, text: { default: 'Low', ar: 'منخفض' } }, { value: 2, text: { default: 'High', ar: 'مرتفع' } }],
        rows: [{ value: 'r1', text: { default: 'Row one', ar: 'الصف الأول' } }] },
    ],
  }],
};

export interface Fixture { programmeId: string; waveId: string; responseIds: string[] }

export async function makeFixture(extraResponses = 0): Promise<Fixture> {
  const db = testEnv().ctx.db;
  const programmeId = await createProgramme();
  const [q] = await db.query(`INSERT INTO questionnaires (programme_id, code, title_en, title_ar) VALUES ($1, 'q', 'Q', 'س') RETURNING id`, [programmeId]);
  const [v] = await db.query(`INSERT INTO questionnaire_versions (questionnaire_id, version, definition) VALUES ($1, 1, $2) RETURNING id`, [q.id, JSON.stringify(DEFINITION)]);
  const [w] = await db.query(
    `INSERT INTO waves (programme_id, questionnaire_version_id, kind, name_en, name_ar, opens_at, closes_at)
     VALUES ($1, $2, 'baseline', 'Baseline', 'خط الأساس', '2024-01-01', '2024-03-01') RETURNING id`, [programmeId, v.id]);
  const [s] = await db.query(
    `INSERT INTO stakeholders (programme_id, name_en, name_ar, institution, sex, email) VALUES ($1, 'Secret Person', 'شخص', 'MFA', 'female', 'secret@example.org') RETURNING id`, [programmeId]);
  const answers = [
    { sex: 'female', score: -3, note: '-3+A1', topics: ['a'], grid: { r1: 2 } },
    { sex: 'male', score: 7.5, note: '=HYPERLINK("http://x")', topics: ['a', 'b'] },
    { sex: 'female', score: 0, note: 'ملاحظة بالعربية, "quoted"', topics: [] },
  ];
  const ids: string[] = [];
  for (const [i, a] of answers.entries()) {
    const [r] = await db.query(
      `INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, stakeholder_id, status, language, answers, submitted_answers, started_at, submitted_at)
       VALUES ($1, $2, $3, $4, 'complete', 'ar', $5, $5, '2024-01-05T10:00:00Z', $6) RETURNING id`,
      [programmeId, w.id, v.id, i === 0 ? s.id : null, JSON.stringify(a), new Date(Date.UTC(2024, 0, 6, 10, 0, i))]);
    ids.push(r.id);
  }
  await db.query(
    `INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, status, language, answers) VALUES ($1, $2, $3, 'draft', 'en', '{"sex":"male"}')`,
    [programmeId, w.id, v.id]);
  if (extraResponses) {
    await db.query(
      `INSERT INTO responses (programme_id, wave_id, questionnaire_version_id, status, language, answers, submitted_answers, submitted_at)
       SELECT $1, $2, $3, 'complete', 'en', a, a, '2024-02-01'::timestamptz + g * interval '1 second'
         FROM generate_series(1, $4::int) g,
              LATERAL (SELECT jsonb_build_object('sex', CASE WHEN g % 2 = 0 THEN 'female' ELSE 'male' END, 'score', g,
                         'note', repeat('text ', 80), 'topics', jsonb_build_array('b'), 'grid', jsonb_build_object('r1', 1)) AS a) x`,
      [programmeId, w.id, v.id, extraResponses]);
  }
  return { programmeId, waveId: w.id, responseIds: ids };
}

/** supertest: collect the body as a Buffer whatever the content type. */
export function binary(t: request.Test): request.Test {
  return t.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}
