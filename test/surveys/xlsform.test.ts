// XLSForm import: five workbooks written with exceljs → SurveyJS JSON that parses, lints, and behaves like the form in survey-core and Marsad's validator.
import assert from 'node:assert/strict';
import { Model, type Question } from 'survey-core';
import { convertXlsForm, importXlsForm, type TConversion } from '../../surveys/xlsform';
import { parseDefinition, type TDefinition, type TElementJson } from '../../surveys/definition';
import { compileValidator } from '../../surveys/validator';
import { hasErrors, lintQuestionnaire } from '../../surveys/lint';
import { BROKEN, BROKEN_STRUCTURE, EXTRAS, HOUSEHOLD, MISC, TRAINING, xlsx } from './xlsform-fixtures';
import { REFUSED_TYPES } from '../../surveys/xlsform/types';

/** Every element of a definition by name (through panels and dynamic panels). */
export function elementsByName(def: TDefinition): Map<string, TElementJson> {
  const out = new Map<string, TElementJson>();
  const walk = (list: TElementJson[] | undefined) => { for (const el of list ?? []) { out.set(el.name!, el); walk(el.elements); walk(el.templateElements); } };
  for (const p of def.pages ?? []) walk(p.elements);
  return out;
}
const q = (m: Model, name: string) => m.getQuestionByName(name) as Question;
const errorsOf = (m: Model, name: string) => { q(m, name).validate(); return q(m, name).errors.map((e) => e.text); };

async function convert(form: Parameters<typeof xlsx>[0]): Promise<TConversion & { definition: TDefinition }> {
  const r = await importXlsForm(await xlsx(form));
  assert.ok(r.definition, JSON.stringify(r.problems));
  return r as TConversion & { definition: TDefinition };
}

