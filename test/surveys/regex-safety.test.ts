// Regex validator safety: invalid, over-long and catastrophically backtracking patterns are refused with their path.
import assert from 'node:assert/strict';
import { checkRegexValidators, regexProblem } from '../../surveys/regex-safety';
import { DefinitionError } from '../../surveys/errors';

describe('surveys/regex-safety', () => {
  it('refuses nested quantifiers and repeated alternations', () => {
    for (const rx of ['(a+)+', '(a*)*', '(a|a)*', '(\\w+\\s?)*$', '(.*a){20}', '^(([a-z])+.)+[A-Z]([a-z])+$', '(x+x+)+y', '((ab)*)+', '(?:a|aa)+$', '(\\d+)*', '([a-z]+)*@'])
      assert.ok(regexProblem(rx), rx);
  });

  it('accepts ordinary patterns', () => {
    for (const rx of ['^[A-Z]{3}-\\d{2}$', '^\\+?\\d{6,15}$', '^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$', '^(ab)?c$', '^(\\d{3})-(\\d{4})$', '[(+*)]+', '^\\(a+\\)+$', '^(a|b)$'])
      assert.equal(regexProblem(rx), null, rx);
  });

  it('accepts repeated groups that start with a delimiter nothing else in the group matches, and they run fast', () => {
    const ok = ['^[A-Za-z]+( [A-Za-z]+)*$', '^[a-z]+(\\.[a-z]+)*@[a-z]+(\\.[a-z]+)+$', '^\\d+(-\\d+)*$'];
    for (const rx of ok) assert.equal(regexProblem(rx), null, rx);
    for (const rx of ['( \\s+)*', '(\\.[^a]+)*', '(\\.[!-/]+)*', '(\\..+)*', '(-[a-z-]+)*', '(\\.\\d+\\.?)*', '( [\\W]+)*'])
      assert.ok(regexProblem(rx), rx);
    const t = Date.now();
    new RegExp(ok[0]).test(`${'ab '.repeat(5000)}!`);
    new RegExp(ok[1]).test(`${'a.'.repeat(5000)}!`);
    assert.ok(Date.now() - t < 200);
  });

  it('refuses invalid and over-long patterns', () => {
    assert.match(regexProblem('(')!, /invalid regular expression/);
    assert.match(regexProblem('a'.repeat(501))!, /longer than 500/);
  });

  it('names the validator path in questions, matrix columns, multipletext items and panels', () => {
    const def = { pages: [{ elements: [
      { type: 'text', name: 'ok', validators: [{ type: 'regex', regex: '^\\d+$' }] },
      { type: 'panel', name: 'p', elements: [{ type: 'text', name: 'bad', validators: [{ type: 'numeric' }, { type: 'regex', regex: '(a+)+$' }] }] },
      { type: 'matrixdynamic', name: 'm', columns: [{ name: 'c', cellType: 'text', validators: [{ type: 'regex', regex: '[' }] }] },
      { type: 'multipletext', name: 'mt', items: [{ name: 'i', validators: [{ type: 'regex' }] }] },
      { type: 'paneldynamic', name: 'pd', templateElements: [{ type: 'text', name: 't', validators: [{ type: 'regex', regex: '(a|a)*' }] }] },
    ] }] };
    assert.throws(() => checkRegexValidators(def), (e: unknown) => {
      assert.ok(e instanceof DefinitionError);
      assert.deepEqual(e.details.map((d) => d.path), ['pages[0].elements[1].elements[0].validators[1]', 'pages[0].elements[2].columns[0].validators[0]',
        'pages[0].elements[3].items[0].validators[0]', 'pages[0].elements[4].templateElements[0].validators[0]']);
      return true;
    });
  });

  it('a refused pattern really backtracks catastrophically, an accepted one does not', () => {
    const evil = 'a'.repeat(21) + '!';
    let t = Date.now();
    /^(a+)+$/.test(evil);
    const slow = Date.now() - t;
    t = Date.now();
    /^a+$/.test(evil + evil.repeat(1000));
    assert.ok(slow > 10 * (Date.now() - t + 1), `${slow} ms`);
  });
});
