// Linter corpus (issue 16): ten bilingual SurveyJS questionnaires written the way officers write them (years and codes as
// labels, numeric don't-know codes, HTML and markdown in titles, "other", "none", every question type the validator
// knows) lint without errors, publish through the API unchanged, and every Arabic finding is Arabic.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { lintQuestionnaire } from '../../surveys/lint';
import { parseDefinition, questionIndex, QUESTION_TYPES } from '../../surveys/definition';
import { questionScale } from '../../surveys/lint/scales';
import { codebookColumns } from '../../surveys/codebook';
import { loginAs, uniq } from '../helpers';

const DIR = path.join(__dirname, 'corpus');
const corpus = fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()
  .map((f) => ({ file: f, definition: JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as Record<string, unknown> }));

/** Arabic text outside quoted names, {placeholders} and code-like tokens must hold no Latin words. */
const latinOutsideQuotes = (s: string) => s.replace(/"[^"]*"|«[^»]*»|\{[^}]*\}/g, '').match(/[A-Za-z]{2,}/g) ?? [];

describe('questionnaire linter corpus (issue 16)', () => {
  it('has at least ten questionnaires covering every question type the validator knows', () => {
    assert.ok(corpus.length >= 10);
    const seen = new Set<string>();
    for (const { definition } of corpus) for (const q of questionIndex(parseDefinition(definition)).values()) seen.add(q.type);
    assert.deepEqual([...QUESTION_TYPES].filter((t) => !seen.has(t)), []);
  });

  for (const { file, definition } of corpus) {
    it(`${file} lints without errors`, () => {
      const errors = lintQuestionnaire({ definition }).filter((f) => f.severity === 'error');
      assert.deepEqual(errors, []);
    });
  }

  it('year and number labels are language-neutral; a "Don\'t know" 99 column is no scale point', () => {
    const def = parseDefinition(corpus[0].definition);
    const scale = questionScale(questionIndex(def).get('trained_by_year')!)!;
    assert.deepEqual(scale.points, [1, 2, 3, 4, 5]);
    assert.deepEqual(scale.missing, ['99']);
    // a real missing translation is still an error, and the year rows next to it are not
    const broken = structuredClone(corpus[0].definition) as { pages: Array<{ elements: Array<Record<string, unknown>> }> };
    broken.pages[1].elements[0].rows = [{ value: 'y2021', text: '2021' }, { value: 'staff', text: 'Staff' }];
    const found = lintQuestionnaire({ definition: broken }).filter((f) => f.severity === 'error');
    assert.deepEqual(found.map((f) => f.path), ['pages[1].elements[0].rows[1].text']);
    assert.equal(found[0].ar, 'الصف 2 في السؤال "trained_by_year" بلا نص عربي.');
  });

  it('every finding of every rule is fully translated (no English words in the Arabic text outside quoted names)', () => {
    const findings = corpus.flatMap(({ definition }) => {
      // provoke findings: strip the Arabic of every text, break a condition, change codes against the original
      const strip = (v: unknown): unknown => (Array.isArray(v) ? v.map(strip) : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'ar').map(([k, x]) => [k, k === 'value' && typeof x === 'number' ? x + 100 : strip(x)])) : v);
      const text = JSON.stringify(strip(definition)).replace(/\{attended\} = 101/g, '{attended} = 7').replace(/"type":"comment"/, '"type":"text"');
      return lintQuestionnaire({ definition: JSON.parse(text), previousDefinition: definition,
        indicators: [{ code: 'I1', formula: { kind: 'mean', item: { kind: 'question', name: 'nope' } } }] });
    });
    assert.ok(findings.length > 50, String(findings.length));
    assert.ok(new Set(findings.map((f) => f.rule)).size >= 4);
    for (const f of findings) assert.deepEqual(latinOutsideQuotes(f.ar), [], `${f.rule}: ${f.ar}`);
  });

  it('publishes every questionnaire through the API unchanged', async function () {
    this.timeout(60000);
    const officer = await loginAs('officer');
    const pid = officer.programmeId;
    for (const { file, definition } of corpus) {
      const qn = await officer.post(`/api/programmes/${pid}/questionnaires`, { code: uniq('c'), titleEn: file, titleAr: 'استبيان', definition });
      assert.equal(qn.status, 201, `${file}: ${JSON.stringify(qn.body)}`);
      const v = await officer.post(`/api/programmes/${pid}/questionnaires/${qn.body.id}/publish`);
      assert.equal(v.status, 201, `${file}: ${JSON.stringify(v.body)}`);
      const got = await officer.get(`/api/programmes/${pid}/questionnaires/${qn.body.id}/versions/${v.body.version}`);
      assert.equal(got.status, 200);
      assert.deepEqual(got.body.definition, definition, file);
    }
  });
});

describe('plain text outside the respondent page (issue 16)', () => {
  it('the codebook and answer labels show question and choice texts without tags', () => {
    const def = parseDefinition(corpus[0].definition);
    const columns = codebookColumns(def);
    const col = columns.find((c) => c.key === 'anything_else')!;
    assert.deepEqual([col.titleEn, col.titleAr], ['Anything else? Optional', 'هل من شيء آخر؟ اختياري']);
    for (const c of columns) assert.doesNotMatch(`${c.titleEn} ${c.titleAr}`, /<[a-z/]/i);
  });
});