describe('XLSForm import: household form (EN+AR, every simple type, relevance, constraints, required)', () => {
  let r: TConversion & { definition: TDefinition };
  let el: Map<string, TElementJson>;
  before(async () => { r = await convert(HOUSEHOLD); el = elementsByName(r.definition); });

  it('warns about what it leaves out (media, metadata) with the cell', () => {
    assert.deepEqual(r.problems.map((p) => [p.severity, p.sheet, p.cell, p.column]), [
      ['warning', 'survey', 'U1', 'media::image::English (en)'],
      ['warning', 'survey', 'A2', 'type'],
    ]);
    assert.match(r.problems[1].message, /metadata field "start"/);
    assert.deepEqual(r.settings, { formTitle: { default: 'Household survey', ar: 'مسح الأسر' }, formId: 'household_2024', version: '2024010101', defaultLanguage: 'en' });
  });

  it('maps types, languages, hints, messages, appearances and codes', () => {
    const t = (n: string) => [el.get(n)!.type, el.get(n)!.inputType];
    assert.deepEqual(['respondent', 'age', 'income', 'employed', 'sectors', 'satisfied', 'trust', 'thanks_note', 'visit', 'visit_time', 'visit_at', 'comments'].map(t), [
      ['text', undefined], ['text', 'number'], ['text', 'number'], ['radiogroup', undefined], ['checkbox', undefined], ['radiogroup', undefined],
      ['dropdown', undefined], ['html', undefined], ['text', 'date'], ['text', 'time'], ['text', 'datetime-local'], ['comment', undefined]]);
    const resp = el.get('respondent')!;
    assert.deepEqual(resp.title, { default: 'Your name', ar: 'اسمك' });
    assert.deepEqual(resp.description, { default: 'As on your ID', ar: 'كما في هويتك' });
    assert.deepEqual(resp.requiredErrorText, { default: 'Please give your name', ar: 'يرجى كتابة اسمك' });
    assert.equal(resp.isRequired, true);
    assert.equal(el.get('age')!.isRequired, true);
    assert.equal(el.get('trust')!.requiredIf, '{satisfied} >= 4');
    assert.equal(el.get('employer')!.visibleIf, "{employed} = 'yes'");
    assert.equal(el.get('sectors')!.visibleIf, "{employed} = 'yes'");
    assert.equal(el.get('sectors')!.showOtherItem, true);
    assert.equal(el.get('satisfied')!.colCount, 6);
    assert.deepEqual((el.get('satisfied')!.choices as { value: unknown }[]).map((c) => c.value), [1, 2, 3, 4, 5, 99]);
    assert.deepEqual((el.get('employed')!.choices as { value: unknown }[]).map((c) => c.value), ['yes', 'no']);
    assert.deepEqual(el.get('thanks_note')!.html, { default: 'Thank you, {respondent}', ar: 'شكراً، {respondent}' });
    assert.equal(el.get('visit')!.defaultValue, '2024-01-15');
    assert.deepEqual(el.get('age')!.validators, [
      { type: 'regex', regex: '^-?\\d+$', text: { default: 'Please enter a whole number.', ar: 'يرجى إدخال عدد صحيح.' } },
      { type: 'expression', expression: '{age} empty or ({age} >= 18 and {age} <= 99)', text: { default: 'Between 18 and 99', ar: 'بين 18 و 99' } }]);
  });

  it('passes the questionnaire parser and the linter without errors', () => {
    parseDefinition(r.definition);
    const findings = lintQuestionnaire({ definition: r.definition });
    assert.ok(!hasErrors(findings), JSON.stringify(findings.filter((f) => f.severity === 'error')));
  });

  it('behaves like the form in survey-core: relevance hides, constraints refuse (EN and AR), required is required', () => {
    const m = new Model(r.definition);
    m.setValue('employed', 'no');
    assert.equal(q(m, 'employer').isVisible, false);
    m.setValue('employed', 'yes');
    assert.equal(q(m, 'employer').isVisible, true);
    assert.ok(errorsOf(m, 'employer').length > 0, 'a visible required question is required');
    assert.deepEqual(errorsOf(m, 'respondent'), ['Please give your name']);
    m.setValue('age', 15);
    assert.deepEqual(errorsOf(m, 'age'), ['Between 18 and 99']);
    m.locale = 'ar';
    assert.deepEqual(errorsOf(m, 'age'), ['بين 18 و 99']);
    m.locale = '';
    m.setValue('age', 30);
    assert.deepEqual(errorsOf(m, 'age'), []);
    m.setValue('age', 30.5);
    assert.deepEqual(errorsOf(m, 'age'), ['Please enter a whole number.']);
    m.setValue('sectors', ['health', 'education', 'trade']);
    assert.deepEqual(errorsOf(m, 'sectors'), ['At most two']);
    assert.deepEqual(errorsOf(m, 'income'), [], 'an unanswered question passes its constraint');
    m.setValue('satisfied', 2);
    assert.deepEqual(errorsOf(m, 'trust'), []);
    m.setValue('satisfied', 5);
    assert.equal(errorsOf(m, 'trust').length, 1, 'required when satisfied >= 4');
    m.setValue('comments', 'x'.repeat(201));
    assert.equal(errorsOf(m, 'comments').length, 1);
    m.setValue('visit', '2999-01-01');
    assert.equal(errorsOf(m, 'visit').length, 1);
  });

  it('behaves like the form in Marsad\'s validator', () => {
    const v = compileValidator(r.definition);
    const ok = { respondent: 'Amal', age: 30, employed: 'yes', employer: 'MoJ', sectors: ['health'], satisfied: 2 };
    assert.deepEqual(v.validate(ok, { mode: 'final' }), { ok: true, answers: ok });
    const bad = v.validate({ respondent: 'Amal', age: 15, employed: 'no', employer: 'MoJ', satisfied: 5, sectors: undefined }, { mode: 'final' });
    assert.ok(!bad.ok);
    assert.deepEqual(Object.fromEntries(Object.entries(bad.errors).map(([k, e]) => [k, e.code])), { age: 'expression', employer: 'hidden', trust: 'required' });
    assert.equal(bad.errors.age.ar, 'بين 18 و 99');
    const missing = v.validate({ age: 30, employed: 'yes', sectors: ['health', 'trade', 'education'] }, { mode: 'final' });
    assert.ok(!missing.ok);
    assert.deepEqual(Object.keys(missing.errors).sort(), ['employer', 'respondent', 'sectors']);
    assert.equal(missing.errors.respondent.code, 'required');
  });
});

