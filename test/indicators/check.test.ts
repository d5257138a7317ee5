// Unit tests of formula checking against the demo questionnaire's question index.
import assert from 'node:assert/strict';
import baseline from '../../surveys/demo/baseline.json';
import { buildQuestionIndex, checkFormula, choiceLabel } from '../../indicators/check';
import { DEMO_INDICATORS } from '../../server/seed/demo-logframe';

const qi = buildQuestionIndex(baseline);

describe('indicators: formula checking', () => {
  it('accepts every demo indicator and finds the questionnaire missing codes', () => {
    for (const i of DEMO_INDICATORS) assert.deepEqual(checkFormula(i.formula, qi), [], i.code);
    assert.deepEqual(qi.get('know_dialogues')!.missingCodes, ['dk']);
  });
  it('names the unknown question, the wrong type and the missing matrix row', () => {
    assert.deepEqual(checkFormula({ kind: 'mean', item: { kind: 'question', name: 'nope' } }, qi), [{ path: 'item', item: 'nope', problem: 'unknown question' }]);
    const cb = checkFormula({ kind: 'mean', item: { kind: 'question', name: 'dialogues_attended' } }, qi);
    assert.equal(cb[0].item, 'dialogues_attended'); assert.match(cb[0].problem, /checkbox question is not numeric/);
    const row = checkFormula({ kind: 'index', items: [{ item: { kind: 'cell', name: 'capacity', row: 'budget' } }], scale: { min: 1, max: 5 }, minAnswered: 1, aggregate: 'mean' }, qi);
    assert.deepEqual(row, [{ path: 'items.0.item', item: 'capacity.budget', problem: 'matrix row does not exist' }]);
    assert.match(checkFormula({ kind: 'mean', item: { kind: 'question', name: 'capacity' } }, qi)[0].problem, /needs a row/);
    assert.match(checkFormula({ kind: 'share', item: { kind: 'question', name: 'sex' }, condition: { op: 'anyOf', values: ['male'] } }, qi)[0].problem, /checkbox-like/);
    assert.match(checkFormula({ kind: 'share', item: { kind: 'question', name: 'dialogues_attended' }, condition: { op: '=', value: 'rabat' } }, qi)[0].problem, /anyOf\/allOf/);
  });
  it('labels codes in English and Arabic', () => {
    assert.equal(choiceLabel(qi.get('sex'), 'female', 'en'), 'Female');
    assert.equal(choiceLabel(qi.get('sex'), 'female', 'ar'), 'أنثى');
    assert.equal(choiceLabel(qi.get('sex'), 'unknown-code', 'ar'), 'unknown-code');
  });
});
