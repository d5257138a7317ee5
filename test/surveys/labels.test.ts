// Answer labels rendered from stored codes in English and Arabic.
import assert from 'node:assert/strict';
import baseline from '../../surveys/demo/baseline.json';
import { parseDefinition } from '../../surveys/definition';
import { labelledAnswers } from '../../surveys/labels';
import { DEMO_VALID } from '../../bench/validator';

describe('surveys/labels', () => {
  it('renders the demo answers in Arabic and English', () => {
    const def = parseDefinition(baseline);
    const ar = Object.fromEntries(labelledAnswers(def, DEMO_VALID, 'ar').map((a) => [a.name, a.label]));
    assert.equal(ar.institution, 'وزارة الشؤون الاجتماعية');
    assert.equal(ar.consular_trained, 'نعم');
    assert.equal(ar.contact_consent, 'لا');
    assert.equal(ar.know_dialogues, 'لا أعرف');
    const en = labelledAnswers(def, DEMO_VALID, 'en');
    assert.equal(en.length, Object.keys(DEMO_VALID).length);
    const byName = Object.fromEntries(en.map((a) => [a.name, a]));
    assert.equal(byName.capacity.label, 'Collecting migration data: 3 - Moderate; Drafting migration policy: Don\'t know; Coordinating with other institutions: 4 - High');
    assert.equal(byName.years_migration.label, '12');
    assert.equal(byName.institution.title, 'Which institution do you work for?');
  });
});