describe('XLSForm import: training form (groups, field-list page, repeats, calculations, choice filters)', () => {
  let r: TConversion & { definition: TDefinition };
  let el: Map<string, TElementJson>;
  before(async () => { r = await convert(TRAINING); el = elementsByName(r.definition); });

  it('makes the field-list group a page, other rows one page, groups panels and repeats dynamic panels', () => {
    assert.deepEqual(r.problems, []);
    const pages = r.definition.pages!;
    assert.deepEqual(pages.map((p) => [p.name, (p.elements ?? []).map((e) => `${e.type}:${e.name}`)]), [
      ['institution', ['radiogroup:country', 'radiogroup:city', 'radiogroup:unit']],
      ['page2', ['text:n_trainings', 'paneldynamic:training', 'panel:followup', 'paneldynamic:visit']]]);
    assert.deepEqual(pages[0].title, { default: 'Your institution', ar: 'مؤسستك' });
    assert.deepEqual(el.get('training')!.bindings, { panelCount: 'n_trainings' });
    assert.deepEqual([el.get('visit')!.panelCount, el.get('visit')!.maxPanelCount, el.get('visit')!.allowAddPanel], [2, 2, false]);
    assert.equal(el.get('followup')!.visibleIf, '{total_trainings} > 0');
    assert.deepEqual(r.definition.calculatedValues, [{ name: 'total_trainings', expression: '{training.length}', includeIntoResult: true }]);
    assert.equal(el.get('certificate')!.visibleIf, '({panel.women} / {panel.participants}) >= 0.5', 'a calculation inside a repeat is written where it is used');
    assert.equal(el.get('women')!.visibleIf, '{panel.participants} > 0');
    assert.equal(el.get('why')!.visibleIf, '{useful} = 0', "'0' compared with numeric codes is the number 0");
    assert.equal(el.get('useful')!.requiredIf, '{n_trainings} > 1');
    assert.equal(el.get('ref_code')!.readOnly, true);
    assert.equal(el.get('unit')!.choicesVisibleIf, "{item} != 'other' or {country} = 'jo'");
    assert.deepEqual((el.get('city')!.choices as { visibleIf: string }[]).map((c) => c.visibleIf).slice(0, 3), ["'sy' = {country}", "'sy' = {country}", "'jo' = {country}"]);
  });

  it('passes the parser and the linter without errors', () => {
    parseDefinition(r.definition);
    const findings = lintQuestionnaire({ definition: r.definition });
    assert.ok(!hasErrors(findings), JSON.stringify(findings.filter((f) => f.severity === 'error')));
  });

  it('behaves like the form in survey-core', () => {
    const m = new Model(r.definition);
    m.setValue('country', 'jo');
    const visible = (n: string) => (q(m, n) as unknown as { visibleChoices: { value: unknown }[] }).visibleChoices.map((c) => c.value);
    assert.deepEqual(visible('city'), ['amman', 'irbid']);
    assert.deepEqual(visible('unit'), ['policy', 'legal', 'other']);
    m.setValue('country', 'sy');
    assert.deepEqual(visible('city'), ['damascus', 'aleppo']);
    assert.deepEqual(visible('unit'), ['policy', 'legal']);
    m.setValue('n_trainings', 2);
    const training = q(m, 'training') as unknown as { panels: { getQuestionByName(n: string): Question }[] };
    assert.equal(training.panels.length, 2);
    const p0 = training.panels[0];
    p0.getQuestionByName('participants').value = 20;
    p0.getQuestionByName('women').value = 30;
    assert.equal(p0.getQuestionByName('women').validate(), false, 'women <= participants');
    p0.getQuestionByName('women').value = 10;
    assert.equal(p0.getQuestionByName('women').validate(), true);
    assert.equal(p0.getQuestionByName('certificate').isVisible, true);
    p0.getQuestionByName('women').value = 5;
    assert.equal(p0.getQuestionByName('certificate').isVisible, false);
    assert.equal(m.getCalculatedValueByName('total_trainings').value, 2);
    assert.equal(m.getPanelByName('followup').isVisible, true);
    m.setValue('useful', 0);
    assert.equal(q(m, 'why').isVisible, true);
    const visits = (q(m, 'visit') as unknown as { panels: { getQuestionByName(n: string): Question }[] }).panels;
    assert.deepEqual(visits.map((p) => p.getQuestionByName('first_note').isVisible), [true, false]);
    assert.equal(q(m, 'ref_code').value, 'TRN-2024');
    assert.equal(q(m, 'ref_code').isReadOnly, true);
  });

  it('behaves like the form in Marsad\'s validator (inside dynamic panels too)', () => {
    const v = compileValidator(r.definition);
    const good = { country: 'jo', city: 'amman', n_trainings: 2, total_trainings: 2, useful: 0, why: 'Too short',
      training: [{ topic: 'Borders', participants: 20, women: 10, certificate: 1 }, { topic: 'Asylum', participants: 10, women: 2 }] };
    assert.deepEqual(v.validate(good, { mode: 'final' }), { ok: true, answers: good });
    const bad = v.validate({ country: 'jo', n_trainings: 7, total_trainings: 2, useful: 1, why: 'x',
      training: [{ participants: 20, women: 30 }, { topic: 'Asylum', participants: 10, women: 2, certificate: 1 }] }, { mode: 'final' });
    assert.ok(!bad.ok);
    assert.deepEqual(Object.fromEntries(Object.entries(bad.errors).map(([k, e]) => [k, e.code])), {
      n_trainings: 'expression', 'training[0].topic': 'required', 'training[0].women': 'expression', 'training[1].certificate': 'hidden', why: 'hidden' });
    const noFollowup = v.validate({ country: 'jo', n_trainings: 0, total_trainings: 0, useful: 1 }, { mode: 'final' });
    assert.ok(!noFollowup.ok && noFollowup.errors.useful.code === 'hidden', 'a hidden group hides its questions');
  });
});

