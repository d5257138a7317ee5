// Unit tests of the one missing-code module: declarations (per choice, questionnaire list), detection (numeric codes
// outside the scale, code words, English and Arabic labels, SurveyJS items), per column/item, and the survey-core property.
import assert from 'node:assert/strict';
import { Model } from 'survey-core';
import { labelMeaning, missingCodeTable, missingCodesFor, questionMissing, scaleFor } from '../../indicators/missing-codes';
import { registerMissingCodeProperties } from '../../indicators/missing-code-property';
import baseline from '../../surveys/demo/baseline.json';

const scale = (extra: unknown[]) => ({ type: 'radiogroup', name: 'q', choices: [1, 2, 3, 4, 5, ...extra] });

describe('indicators: missing codes (declared, detected, one module)', () => {
  it('numeric codes outside the substantive range; a contiguous 1…99 scale keeps 97–99; labels in English and Arabic', () => {
    assert.deepEqual(questionMissing(scale([99])).codes, [99]);
    assert.deepEqual(questionMissing(scale([{ value: -99, text: 'x' }, 98, 97])).codes, [-99, 98, 97]);
    assert.deepEqual(questionMissing(scale([{ value: 99, text: 'Excellent' }])).findings[0].reason, 'numeric_code');
    const wide = { type: 'dropdown', name: 'age', choices: Array.from({ length: 99 }, (_, i) => i + 1) };
    assert.deepEqual(questionMissing(wide).codes, []);
    assert.deepEqual(questionMissing(scale([{ value: 6, text: { default: 'Prefer not to say', ar: 'أفضّل عدم الإجابة' } }])).codes, [6]);
    assert.deepEqual(questionMissing(scale([{ value: 0, text: { default: 'No idea', ar: 'لا أدري' } }])).codes, [0]);
    assert.deepEqual(questionMissing(scale([{ value: 'k', text: { default: 'K', ar: 'لا ينطبق' } }])).findings.map((f) => f.meaning), ['not_applicable']);
    assert.equal(labelMeaning("I don't know"), 'dont_know'); assert.equal(labelMeaning('لا أعرف'), 'dont_know');
    assert.equal(labelMeaning('أرفض الإجابة'), 'refused'); assert.equal(labelMeaning('Refused to answer'), 'refused');
    assert.equal(labelMeaning('Strongly disagree'), null); assert.equal(labelMeaning('Declined'), null); assert.equal(labelMeaning('Not at all'), null);
    assert.deepEqual(questionMissing(scale([])).range, { min: 1, max: 5 });
    assert.deepEqual(questionMissing(scale([99])).range, { min: 1, max: 5 });
  });

  it('declarations win: missingCode on a choice, the questionnaire list; a "don\'t know" kept substantive is reported', () => {
    const declared = questionMissing(scale([{ value: 8, text: 'Other answer', missingCode: true }, { value: 99, text: "Don't know" }]));
    assert.deepEqual(declared.codes, [8]);
    assert.deepEqual(declared.suspicious.map((s) => s.code), [99]);
    const t = missingCodeTable({ missingCodes: [99, { value: 'dk' }], pages: [{ elements: [scale([99, 98]), { type: 'text', name: 'n', inputType: 'number' }] }] });
    assert.deepEqual(t.declared, [99, 'dk']);
    assert.deepEqual(t.questions.get('q')!.codes, [99, 'dk']);
    assert.deepEqual(t.questions.get('q')!.suspicious, []);
    assert.deepEqual(missingCodesFor(t, { kind: 'question', name: 'n' }), [99, 'dk']);
  });

  it('SurveyJS special items, matrix columns, matrixdropdown columns, multipletext items, rating bounds, open numbers', () => {
    assert.deepEqual(questionMissing({ type: 'checkbox', name: 'c', choices: ['a', 'none'], showDontKnowItem: true, showRefuseItem: true, showNoneItem: true }).codes, ['dontknow', 'refused']);
    const t = missingCodeTable({ pages: [{ elements: [
      { type: 'panel', elements: [{ type: 'matrix', name: 'm', rows: ['a'], columns: [1, 2, 3, { value: 'na', text: 'N/A' }] }] },
      { type: 'matrixdropdown', name: 'md', rows: ['a'], choices: [1, 2, 3, 99], columns: [{ name: 'x' }, { name: 'y', cellType: 'text', inputType: 'number', min: 0, max: 10 }] },
      { type: 'multipletext', name: 'mt', items: [{ name: 'w', inputType: 'number' }] },
      { type: 'rating', name: 'r', rateMin: 0, rateMax: 10 },
      { type: 'text', name: 'n', inputType: 'number', min: 0, max: 50 },
    ] }] });
    assert.deepEqual(missingCodesFor(t, { kind: 'cell', name: 'm', row: 'a' }), ['na']);
    assert.deepEqual(missingCodesFor(t, { kind: 'cell', name: 'md', row: 'a', column: 'x' }), [99]);
    assert.ok(missingCodesFor(t, { kind: 'cell', name: 'md', row: 'a', column: 'y' }).includes(99));
    assert.deepEqual(missingCodesFor(t, { kind: 'cell', name: 'mt', row: 'w' }), []);
    assert.deepEqual(scaleFor(t, { kind: 'question', name: 'r' }), { min: 0, max: 10 });
    assert.ok(missingCodesFor(t, { kind: 'question', name: 'n' }).includes(99) && missingCodesFor(t, { kind: 'question', name: 'n' }).includes(-9));
    assert.deepEqual(missingCodesFor(t, { kind: 'attribute', attribute: 'sex' }), []);
  });

  it('the demo questionnaire keeps its "dk"/"na" codes', () => {
    const t = missingCodeTable(baseline);
    assert.deepEqual(t.questions.get('know_dialogues')!.codes, ['dk']);
  });

  it('registers missingCode / missingCodes with survey-core so SurveyJS keeps them', () => {
    registerMissingCodeProperties(); registerMissingCodeProperties();
    const json = { missingCodes: [99], pages: [{ name: 'p', elements: [{ type: 'radiogroup', name: 'q', choices: [1, { value: 99, text: 'DK', missingCode: true }] }] }] };
    const out = new Model(json).toJSON() as typeof json;
    assert.deepEqual(out.missingCodes, [99]);
    assert.deepEqual(out.pages[0].elements[0].choices[1], { value: 99, text: 'DK', missingCode: true });
  });
});
