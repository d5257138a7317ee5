// XLSForm expressions → SurveyJS: the translation table, its meaning under survey-core, and the refusals with their reasons.
import assert from 'node:assert/strict';
import { ExpressionRunner } from 'survey-core';
import { translateXPath, XPathError, type TRef, type TScope } from '../../surveys/xlsform/xpath';

/** The questions of a small form: age (integer), sex (select_one, numeric codes), m (select_multiple), rep (a repeat), x/y/d/a/b. */
const REFS: Record<string, TRef> = {
  age: { text: '{age}' }, x: { text: '{x}' }, y: { text: '{y}' }, d: { text: '{d}' }, a: { text: '{a}' }, b: { text: '{b}' },
  sex: { text: '{sex}', select: 'one', numericCodes: true, codes: new Set(['1', '2', '99']), label: '${sex}' },
  m: { text: '{m}', select: 'multiple', codes: new Set(['a', 'b', 'c']), label: '${m}' },
  inner: { text: '{panel.inner}' },
};
const scope: TScope = {
  self: 'age', inRepeat: true,
  resolve(name, use) {
    if (name === 'rep') { if (use !== 'count') throw new XPathError('a repeat'); return { text: '{rep.length}' }; }
    const r = REFS[name];
    if (!r) throw new XPathError(`\${${name}} is not a question of this form`);
    return r;
  },
};
const tr = (src: string) => translateXPath(src, scope);
const run = (expr: string, values: Record<string, unknown>) => new ExpressionRunner(expr).runValues(values);

describe('XLSForm expressions → SurveyJS', () => {
  const table: [string, string][] = [
    ['${age} >= 18 and ${age} <= 99', '{age} >= 18 and {age} <= 99'],
    ['. > 5', '{age} > 5'],
    ["selected(${m}, 'a')", "{m} contains 'a'"],
    ["selected(${sex}, '2')", '{sex} = 2'],
    ["${sex} = '2'", '{sex} = 2'],
    ["'99' != ${sex}", '99 != {sex}'],
    ['count-selected(${m}) >= 2', '{m.length} >= 2'],
    ['count(${rep}) > 1', '{rep.length} > 1'],
    ["not(${a} = 'x') or ${b} != 'y'", "!({a} = 'x') or {b} != 'y'"],
    ["${a} = ''", '{a} empty'],
    ["'' != ${a}", '{a} notempty'],
    ['(${x} + 2) * 3 div 4 mod 5', '({x} + 2) * 3 / 4 % 5'],
    ['${x} - (${y} - 1)', '{x} - ({y} - 1)'],
    ['${x} div (${y} * ${y})', '{x} / ({y} * {y})'],
    ["if(${age} > 60, 'old', 'young')", "iif({age} > 60, 'old', 'young')"],
    ['string-length(.) <= 10', '{age.length} <= 10'],
    ['${d} <= today()', '{d} <= today()'],
    ['now()', 'currentDate()'],
    ['-5 + -${x}', '-5 + (0 - {x})'],
    ['"it\'s" = ${a}', "'it\\'s' = {a}"],
    ['true() and not(false())', 'true and !(false)'],
    ['position(..) = 1', '({panelIndex} + 1) = 1'],
    ['round(${x} div 3, 1) = int(${y})', 'round({x} / 3, 1) = trunc({y})'],
    ['coalesce(${a}, ${b})', 'iif({a} notempty, {a}, {b})'],
    ['${inner} > 0', '{panel.inner} > 0'],
    ['${a} = ${b} or ${x} = 1 and ${y} = 2', '{a} = {b} or {x} = 1 and {y} = 2'],
  ];
  for (const [src, want] of table) it(`${src}  →  ${want}`, () => assert.equal(tr(src), want));

  it('keeps the meaning under survey-core', () => {
    assert.equal(run(tr('count-selected(${m}) >= 2'), { m: ['a', 'b'] }), true);
    assert.equal(run(tr('count-selected(${m}) >= 2'), { m: ['a'] }), false);
    assert.equal(run(tr('count-selected(${m}) = 0'), {}), true);
    assert.equal(run(tr("selected(${m}, 'b')"), { m: ['a', 'b'] }), true);
    assert.equal(run(tr("selected(${sex}, '2')"), { sex: 2 }), true);
    assert.equal(run(tr("${a} = ''"), {}), true);
    assert.equal(run(tr("${a} != ''"), { a: 'x' }), true);
    assert.equal(run(tr('${x} - (${y} - 1)'), { x: 10, y: 4 }), 7);
    assert.equal(run(tr('(${x} + 2) * 3 div 4 mod 5'), { x: 6 }), 1);
    assert.equal(run(tr("if(${age} > 60, 'old', 'young')"), { age: 70 }), 'old');
    assert.equal(run(tr('string-length(.) <= 3'), { age: 'abcd' }), false);
    assert.equal(run(tr('${d} <= today()'), { d: '2001-02-03' }), true);
    assert.equal(run(tr('${d} <= today()'), { d: '2999-02-03' }), false);
    assert.equal(run(tr('-5 + -${x}'), { x: 2 }), -7);
    assert.equal(run(tr('position(..) = 2'), { panelIndex: 1 }), true);
  });

  const refused: [string, RegExp][] = [
    ["concat(${a}, 'x') = 'ax'", /concat\(\) has no SurveyJS equivalent/],
    ['. < /data/age', /XPath paths at character 5 are not supported/],
    ['${a} =', /ends too early/],
    ['${a} | ${b}', /unexpected "\|" at character 6/],
    ["selected(${m})", /selected\(\) takes 2 arguments, not 1/],
    ['${a', /not closed/],
    ['.. = 1', /\.\." \(parent\)/],
    ["${sex} = 'male'", /'male' is not a code of the choices of \$\{sex\} \(1, 2, 99\)/],
    ["selected(${m}, 'z')", /'z' is not a code of the choices of \$\{m\}/],
    ['${nope} = 1', /\$\{nope\} is not a question of this form/],
    ['${rep} = 1', /a repeat/],
    ['country = 1', /"country" is not a question reference: write \$\{country\}/],
    ['string-length(concat(${a}))', /expected a question reference/],
    ['string-length(\'abc\')', /expected a question reference/],
    ['${a} # 1', /unexpected character "#"/],
  ];
  for (const [src, why] of refused) {
    it(`refuses ${src}`, () => assert.throws(() => tr(src), (e: unknown) => e instanceof XPathError && why.test(e.message)));
  }
});
