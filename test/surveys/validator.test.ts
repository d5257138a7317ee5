// Answer validator: every question type with good and bad values, required-when-visible, hidden answers, cross-checked with survey-core.
import assert from 'node:assert/strict';
import { Model } from 'survey-core';
import baseline from '../../surveys/demo/baseline.json';
import { parseDefinition } from '../../surveys/definition';
import { compileValidator, getValidator, validatorCacheSize, type TValidationMode } from '../../surveys/validator';
import { DEMO_INVALID, DEMO_VALID } from '../../bench/validator';
import { ALL_TYPES, ALL_VALID } from './fixtures';

const def = parseDefinition(ALL_TYPES);
const v = compileValidator(def);
const final = { mode: 'final' as const };
const partial = { mode: 'partial' as const };

function errorsOf(answers: unknown, opts: { mode: TValidationMode } = final): Record<string, { code: string; en: string; ar: string }> {
  const r = v.validate(answers, opts);
  return r.ok ? {} : r.errors;
}
const withValue = (patch: Record<string, unknown>) => {
  const a: Record<string, unknown> = { ...ALL_VALID, ...patch };
  for (const k of Object.keys(a)) if (a[k] === undefined) delete a[k];
  return a;
};

describe('surveys/validator', () => {
  it('accepts a complete valid answer set (and survey-core accepts it too)', () => {
    assert.deepEqual(v.validate(ALL_VALID, final), { ok: true, answers: ALL_VALID });
    const m = new Model(def);
    m.data = ALL_VALID;
    assert.equal(m.validate(false, false), true);
  });

  const bad: Array<[string, unknown, string]> = [
    ['radio', 9, 'not_a_choice'], ['radio', '1', 'not_a_choice'], ['radio', ['1'], 'not_a_choice'],
    ['drop', 'c', 'not_a_choice'],
    ['check', 'x', 'wrong_type'], ['check', ['x', 'x'], 'duplicate'], ['check', ['none', 'x'], 'exclusive'], ['check', ['q'], 'not_a_choice'],
    ['check', ['x', 'y', 'z', 'other'], 'too_many'], ['check', ['x'], 'too_few'],
    ['tags', ['t3'], 'not_a_choice'],
    ['rank', ['r1', 'r1'], 'duplicate'], ['rank', ['r4'], 'not_a_choice'],
    ['bool', 'true', 'not_a_choice'], ['bool', 1, 'not_a_choice'], ['bool_yn', true, 'not_a_choice'],
    ['rate', 6, 'out_of_range'], ['rate', 0, 'out_of_range'], ['rate', 2.5, 'not_a_choice'], ['rate', '3', 'not_a_choice'],
    ['rate_step', 3, 'not_a_choice'], ['rate_values', 15, 'not_a_choice'], ['rate_count', 4, 'out_of_range'],
    ['txt', 'x'.repeat(11), 'too_long'], ['txt', 12, 'wrong_type'], ['txt_default', 'x'.repeat(1001), 'too_long'],
    ['num', '42', 'wrong_type'], ['num', 101, 'out_of_range'], ['num', -1, 'out_of_range'], ['num', Number.NaN, 'wrong_type'],
    ['day', '2023-02-29', 'invalid_date'], ['day', '01/02/2024', 'invalid_date'], ['day', '2019-12-31', 'date_out_of_range'],
    ['mail', 'not-an-email', 'invalid_email'], ['code', 'abc-12', 'pattern'], ['score', '10', 'out_of_range'],
    ['note', 'y'.repeat(5001), 'too_long'], ['info', '<p>x</p>', 'no_value'],
    ['mx', { r1: 4, r2: 1 }, 'not_a_choice'], ['mx', { r3: 1, r1: 1, r2: 1 }, 'unknown_row'], ['mx', { r1: 1 }, 'all_rows_required'], ['mx', [1], 'wrong_type'],
    ['mdd', { c: { c1: 1 } }, 'unknown_row'], ['mdd', { a: { c1: 3 } }, 'not_a_choice'], ['mdd', { a: { c2: -1 } }, 'out_of_range'],
    ['mdd', { a: { c3: ['w'] } }, 'not_a_choice'], ['mdd', { a: { c4: 'no' } }, 'not_a_choice'], ['mdd', { a: { zz: 1 } }, 'unknown_row'],
    ['mdyn', [{ who: 'a' }, { who: 'b' }, { who: 'c' }, { who: 'd' }], 'too_many_rows'], ['mdyn', [{ n: 1 }], 'all_rows_required'],
    ['mdyn', [{ who: 'a', n: 'one' }], 'wrong_type'], ['mdyn', { who: 'a' }, 'wrong_type'],
    ['mt', { first: 'A', age: '30' }, 'wrong_type'], ['mt', { age: 3 }, 'required'], ['mt', { first: 'A', nick: 'x' }, 'unknown_row'],
    ['people', [{ person: 'a' }, { person: 'b' }, { person: 'c' }], 'too_many_rows'], ['people', { person: 'a' }, 'wrong_type'],
  ];
  for (const [name, value, code] of bad) {
    it(`refuses ${name} = ${JSON.stringify(value)?.slice(0, 40)} with ${code}`, () => {
      const e = errorsOf(withValue({ [name]: value }));
      assert.equal(e[name]?.code, code, JSON.stringify(e));
      assert.ok(e[name].en && e[name].ar && e[name].ar !== e[name].en);
    });
  }

  it('interpolates ranges in both languages', () => {
    const e = errorsOf(withValue({ num: 500 }));
    assert.equal(e.num.en, 'Enter a number between 0 and 100.');
    assert.equal(e.num.ar, 'أدخل رقمًا بين 0 و100.');
    assert.equal(errorsOf(withValue({ code: 'x' })).code.en, 'Format ABC-12'); // the validator's own text
  });

  it('refuses unknown keys, non-objects, and allows -Comment keys only where SurveyJS writes them', () => {
    assert.equal(errorsOf(withValue({ hacker: 1 }))._root.code, 'unknown_key');
    assert.equal(errorsOf(withValue({ 'drop-Comment': 'x' }))._root.code, 'unknown_key');
    for (const x of [null, [], 'x', 3]) assert.equal(errorsOf(x)._root.code, 'not_an_object');
    assert.equal(errorsOf(JSON.parse('{"__proto__": {"radio": 1}}'))._root.code, 'unknown_key');
    assert.deepEqual(errorsOf(withValue({ 'cmt-Comment': 'ok' })), {});
    assert.equal(errorsOf(withValue({ 'cmt-Comment': 'x'.repeat(5001) })).cmt.code, 'too_long');
  });

  it('allows calculated values included into the result, and ignores expression questions', () => {
    const cv = compileValidator(parseDefinition({
      calculatedValues: [{ name: 'total', expression: '{a} + 1', includeIntoResult: true }, { name: 'hiddenCalc', expression: '1' }],
      elements: [{ type: 'text', name: 'a', inputType: 'number' }, { type: 'expression', name: 'e', expression: '{a} * 2' }],
    }));
    assert.equal(cv.validate({ a: 1, total: 2, e: 'anything' }, final).ok, true);
    const r = cv.validate({ a: 1, hiddenCalc: 1 }, final);
    assert.equal(!r.ok && r.errors._root.code, 'unknown_key');
  });

  it('applies survey-level maxTextLength / maxCommentLength where a question sets none', () => {
    const lv = compileValidator(parseDefinition({ maxTextLength: 3000, maxCommentLength: 10, elements: [
      { type: 'text', name: 't' }, { type: 'text', name: 't5', maxLength: 5 }, { type: 'comment', name: 'c' }] }));
    assert.equal(lv.validate({ t: 'x'.repeat(3000), t5: 'xxxxx', c: 'x'.repeat(10) }, final).ok, true);
    const r = lv.validate({ t: 'x'.repeat(3001), t5: 'xxxxxx', c: 'x'.repeat(11) }, final);
    assert.deepEqual(!r.ok && Object.values(r.errors).map((e) => e.en), [
      'The answer is too long (at most 3000 characters).', 'The answer is too long (at most 5 characters).', 'The answer is too long (at most 10 characters).']);
  });

  it('does not require read-only questions (enableIf on the question, its panel or page)', () => {
    const ev = compileValidator(parseDefinition({ pages: [
      { name: 'p', elements: [{ type: 'boolean', name: 'on' }, { type: 'text', name: 'q', isRequired: true, enableIf: '{on} = true' },
        { type: 'panel', name: 'pn', enableIf: '{on} = true', elements: [{ type: 'text', name: 'inner', isRequired: true }] }] },
      { name: 'p2', enableIf: '{on} = true', elements: [{ type: 'text', name: 'onp2', isRequired: true }] },
    ] }));
    assert.equal(ev.validate({ on: false }, final).ok, true);
    const r = ev.validate({ on: true }, final);
    assert.deepEqual(!r.ok && Object.keys(r.errors), ['q', 'inner', 'onp2']);
  });

  it('treats visible: false (question, panel, page) as hidden', () => {
    const hv = compileValidator(parseDefinition({ pages: [
      { name: 'p', elements: [{ type: 'text', name: 'a', isRequired: true, visible: false }, { type: 'text', name: 'b', visible: false, visibleIf: '{c} = 1' },
        { type: 'text', name: 'c', inputType: 'number' }, { type: 'panel', name: 'pn', visible: false, elements: [{ type: 'text', name: 'in', isRequired: true }] }] },
      { name: 'p2', visible: false, elements: [{ type: 'text', name: 'onp2', isRequired: true }] },
    ] }));
    assert.equal(hv.validate({}, final).ok, true);
    assert.equal(hv.validate({ c: 1, b: 'shown by its condition' }, final).ok, true);
    const r = hv.validate({ a: 'x', in: 'y', onp2: 'z' }, final);
    assert.deepEqual(!r.ok && Object.values(r.errors).map((e) => e.code), ['hidden', 'hidden', 'hidden']);
  });

  it('applies answercount and expression validators', () => {
    const av = compileValidator(parseDefinition({ elements: [
      { type: 'checkbox', name: 'c', choices: ['a', 'b', 'c'], validators: [{ type: 'answercount', minCount: 2, maxCount: 2 }] },
      { type: 'text', name: 'n', inputType: 'number', validators: [{ type: 'expression', expression: '{n} > {m}', text: 'n must exceed m' }] },
      { type: 'text', name: 'm', inputType: 'number' }] }));
    assert.equal(av.validate({ c: ['a', 'b'], n: 5, m: 1 }, final).ok, true);
    const r = av.validate({ c: ['a'], n: 1, m: 5 }, final);
    assert.deepEqual(!r.ok && [r.errors.c.code, r.errors.n.en], ['too_few', 'n must exceed m']);
    const r2 = av.validate({ c: ['a', 'b', 'c'] }, final);
    assert.equal(!r2.ok && r2.errors.c.code, 'too_many');
  });

  it('applies matrix column conditions on {row.x}', () => {
    const mv = compileValidator(parseDefinition({ elements: [{ type: 'matrixdynamic', name: 'm', rowCount: 0, columns: [
      { name: 'has', cellType: 'boolean' }, { name: 'count', cellType: 'text', inputType: 'number', isRequired: true, visibleIf: '{row.has} = true' }] }] }));
    assert.equal(mv.validate({ m: [{ has: false }, { has: true, count: 3 }] }, final).ok, true);
    const r = mv.validate({ m: [{ has: false, count: 2 }] }, final);
    assert.equal(!r.ok && r.errors.m.code, 'hidden');
    const r2 = mv.validate({ m: [{ has: true }] }, final);
    assert.equal(!r2.ok && r2.errors.m.code, 'all_rows_required');
  });

  it('requires the other text in final mode only', () => {
    assert.equal(errorsOf(withValue({ 'check-Comment': undefined })).check.code, 'other_required');
    assert.equal(errorsOf(withValue({ radio: 'other' })).radio.code, 'other_required');
    assert.deepEqual(errorsOf(withValue({ radio: 'other', 'radio-Comment': 'mine' })), {});
    assert.deepEqual(errorsOf({ check: ['x', 'other'] }, partial), {});
  });

  it('requires visible required questions in final mode, not in partial mode', () => {
    const e = errorsOf({});
    assert.equal(e.radio.code, 'required');
    assert.equal(e.radio.en, 'Please answer this question.');
    assert.equal(e.radio.ar, 'يرجى الإجابة عن هذا السؤال.');
    assert.equal(e.num.code, 'required');
    assert.equal(e.why, undefined, 'requiredIf {radio} = 1 is false while radio is empty');
    assert.equal(errorsOf(withValue({ why: undefined })).why.code, 'required');
    assert.deepEqual(errorsOf(withValue({ radio: 2, why: undefined })), {});
    assert.deepEqual(errorsOf({ radio: 1, num: 3 }, partial), {});
    assert.equal(errorsOf({ radio: 1, num: 300 }, partial).num.code, 'out_of_range');
  });

  it('refuses answers to hidden questions (question, panel and page conditions) and skips their required check', () => {
    assert.equal(errorsOf(withValue({ only_dk: 'x' })).only_dk.code, 'hidden');
    assert.deepEqual(errorsOf(withValue({ radio: 'dk', only_dk: 'x', why: undefined })), {});
    // panel visibleIf {bool} = true
    assert.equal(errorsOf(withValue({ bool: false })).in_panel.code, 'hidden');
    assert.deepEqual(errorsOf(withValue({ bool: false, in_panel: undefined })), {});
    assert.equal(errorsOf(withValue({ bool: undefined, in_panel: undefined })).bool, undefined);
    // page p2 visibleIf {radio} <> 3: its answers are refused, its required num is not asked
    const p2 = ['txt', 'txt_default', 'num', 'day', 'mail', 'code', 'score', 'note', 'calc', 'cmt', 'cmt-Comment'];
    const e = errorsOf(withValue({ radio: 3, why: undefined }));
    assert.equal(e.num.code, 'hidden');
    assert.deepEqual(errorsOf(withValue({ radio: 3, why: undefined, ...Object.fromEntries(p2.map((k) => [k, undefined])) })), {});
    assert.equal(errorsOf(withValue({ radio: 3 }), partial).txt.code, 'hidden');
  });

  it('validates dynamic panels recursively with {panel.x} conditions', () => {
    assert.equal(errorsOf(withValue({ people: [{ role: 'lead' }] }))['people[0].role'].code, 'hidden');
    assert.equal(errorsOf(withValue({ people: [{ person: 'a', role: 'boss' }] }))['people[0].role'].code, 'not_a_choice');
    assert.equal(errorsOf(withValue({ people: [{ person: 'a' }, { role: 'x', person: '' }] }))['people[1].role'].code, 'hidden');
    assert.equal(errorsOf(withValue({ people: [{}, { person: 'b', x: 1 }] }))['people[0].person'].code, 'required');
    assert.equal(errorsOf(withValue({ people: [{ person: 'b', x: 1 }] }))['people[0]'].code, 'unknown_key');
    assert.deepEqual(errorsOf({ people: [{}] }, partial), {});
  });

  it('validates the demo questionnaire and agrees with survey-core on the valid payload', () => {
    const demo = parseDefinition(baseline);
    const dv = compileValidator(demo);
    assert.equal(dv.validate(DEMO_VALID, final).ok, true);
    const r = dv.validate(DEMO_INVALID, final);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.deepEqual(Object.keys(r.errors).sort(), ['_root', 'capacity', 'contact_consent', 'dialogue_active', 'dialogues_attended',
        'sex', 'shelters_knowledge', 'support_usefulness', 'years_migration'].sort());
      assert.equal(r.errors.contact_consent.code, 'required');
      assert.equal(r.errors.shelters_knowledge.code, 'hidden');
    }
    const m = new Model(demo);
    m.data = DEMO_VALID;
    assert.equal(m.validate(false, false), true);
    // survey-core hides shelters_knowledge for MFA too: same condition engine
    m.setValue('institution', 'MFA');
    assert.equal(m.getQuestionByName('shelters_knowledge').isVisible, false);
  });

  it('accepts the values survey-core itself produces from its UI for each type', () => {
    const m = new Model(def);
    m.setValue('radio', 2);
    (m.getQuestionByName('check') as unknown as { renderedValue: unknown }).renderedValue = ['y', 'z'];
    m.setValue('rank', ['r3', 'r1', 'r2']);
    m.getQuestionByName('bool_yn').value = 'Y';
    (m.getQuestionByName('mx') as any).visibleRows[0].value = 3;
    (m.getQuestionByName('mdyn') as any).addRow();
    (m.getQuestionByName('mdyn') as any).visibleRows[0].cells[0].question.value = 'Z';
    (m.getQuestionByName('people') as any).addPanel();
    (m.getQuestionByName('people') as any).panels[0].getQuestionByName('person').value = 'me';
    m.getQuestionByName('mt').value = { first: 'A', age: 3 };
    m.setValue('day', '2025-06-01');
    (m.getQuestionByName('num') as any).inputValue = '42'; // typed text → survey-core stores the number 42
    (m.getQuestionByName('rate') as any).setValueFromClick('4');
    (m.getQuestionByName('drop') as any).renderedValue = 'b';
    const r = v.validate(m.data, partial);
    assert.deepEqual(r, { ok: true, answers: m.data });
    assert.deepEqual([m.data.check, m.data.num, m.data.rate], [['y', 'z'], 42, 4]);
  });

  it('reports errors on the same questions as survey-core (final mode, onHidden clearing)', () => {
    const cases: Array<[unknown, Record<string, unknown>]> = [
      [baseline, {}], [baseline, { institution: 'CSO', dialogues_attended: ['rabat'] }], [baseline, DEMO_VALID],
      [ALL_TYPES, {}], [ALL_TYPES, { radio: 3, bool: true }],
      [ALL_TYPES, { ...ALL_VALID, mx: { r1: 1 }, mt: { age: 3 }, people: [{}], mdyn: [{ n: 1 }] }],
    ];
    for (const [json, data] of cases) {
      const d = parseDefinition(json);
      const m = new Model(d);
      m.clearInvisibleValues = 'onHidden';
      m.data = data;
      const theirs = m.getAllQuestions(true).filter((q) => q.isVisible && !(q as unknown as { validate(f: boolean): boolean }).validate(true)).map((q) => q.name).sort();
      const r = compileValidator(d).validate(data, final);
      const ours = r.ok ? [] : [...new Set(Object.keys(r.errors).map((k) => k.split('[')[0]))].sort();
      assert.deepEqual(ours, theirs, JSON.stringify(data).slice(0, 80));
    }
  });

  it('caches compiled validators per version (LRU)', () => {
    const a = getValidator('v-1', def);
    assert.equal(getValidator('v-1', def), a);
    const small = parseDefinition({ elements: [{ type: 'text', name: 'a' }] });
    for (let i = 0; i < 210; i++) getValidator(`x-${i}`, small);
    assert.ok(validatorCacheSize() <= 200);
    assert.notEqual(getValidator('v-1', def), a);
  });
});