describe('XLSForm import: the other types (range, rank, acknowledge, hidden, calculate, metadata, appearances, style=pages)', () => {
  let r: TConversion & { definition: TDefinition };
  let el: Map<string, TElementJson>;
  before(async () => { r = await convert(MISC); el = elementsByName(r.definition); });

  it('maps every type and appearance, and warns about the rest', () => {
    assert.deepEqual(r.problems.map((p) => [p.severity, p.cell]), [['warning', 'A2'], ['warning', 'A3'], ['warning', 'A4'], ['warning', 'E13']]);
    assert.match(r.problems[3].message, /appearance "signature" has no SurveyJS equivalent for text/);
    const pick = (n: string, ...keys: string[]) => Object.fromEntries(keys.map((k) => [k, el.get(n)![k]]));
    assert.deepEqual(pick('rating', 'type', 'inputType', 'min', 'max', 'step', 'isRequired'), { type: 'text', inputType: 'range', min: 0, max: 10, step: 2, isRequired: true });
    assert.deepEqual(pick('priorities', 'type'), { type: 'ranking' });
    assert.deepEqual(pick('consent', 'type', 'renderAs', 'valueTrue', 'isRequired'), { type: 'boolean', renderAs: 'checkbox', valueTrue: 'OK', isRequired: true });
    assert.deepEqual(pick('agree', 'type', 'showOtherItem', 'colCount'), { type: 'radiogroup', showOtherItem: true, colCount: 0 });
    assert.deepEqual(pick('topics', 'type'), { type: 'tagbox' });
    assert.deepEqual(pick('main_topic', 'colCount', 'choicesOrder'), { colCount: 3, choicesOrder: 'random' });
    assert.deepEqual(pick('month', 'inputType'), { inputType: 'month' });
    assert.deepEqual((el.get('topics')!.choices as { value: unknown }[]).map((c) => c.value), ['t1', 't2', '3'], 'codes stay text unless all are numeric');
    assert.deepEqual(el.get('rating')!.title, { default: 'Rate the workshop', ar: 'قيّم الورشة' }, 'plain label + label::ar');
    assert.deepEqual(r.definition.calculatedValues, [
      { name: 'form_version', expression: "'v3'", includeIntoResult: true },
      { name: 'bmi', expression: 'round({weight} / ({height} * {height}), 1)', includeIntoResult: true }]);
    assert.equal(el.get('opinion')!.visibleIf, "iif({agree} = 'yes', true, false)");
    assert.equal(r.definition.pages!.length, 12, 'style=pages: one question per page');
  });

  it('passes the parser and the linter without errors, and behaves in survey-core and the validator', () => {
    parseDefinition(r.definition);
    const errors = lintQuestionnaire({ definition: r.definition }).filter((f) => f.severity === 'error');
    assert.deepEqual(errors.map((f) => [f.rule, f.path]), [['i18n.missing', 'title']], 'the settings sheet has no Arabic form_title: the linter says so');
    const m = new Model(r.definition);
    m.setValue('weight', 80); m.setValue('height', 2);
    assert.equal(m.getCalculatedValueByName('bmi').value, 20);
    assert.equal(q(m, 'bmi_note').isVisible, true);
    assert.equal(q(m, 'opinion').isVisible, false);
    m.setValue('agree', 'yes');
    assert.equal(q(m, 'opinion').isVisible, true);
    assert.equal(errorsOf(m, 'consent').length, 1, 'acknowledge is required');
    assert.equal(m.data.form_version, 'v3');
    const v = compileValidator(r.definition);
    const answers = { rating: 4, consent: 'OK', agree: 'yes', opinion: 'fine', form_version: 'v3', bmi: 20, weight: 80, height: 2, topics: ['t1', '3'] };
    assert.deepEqual(v.validate(answers, { mode: 'final' }), { ok: true, answers });
    const bad = v.validate({ rating: 12, agree: 'no', opinion: 'x', topics: ['t1', 3] }, { mode: 'final' });
    assert.ok(!bad.ok);
    assert.deepEqual(Object.fromEntries(Object.entries(bad.errors).map(([k, e]) => [k, e.code])),
      { rating: 'out_of_range', consent: 'required', topics: 'not_a_choice', opinion: 'hidden' });
  });
});

