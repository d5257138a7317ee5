// Codebook of the demo questionnaire and of every question type: column keys, flattened answers, value labels.
import assert from 'node:assert/strict';
import baseline from '../../surveys/demo/baseline.json';
import { CODEBOOK_NAMING_RULE, codebookColumns, flattenAnswers, labelFor } from '../../surveys/codebook';
import { parseDefinition } from '../../surveys/definition';
import { DEMO_VALID } from '../../bench/validator';
import { ALL_TYPES, ALL_VALID } from './fixtures';

describe('surveys/codebook', () => {
  const demo = parseDefinition(baseline);

  it('lists one column per answer cell of the demo questionnaire', () => {
    const cols = codebookColumns(demo);
    assert.deepEqual(cols.map((c) => c.key), [
      'institution', 'sex', 'years_migration', 'know_terminology', 'know_dialogues',
      'dialogues_attended/khartoum', 'dialogues_attended/rabat', 'dialogues_attended/vienna', 'dialogues_attended/euromed',
      'dialogues_attended/mc2cm', 'dialogues_attended/jvap', 'dialogues_attended/none', 'dialogue_active',
      'consular_preparedness', 'consular_plan', 'consular_trained', 'legis_standards', 'legis_drafting',
      'capacity/data', 'capacity/policy', 'capacity/coordination', 'cso_cooperation', 'cso_meetings', 'strategy_aware',
      'expatriate_engagement', 'shelters_knowledge', 'support_usefulness', 'training_needs', 'contact_consent',
    ]);
    const cap = cols.find((c) => c.key === 'capacity/policy')!;
    assert.equal(cap.question, 'capacity');
    assert.equal(cap.row, 'policy');
    assert.equal(cap.titleAr.endsWith('صياغة سياسات الهجرة'), true);
    assert.deepEqual(cap.choices!.map((c) => c.value), [1, 2, 3, 4, 5, 'dk']);
    assert.equal(cols.find((c) => c.key === 'dialogues_attended/none')!.choice, 'none');
    assert.match(CODEBOOK_NAMING_RULE, /name\/row\/column/);
  });

  it('flattens answers consistently with the columns', () => {
    const flat = flattenAnswers(demo, DEMO_VALID);
    assert.deepEqual(Object.keys(flat), codebookColumns(demo).map((c) => c.key));
    assert.equal(flat['dialogues_attended/rabat'], 1);
    assert.equal(flat['dialogues_attended/vienna'], 0);
    assert.equal(flat['capacity/policy'], 'dk');
    assert.equal(flat.years_migration, 12);
    assert.equal(flat.contact_consent, false);
    const empty = flattenAnswers(demo, {});
    assert.equal(Object.values(empty).every((v) => v === null), true);
  });

  it('gives value labels in English and Arabic', () => {
    assert.equal(labelFor(demo, 'institution', 'MoSA', 'ar'), 'وزارة الشؤون الاجتماعية');
    assert.equal(labelFor(demo, 'institution', 'MoSA', 'en'), 'Ministry of Social Affairs');
    assert.equal(labelFor(demo, 'capacity/data', 'dk', 'en'), "Don't know");
    assert.equal(labelFor(demo, 'dialogues_attended/rabat', 1, 'ar'), 'نعم');
    assert.equal(labelFor(demo, 'dialogues_attended/rabat', 0, 'en'), 'No');
    assert.equal(labelFor(demo, 'consular_trained', true, 'ar'), 'نعم');
    assert.equal(labelFor(demo, 'years_migration', 12, 'en'), '12');
    assert.equal(labelFor(demo, 'sex', null, 'en'), '');
  });

  it('covers every question type', () => {
    const def = parseDefinition(ALL_TYPES);
    const flat = flattenAnswers(def, ALL_VALID);
    const keys = codebookColumns(def).map((c) => c.key);
    assert.equal(new Set(keys).size, keys.length, 'unique keys');
    assert.equal(keys.includes('info'), false);
    assert.deepEqual({
      radio: flat.radio, 'radio/other': flat['radio/other'], 'check/x': flat['check/x'], 'check/y': flat['check/y'], 'check/other': flat['check/other'],
      'check/none': flat['check/none'], 'tags/t2': flat['tags/t2'], 'rank/r1': flat['rank/r1'], 'rank/r2': flat['rank/r2'], bool_yn: flat.bool_yn,
      'cmt/comment': flat['cmt/comment'], 'mx/r2': flat['mx/r2'], 'mdd/a/c3': flat['mdd/a/c3'], 'mdd/b/c1': flat['mdd/b/c1'],
      'mdyn[2]/who': flat['mdyn[2]/who'], 'mdyn[3]/who': flat['mdyn[3]/who'], 'mt/age': flat['mt/age'],
      'people[1]/person': flat['people[1]/person'], 'people[1]/role': flat['people[1]/role'], 'people[2]/role': flat['people[2]/role'], calc: flat.calc,
    }, {
      radio: 1, 'radio/other': null, 'check/x': 1, 'check/y': 0, 'check/other': 'something else', 'check/none': 0, 'tags/t2': 1,
      'rank/r1': 2, 'rank/r2': 1, bool_yn: 'N', 'cmt/comment': 'a remark', 'mx/r2': 'na', 'mdd/a/c3': 'u;v', 'mdd/b/c1': null,
      'mdyn[2]/who': 'B', 'mdyn[3]/who': null, 'mt/age': 30, 'people[1]/person': 'P', 'people[1]/role': 'lead', 'people[2]/role': null, calc: 84,
    });
    assert.equal(keys.filter((k) => k.startsWith('mdyn[')).length, 3 * 2, 'maxRowCount 3 × 2 columns');
    assert.equal(keys.filter((k) => k.startsWith('people[')).length, 2 * 2, 'maxPanelCount 2 × 2 inner questions');
    const role = codebookColumns(def).find((c) => c.key === 'people[2]/role')!;
    assert.deepEqual([role.question, role.parent, role.index], ['role', 'people', 2]);
    assert.equal(labelFor(def, 'mdd/a/c3', 'u;v', 'en'), 'u; v');
    assert.equal(labelFor(def, 'rate_values', 20, 'en'), 'twenty');
    assert.equal(labelFor(def, 'mx/r2', 'na', 'en'), 'N/A');
  });
});
