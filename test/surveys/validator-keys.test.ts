// Answer validator (issue 16): `-Comment` only with a comment area or the "other" choice, prototype-like keys refused as
// unknown, open ranges worded "at least"/"at most", and Arabic messages with no English words in them.
import assert from 'node:assert/strict';
import { parseDefinition } from '../../surveys/definition';
import { compileValidator } from '../../surveys/validator';
import { ZAnswers } from '../../contracts/answers';

const L = (en: string, ar: string) => ({ default: en, ar });
const def = parseDefinition({ pages: [{ name: 'p', elements: [
  { type: 'radiogroup', name: 'org', title: L('Organisation', 'الجهة'), choices: [{ value: 1, text: L('Ministry', 'وزارة') }], showOtherItem: true },
  { type: 'checkbox', name: 'topics', title: L('Topics', 'المواضيع'), choices: ['a', 'b'], showOtherItem: true },
  { type: 'dropdown', name: 'plain', title: L('Plain', 'عادي'), choices: ['x', 'y'] },
  { type: 'radiogroup', name: 'remark', title: L('Remark', 'ملاحظة'), choices: ['x'], showCommentArea: true },
  { type: 'text', name: 'staff', title: L('Staff', 'الموظفون'), inputType: 'number', min: 0 },
  { type: 'text', name: 'cap', title: L('Cap', 'الحد'), inputType: 'number', max: 10 },
  { type: 'text', name: 'from', title: L('From', 'من'), inputType: 'date', min: '2024-01-01' },
] }] });
const v = compileValidator(def);
const errors = (a: unknown) => { const r = v.validate(a, { mode: 'final' }); return r.ok ? {} : r.errors; };

describe('surveys/validator: comments, keys, ranges, Arabic (issue 16)', () => {
  it('accepts -Comment with the "other" choice or a comment area, and refuses it otherwise', () => {
    assert.deepEqual(errors({ org: 'other', 'org-Comment': 'An embassy' }), {});
    assert.deepEqual(errors({ topics: ['a', 'other'], 'topics-Comment': 'Visas' }), {});
    assert.deepEqual(errors({ remark: 'x', 'remark-Comment': 'fine' }), {});
    assert.deepEqual(errors({ 'remark-Comment': 'a comment alone' }), {});
    assert.equal(errors({ org: 1, 'org-Comment': 'stray' }).org.code, 'comment_not_allowed');
    assert.equal(errors({ topics: ['a'], 'topics-Comment': 'stray' }).topics.code, 'comment_not_allowed');
    assert.equal(errors({ 'org-Comment': 'stray, no answer' }).org.code, 'comment_not_allowed');
    assert.equal(errors({ plain: 'x', 'plain-Comment': 'no such key' })._root.code, 'unknown_key');
    assert.deepEqual(errors({ org: 1, 'org-Comment': '' }), {}); // SurveyJS may leave an empty comment behind
  });

  it('refuses __proto__, constructor and prototype keys as unknown keys (also after the request schema)', () => {
    for (const k of ['__proto__', 'constructor', 'prototype']) {
      const body = JSON.parse(`{"plain": "x", "${k}": {"polluted": true}}`) as unknown;
      const parsed = ZAnswers.parse(body);
      assert.ok(Object.hasOwn(parsed, k), `${k} kept by the schema`);
      const e = errors(parsed);
      assert.equal(e._root?.code, 'unknown_key', k);
      assert.ok(e._root.en.includes(k) && e._root.ar.includes(k));
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('says "at least" / "at most" for open ranges, never infinity', () => {
    const low = errors({ staff: -1 }).staff, high = errors({ cap: 11 }).cap, early = errors({ from: '2023-12-31' }).from;
    assert.deepEqual([low.code, low.en, low.ar], ['out_of_range', 'Enter a number of at least 0.', 'أدخل رقمًا لا يقل عن 0.']);
    assert.deepEqual([high.code, high.en], ['out_of_range', 'Enter a number of at most 10.']);
    assert.deepEqual([early.code, early.en], ['date_out_of_range', 'Enter a date on or after 2024-01-01.']);
    for (const e of [low, high, early]) assert.doesNotMatch(e.en + e.ar, /∞|…/);
  });

  it('wrong-type messages name the expected kind in Arabic', () => {
    const e = errors({ staff: '12', topics: 'a', plain: 5 });
    assert.equal(e.staff.ar, 'صيغة هذه الإجابة غير صحيحة (المتوقع: رقم).');
    assert.equal(e.topics.ar, 'صيغة هذه الإجابة غير صحيحة (المتوقع: قائمة إجابات).');
    for (const x of Object.values(e)) assert.doesNotMatch(x.ar, /[A-Za-z]{2,}/, x.ar);
  });
});