describe('XLSForm import: errors with sheet, row and column, nothing dropped', () => {
  const located = (r: TConversion) => r.problems.map((p) => [p.severity, p.sheet, p.row, p.column, p.cell, p.message]);

  it('form 4: unknown type, untranslatable expressions, missing choice list, duplicate names, refused types', async () => {
    const r = await importXlsForm(await xlsx(BROKEN));
    assert.equal(r.definition, null);
    assert.deepEqual(located(r), [
      ['error', 'survey', 3, 'type', 'A3', 'unknown type "textt"'],
      ['error', 'survey', 4, 'type', 'A4', 'the choice list "colours" is not in the choices sheet'],
      ['error', 'survey', 5, 'name', 'B5', 'duplicate name "name1" (also row 2)'],
      ['error', 'survey', 6, 'relevant', 'D6', 'cannot translate relevant "concat(${name1}, \'x\') = \'ax\'": the function concat() has no SurveyJS equivalent in Marsad'],
      ['error', 'survey', 7, 'constraint', 'E7', 'cannot translate constraint ". < /data/age": XPath paths at character 5 are not supported: use ${name}'],
      ['error', 'survey', 8, 'type', 'A8', 'select_one_from_file reads its choices from a separate CSV/XML file that is not in the workbook; copy the choices into the choices sheet and use "select_one LIST"'],
      ['error', 'survey', 9, 'relevant', 'D9', 'cannot translate relevant "${nope} = 1": ${nope} is not a question of this form'],
      ['error', 'survey', 10, 'name', 'B10', 'the name "my.name" has a dot, which SurveyJS reads as a path: rename it (letters, digits, _ and -)'],
      ['error', 'survey', 11, 'calculation', 'F11', 'cannot translate calculation "${age} +": the expression ends too early'],
      ['error', 'survey', 12, 'type', 'A12', 'location questions (geopoint) are not supported: Marsad does not collect GPS positions'],
      ['error', 'survey', 13, 'name', 'B13', 'duplicate name "AGE" (also row 6); SurveyJS names ignore case'],
      ['error', 'choices', 3, 'name', 'B3', 'duplicate choice name "yes" in the list "yes_no" (also row 2)'],
    ]);
  });

  it('form 5: groups and repeats that do not match, repeat_count expressions, rows without type', async () => {
    const r = await importXlsForm(await xlsx(BROKEN_STRUCTURE));
    assert.equal(r.definition, null);
    assert.deepEqual(located(r), [
      ['error', 'survey', 2, 'type', 'A2', '"begin group" ("g1") has no matching "end group"'],
      ['error', 'survey', 3, 'repeat_count', 'D3', 'cannot translate repeat_count "${n} * 2": SurveyJS takes a fixed number or one question outside every repeat (${name})'],
      ['error', 'survey', 5, 'type', 'A5', '"end group" closes "r1" (row 3), which is a repeat'],
      ['error', 'survey', 7, 'type', 'A7', 'the row has no type'],
    ]);
  });

  it('locates errors in a language column and in the choices sheet', () => {
    const r = convertXlsForm([
      { name: 'survey', rows: [['type', 'name', 'label::English (en)', 'label::Arabic (ar)', 'choice_filter'],
        ['select_one l', 'q', 'Hello ${who}', 'مرحبا ${who}', 'region = 1'], ['select_one', 'q2', 'Q2', 'س2']] },
      { name: 'choices', rows: [['list_name', 'name', 'label::English (en)'], ['l', 'a', 'A'], ['', 'b', 'B'], ['l', '', 'C']] },
    ]);
    assert.deepEqual(located(r).map((p) => p.slice(0, 5)), [
      ['error', 'survey', 2, 'label::English (en)', 'C2'], ['error', 'survey', 2, 'label::Arabic (ar)', 'D2'],
      ['error', 'survey', 2, 'choice_filter', 'E2'], ['error', 'survey', 3, 'type', 'A3'],
      ['error', 'choices', 3, 'list_name', 'A3'], ['error', 'choices', 4, 'name', 'B4']]);
    assert.match(r.problems[2].message, /the choices sheet has no column "region"/);
    assert.match(r.problems[3].message, /"select_one" needs a choice list name/);
  });
});

