// Definition parsing (errors with JSON paths), the question index, and type-change detection between versions.
import assert from 'node:assert/strict';
import baseline from '../../surveys/demo/baseline.json';
import endline from '../../surveys/demo/endline.json';
import { assertNoTypeChanges, localised, parseDefinition, questionIndex, typeChanges, type TDefinition } from '../../surveys/definition';
import { DefinitionError, TypeChangeError } from '../../surveys/errors';
import { ALL_TYPES } from './fixtures';

function problems(input: unknown): Array<{ path: string; message: string }> {
  try { parseDefinition(input); } catch (e) { assert.ok(e instanceof DefinitionError); return e.details; }
  assert.fail('expected a DefinitionError');
}

describe('surveys/definition', () => {
  it('accepts the demo questionnaires unchanged (object or JSON string)', () => {
    assert.deepEqual(parseDefinition(baseline), baseline);
    assert.deepEqual(parseDefinition(JSON.stringify(endline)), endline);
    assert.deepEqual(parseDefinition(ALL_TYPES), ALL_TYPES);
    const withExtra = { ...baseline, widthMode: 'static', customThing: { x: 1 } };
    assert.deepEqual(parseDefinition(withExtra), withExtra);
    assert.deepEqual(parseDefinition({ elements: [{ type: 'text', name: 'a' }] }), { elements: [{ type: 'text', name: 'a' }] });
  });

  it('reports invalid JSON with line and column', () => {
    const [p] = problems('{\n  "pages": [\n    {"elements": [}\n]}');
    assert.match(p.message, /line 3, column 19/);
  });

  it('names the JSON path of structural errors', () => {
    const d = { pages: [
      { elements: [{ type: 'text', name: 'a' }] },
      { elements: [{ type: 'text', name: 'b' }] },
      { elements: [{ type: 'text', name: 'a' }, { type: 'file', name: 'f' }, { type: 'slider2', name: 'g' }, { type: 'text' },
        { name: 'h' }, { type: 'panel', name: 'p', elements: [{ type: 'radiogroup', name: 'r', choices: ['x', 'x'] }] }] },
    ] };
    const ps = problems(d);
    const at = (path: string) => ps.find((p) => p.path === path)?.message ?? '';
    assert.match(at('pages[2].elements[0]'), /duplicate name "a" \(also at pages\[0\]\.elements\[0\]\)/);
    assert.match(at('pages[2].elements[1]'), /file upload questions are not supported/);
    assert.match(at('pages[2].elements[2]'), /unknown element type "slider2"/);
    assert.match(at('pages[2].elements[3]'), /no name/);
    assert.match(at('pages[2].elements[4]'), /no type/);
    assert.match(at('pages[2].elements[5].elements[0].choices[1]'), /duplicate value "x"/);
  });

  it('refuses non-surveys, bad names and too many elements', () => {
    assert.equal(problems([1, 2])[0].path, '');
    assert.match(problems({ title: 'x' })[0].message, /pages/);
    assert.equal(problems({ pages: 'x' })[0].path, 'pages');
    assert.match(problems({ pages: [{ elements: [{ type: 'text', name: 'a/b' }] }] })[0].message, /invalid name/);
    assert.match(problems({ pages: [{ elements: [{ type: 'text', name: 'a-Comment' }] }] })[0].message, /invalid name/);
    assert.equal(problems({ elements: [{ type: 'dropdown', name: 'c', choicesByUrl: { url: 'https://x' } }] })[0].path, 'elements[0].choicesByUrl');
    const many = { pages: [{ elements: Array.from({ length: 2001 }, (_, i) => ({ type: 'text', name: `q${i}` })) }] };
    assert.deepEqual(problems(many), [{ path: 'pages[0].elements[2000]', message: 'more than 2000 elements' }]);
    assert.throws(() => parseDefinition({ pages: [{ elements: [{ type: 'text', name: 'r', validators: [{ type: 'regex', regex: '(a+)+$' }] }] }] }),
      (e: unknown) => e instanceof DefinitionError && e.details[0].path === 'pages[0].elements[0].validators[0]');
  });

  it('indexes every answerable question with choices, rating values, missing codes and pages', () => {
    const idx = questionIndex(parseDefinition(baseline));
    assert.equal(idx.size, 21);
    const inst = idx.get('institution')!;
    assert.equal(inst.type, 'dropdown');
    assert.equal(inst.isRequired, true);
    assert.deepEqual(inst.choices![0], { value: 'MFA', en: 'Ministry of Foreign Affairs', ar: 'وزارة الخارجية' });
    assert.equal(inst.page, 0);
    assert.deepEqual(idx.get('know_terminology')!.missingCodes, ['dk']);
    assert.deepEqual(idx.get('sex')!.missingCodes, ['na']);
    assert.deepEqual(idx.get('capacity')!.missingCodes, ['dk']);
    assert.deepEqual(idx.get('capacity')!.rows!.map((r) => r.value), ['data', 'policy', 'coordination']);
    assert.deepEqual(idx.get('support_usefulness')!.rateValues, [1, 2, 3, 4, 5]);
    assert.equal(idx.get('years_migration')!.inputType, 'number');
    assert.equal(idx.get('years_migration')!.max, 50);
    assert.equal(idx.get('shelters_knowledge')!.visibleIf, "{institution} anyof ['MoSA', 'CSO']");
    assert.equal(idx.get('dialogues_attended')!.hasNone, true);
    assert.equal(idx.get('contact_consent')!.page, 5);
    assert.equal(idx.get('training_needs')!.maxLength, 2000);
  });

  it('indexes panels, dynamic panels and rating variants', () => {
    const idx = questionIndex(parseDefinition(ALL_TYPES));
    assert.equal(idx.has('pan'), false);
    assert.equal(idx.has('info'), false);
    assert.deepEqual(idx.get('in_panel')!.containerVisibleIf, ['{bool} = true']);
    assert.equal(idx.get('person')!.parentDynamic, 'people');
    assert.deepEqual(idx.get('people')!.templateQuestions, ['person', 'role']);
    assert.deepEqual(idx.get('rate_step')!.rateValues, [0, 2, 4, 6, 8, 10]);
    assert.deepEqual(idx.get('rate_values')!.rateValues, [10, 20]);
    assert.deepEqual(idx.get('rate_count')!.rateValues, [1, 2, 3]);
    const check = idx.get('check')!;
    assert.deepEqual([check.hasOther, check.hasNone, check.hasSelectAll, check.hasComment], [true, true, true, true]);
    assert.deepEqual(check.choices!.map((c) => c.value), ['x', 'y', 'z', 'none', 'other']);
    assert.equal(idx.get('radio')!.titleEn, 'radio');
    assert.deepEqual(idx.get('mdd')!.columns!.map((c) => c.cellType), ['dropdown', 'text', 'checkbox', 'boolean']);
    assert.deepEqual(idx.get('mt')!.items!.map((i) => i.name), ['first', 'age']);
  });

  it('reads SurveyJS localised strings', () => {
    assert.deepEqual(localised('x'), { en: 'x', ar: 'x' });
    assert.deepEqual(localised({ default: 'Yes', ar: 'نعم' }), { en: 'Yes', ar: 'نعم' });
    assert.deepEqual(localised({ en: 'Yes' }), { en: 'Yes', ar: 'Yes' });
    assert.deepEqual(localised(undefined), { en: '', ar: '' });
  });

  it('detects type changes between versions', () => {
    const v1 = parseDefinition(baseline);
    assert.deepEqual(typeChanges(v1, parseDefinition(endline)), []);
    const v2 = structuredClone(v1) as TDefinition;
    const els = v2.pages![1].elements!;
    els[2].type = 'tagbox'; // dialogues_attended checkbox → tagbox
    const p0 = v2.pages![0].elements!;
    delete p0[2].inputType; // years_migration number → text
    p0[1].type = 'dropdown'; // sex radiogroup → dropdown
    assert.deepEqual(typeChanges(v1, v2), [
      { name: 'sex', from: 'radiogroup', to: 'dropdown' },
      { name: 'years_migration', from: 'text/number', to: 'text' },
      { name: 'dialogues_attended', from: 'checkbox', to: 'tagbox' },
    ]);
    assert.throws(() => assertNoTypeChanges(v1, v2), (e: unknown) => e instanceof TypeChangeError && e.details.length === 3);
    assert.doesNotThrow(() => assertNoTypeChanges(v1, v1));
  });
});
