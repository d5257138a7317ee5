// XLSForm import, small cases over plain rows: language columns, code types, references that cannot be kept, missing sheets and columns.
import assert from 'node:assert/strict';
import { convertXlsForm, importXlsForm } from '../../surveys/xlsform';
import { xlsx } from './xlsform-fixtures';
import { lintQuestionnaire } from '../../surveys/lint';

describe('XLSForm import: languages and small cases', () => {
  const survey = (header: string[], ...rows: (string | null)[][]) => convertXlsForm([{ name: 'survey', rows: [header, ...rows.map((r) => r.map((c) => c ?? ''))] }]);

  it('reads label::ar, label::Arabic and label::English (en); English is the default, Arabic the ar locale', () => {
    const a = survey(['type', 'name', 'label::ar', 'label::English (en)'], ['text', 'q', 'سؤال', 'Question']);
    assert.deepEqual(a.definition!.pages![0].elements![0].title, { default: 'Question', ar: 'سؤال' });
    const b = survey(['type', 'name', 'label::Arabic', 'label::English'], ['text', 'q', 'سؤال', 'Question']);
    assert.deepEqual(b.definition!.pages![0].elements![0].title, { default: 'Question', ar: 'سؤال' });
    const c = survey(['type', 'name', 'label::Arabic (ar)'], ['text', 'q', 'سؤال']);
    assert.deepEqual(c.definition!.pages![0].elements![0].title, { default: 'سؤال', ar: 'سؤال' }, 'an Arabic-only form: Arabic is also the default');
  });

  it('ignores a language column without a code, with a warning at its header', () => {
    const r = survey(['type', 'name', 'label', 'label::Klingon'], ['text', 'q', 'Question', 'x']);
    assert.deepEqual(r.problems.map((p) => [p.severity, p.cell]), [['warning', 'D1']]);
    assert.match(r.problems[0].message, /"Klingon" has no code/);
  });

  it('keeps leading-zero codes as text and makes all-numeric lists numbers', () => {
    const r = convertXlsForm([{ name: 'survey', rows: [['type', 'name', 'label'], ['select_one a', 'qa', 'A'], ['select_one b', 'qb', 'B']] },
      { name: 'choices', rows: [['list_name', 'name', 'label'], ['a', '01', 'x'], ['a', '2', 'y'], ['b', '-1', 'x'], ['b', '2.5', 'y']] }]);
    const els = r.definition!.pages![0].elements!;
    assert.deepEqual(els.map((e) => (e.choices as { value: unknown }[]).map((c) => c.value)), [['01', '2'], [-1, 2.5]]);
  });

  it('refuses references it cannot keep: into a repeat, to an enclosing repeat from a nested one, cyclic calculations', () => {
    const r = survey(['type', 'name', 'label', 'relevant', 'calculation'],
      ['begin repeat', 'outer', 'Outer'],
      ['integer', 'o1', 'O1'],
      ['begin repeat', 'inner', 'Inner'],
      ['integer', 'i1', 'I1', '${o1} > 1'],
      ['end repeat'],
      ['end repeat'],
      ['text', 'after', 'After', '${o1} > 1'],
      ['calculate', 'c1', null, null, '${c2} + 1'],
      ['calculate', 'c2', null, null, '${c1} + 1'],
      ['integer', 'n', 'N', 'count(${i1}) > 0 and count(${outer}) > 1'],
    );
    assert.equal(r.definition, null);
    assert.deepEqual(r.problems.map((p) => [p.cell, p.message.replace(/^.*?": /, '')]), [
      ['D5', '${o1} belongs to the enclosing repeat "outer"; from a nested repeat Marsad can read only the same repeat\'s questions and questions outside every repeat'],
      ['D8', '${o1} is inside the repeat "outer"; from here only count(${o1}) can use it'],
      ['D11', 'the repeat ${inner} can be counted only from its enclosing repeat or from outside every repeat'],
    ]);
    const cyc = survey(['type', 'name', 'label', 'relevant', 'calculation'],
      ['begin repeat', 'rep', 'Rep'], ['calculate', 'c1', null, null, '${c2} + 1'], ['calculate', 'c2', null, null, '${c1} + 1'],
      ['integer', 'x', 'X', '${c1} > 1'], ['end repeat']);
    assert.match(cyc.problems.map((p) => `${p.cell} ${p.message}`).join('\n'), /D5 .*refers to itself \(c1 → c2 → c1\)/);
  });

  it('says when the survey sheet or its columns are missing', () => {
    assert.deepEqual(convertXlsForm([{ name: 'Sheet1', rows: [['a']] }]).problems, [{ severity: 'error', sheet: 'survey', message: 'the workbook has no "survey" sheet' }]);
    assert.deepEqual(convertXlsForm([{ name: 'Survey', rows: [['type', 'label'], ['text', 'x']] }]).problems,
      [{ severity: 'error', sheet: 'Survey', row: 1, message: 'the survey sheet has no "name" column' }]);
  });
});

describe('XLSForm import: a text missing in the default language stays missing (the linter reports it)', () => {
  it('does not put Arabic in place of a missing English label', () => {
    const r = convertXlsForm([{ name: 'survey', rows: [['type', 'name', 'label::English (en)', 'label::Arabic (ar)'], ['text', 'a', 'A', 'أ'], ['text', 'b', '', 'ب']] }]);
    assert.deepEqual(r.definition!.pages![0].elements!.map((e) => e.title), [{ default: 'A', ar: 'أ' }, { ar: 'ب' }]);
    const findings = lintQuestionnaire({ definition: r.definition });
    assert.ok(findings.some((f) => f.rule === 'i18n.missing' && f.question === 'b'), JSON.stringify(findings));
  });
});

describe('XLSForm import: the type column', () => {
  it('refuses words after a type, and keeps checking the rows of a group without a name', () => {
    const r = convertXlsForm([{ name: 'survey', rows: [['type', 'name', 'label'], ['text  foo', 'a', 'A'], ['select_one l or_other bar', 'b', 'B'],
      ['begin group', '', 'G'], ['text', 'c', 'C'], ['text', 'c', 'C again'], ['end group']] },
    { name: 'choices', rows: [['list_name', 'name', 'label'], ['l', 'x', 'X']] }]);
    assert.deepEqual(r.problems.map((p) => [p.cell, p.message]), [
      ['A2', 'unexpected "foo" after the type "text"'], ['A3', 'unexpected "bar" after the type "select_one l or_other"'],
      ['B4', 'the group has no name'], ['B6', 'duplicate name "c" (also row 5)']]);
  });
});

describe('XLSForm import: what Marsad would refuse on save is refused at its cell', () => {
  it('reserved names and unsafe regular expressions', () => {
    const r = convertXlsForm([{ name: 'survey', rows: [['type', 'name', 'label', 'constraint'],
      ['text', 'constructor', 'C'], ['text', 'x-Comment', 'X'], ['text', 'code', 'Code', "regex(., '(a+)+$')"], ['text', 'ok', 'OK', "regex(., '[0-9]{3}')"]] }]);
    assert.deepEqual(r.problems.map((p) => p.cell), ['B2', 'B3', 'D4']);
    assert.match(r.problems[0].message, /"constructor" is reserved/);
    assert.match(r.problems[2].message, /cannot translate constraint/);
  });
});

describe('XLSForm import: a form as KoboToolbox exports it', () => {
  it('reads begin_group/end_group, $kuid/$autoname columns, required false/true, __version__, and warns once per unknown column', async () => {
    const H = ['type', 'name', 'label::English (en)', 'label::Arabic (ar)', 'required', 'relevant', 'appearance', 'calculation', '$kuid', '$autoname'];
    const r = await importXlsForm(await xlsx({
      survey: [H,
        ['start', 'start', null, null, 'false', null, null, null, 'k1', 'start'],
        ['end', 'end', null, null, 'false', null, null, null, 'k2', 'end'],
        ['begin_group', 'grp_info', 'Information', 'معلومات', 'false', null, 'field-list', null, 'k3', 'grp_info'],
        ['select_one yes_no', 'consent', 'Do you agree?', 'هل توافق؟', 'true', null, null, null, 'k4', 'consent'],
        ['text', 'reason', 'Why not?', 'لماذا لا؟', 'false', "${consent} = 'no'", null, null, 'k5', 'reason'],
        ['end_group', null, null, null, null, null, null, null, 'k6'],
        ['calculate', '__version__', null, null, 'false', null, null, "'vK7PNcv9kf'", 'k7', '__version__'],
      ],
      choices: [['list_name', 'name', 'label::English (en)', 'label::Arabic (ar)', '$kuid', '$autovalue'],
        ['yes_no', 'yes', 'Yes', 'نعم', 'c1', 'yes'], ['yes_no', 'no', 'No', 'لا', 'c2', 'no']],
      settings: [['version', 'default_language'], ['vK7PNcv9kf', 'English (en)']],
    }));
    assert.ok(r.definition, JSON.stringify(r.problems));
    assert.deepEqual(r.problems.map((p) => [p.cell, p.message]), [
      ['I1', 'the column "$kuid" is not an XLSForm column Marsad uses: column ignored'],
      ['J1', 'the column "$autoname" is not an XLSForm column Marsad uses: column ignored'],
      ['A2', 'the metadata field "start" is filled by ODK devices and has no equivalent: row ignored'],
      ['A3', 'the metadata field "end" is filled by ODK devices and has no equivalent: row ignored']]);
    const page = r.definition.pages![0];
    assert.deepEqual([page.name, page.title, page.elements!.map((e) => [e.name, e.isRequired, e.visibleIf])],
      ['grp_info', { default: 'Information', ar: 'معلومات' }, [['consent', true, undefined], ['reason', undefined, "{consent} = 'no'"]]]);
    assert.deepEqual(r.definition.calculatedValues, [{ name: '__version__', expression: "'vK7PNcv9kf'", includeIntoResult: true }]);
  });
});