describe('XLSForm import: regex constraints, default expressions, read_only expressions, ignored columns, refused types', () => {
  it('form 6: maps the remaining rows and behaves in survey-core and the validator', async () => {
    const r = await convert(EXTRAS);
    const el = elementsByName(r.definition);
    assert.deepEqual(r.problems.map((p) => [p.cell, p.message]), [
      ['I1', 'guidance hints are not imported: column ignored'], ['J1', 'triggers are not imported: column ignored'],
      ['K1', 'the column "colour" is not an XLSForm column Marsad uses: column ignored'],
      ['H4', 'a calculation on a question of type integer becomes its default value (SurveyJS defaultValueExpression)']]);
    assert.deepEqual(el.get('phone')!.validators, [{ type: 'regex', regex: '^[0-9]{8}$' }]);
    assert.equal(el.get('base')!.defaultValue, 5);
    assert.equal(el.get('double')!.defaultValueExpression, '{base} * 2');
    assert.equal(el.get('day')!.defaultValueExpression, 'today()');
    assert.equal(el.get('locked')!.enableIf, '!({base} > 3)');
    assert.deepEqual([el.get('many')!.defaultValue, el.get('many')!.readOnly], [['a', 'c'], undefined]);
    parseDefinition(r.definition);
    const m = new Model(r.definition);
    assert.deepEqual([m.getValue('base'), m.getValue('double'), m.getValue('day'), m.getValue('many')], [5, 10, new Date().toISOString().slice(0, 10), ['a', 'c']]);
    assert.equal(q(m, 'locked').isReadOnly, true);
    m.setValue('base', 2);
    assert.equal(q(m, 'locked').isReadOnly, false);
    m.setValue('phone', '123');
    assert.equal(errorsOf(m, 'phone').length, 1);
    m.setValue('phone', '12345678');
    assert.deepEqual(errorsOf(m, 'phone'), []);
    const v = compileValidator(r.definition);
    const bad = v.validate({ phone: '123', base: 2.5 }, { mode: 'final' });
    assert.ok(!bad.ok);
    assert.deepEqual(Object.fromEntries(Object.entries(bad.errors).map(([k, e]) => [k, e.code])), { phone: 'pattern', base: 'pattern' });
  });

  it('refuses every type it cannot keep, at its type cell, with the reason', () => {
    for (const [type, why] of Object.entries(REFUSED_TYPES)) {
      const r = convertXlsForm([{ name: 'survey', rows: [['type', 'name', 'label'], [`${type}${type.includes('from_file') ? ' x.csv' : ''}`, 'q', 'Q'], ['text', 't', 'T']] }]);
      assert.deepEqual(r.problems, [{ severity: 'error', sheet: 'survey', row: 2, column: 'type', cell: 'A2', message: why }], type);
    }
  });

  it('refuses references to groups and notes', () => {
    const r = convertXlsForm([{ name: 'survey', rows: [['type', 'name', 'label', 'relevant'],
      ['begin group', 'g', 'G'], ['note', 'n', 'N'], ['end group'], ['text', 'a', 'A', "${g} = 'x'"], ['text', 'b', 'B', "${n} = 'x'"]] }]);
    assert.deepEqual(r.problems.map((p) => [p.cell, p.message.replace(/^.*?": /, '')]), [
      ['D5', '${g} is a group, not a question'], ['D6', '${n} is a note and has no value']]);
  });
});
