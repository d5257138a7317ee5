// Questionnaire linter: one small questionnaire per kind of finding, a clean one with none, and the demo baseline.
import assert from 'node:assert/strict';
import { lintQuestionnaire, RULES, type Finding, type LintInput } from '../../surveys/lint';
import { DEFAULT_MISSING_CODES } from '../../indicators/formula';
import { L, likert, survey, yesNo } from './lint-fixtures';

const lint = (definition: unknown, more: Omit<LintInput, 'definition'> = {}) => lintQuestionnaire({ definition, ...more });
const of = (fs: Finding[], rule: string) => fs.filter((f) => f.rule === rule).map((f) => ({ severity: f.severity, question: f.question, path: f.path }));
const q = (name: string) => ({ kind: 'question' as const, name });

describe('questionnaire linter: rules', () => {
  it('has one module per rule with a unique id and a description', () => {
    assert.equal(new Set(RULES.map((r) => r.id)).size, RULES.length);
    for (const r of RULES) assert.ok(r.description.length > 20, r.id);
    assert.deepEqual(DEFAULT_MISSING_CODES.includes('dk'), true);
  });

  it('a clean bilingual questionnaire has no findings', () => {
    const def = survey([likert('skills'), likert('confidence'), yesNo('trained'),
      { type: 'text', inputType: 'number', name: 'meetings', min: 0, isRequired: true, title: L('How many meetings on {skills} topics?', 'كم اجتماعًا حول مواضيع {skills}؟'),
        visibleIf: "{trained} = 'yes'" }],
    { description: L('About the consular crisis response.', 'حول الاستجابة للأزمة القنصلية.') });
    const indicators = [
      { code: 'I1', formula: { kind: 'index', items: [{ item: q('skills') }, { item: q('confidence') }], scale: { min: 1, max: 5 }, minAnswered: 1, aggregate: 'mean' } },
      { code: 'I2', formula: { kind: 'share', item: q('trained'), condition: { op: 'in', values: ['yes'] } } },
      { code: 'I3', formula: { kind: 'sum', item: q('meetings') } },
    ];
    assert.deepEqual(lint(def, { indicators, glossary: [{ termEn: 'consular crisis', termAr: 'الأزمة القنصلية' }], previousDefinition: def }), []);
  });

  it('i18n.missing: English-only or empty texts (error for titles/choices, warning for descriptions), titles/codes without text (warning)', () => {
    const def = survey([{ type: 'radiogroup', name: 'a', title: 'English only', description: L('Fine', ''),
      choices: [{ value: 'yes', text: L('Yes', 'نعم') }, 'maybe', { value: 2 }] }, { type: 'text', name: 'b' }]);
    assert.deepEqual(of(lint(def), 'i18n.missing'), [
      { severity: 'error', question: 'a', path: 'pages[0].elements[0].title' },
      { severity: 'warning', question: 'a', path: 'pages[0].elements[0].description' },
      { severity: 'warning', question: 'a', path: 'pages[0].elements[0].choices[1].text' },
      { severity: 'warning', question: 'b', path: 'pages[0].elements[1].title' },
    ]);
    const f = lint(def).find((x) => x.path === 'pages[0].elements[0].title')!;
    assert.match(f.en, /no Arabic text/);
    assert.match(f.ar, /بلا نص عربي/);
  });

  it('i18n.placeholders: {name} in one language only', () => {
    const def = survey([likert('x'), { type: 'comment', name: 'why', title: L('Why did you rate {x}?', 'لماذا اخترت هذا التقييم؟') }]);
    const found = lint(def).filter((f) => f.rule === 'i18n.placeholders');
    assert.deepEqual(found.map((f) => [f.severity, f.question, f.path]), [['error', 'why', 'pages[0].elements[1].title']]);
    assert.match(found[0].en, /\{x\} appears in English only/);
  });

  it('i18n.arabic_direction: Arabic starting with "(", "-", "1." or Latin letters; a "1 - " scale prefix is fine', () => {
    const def = survey([{ type: 'radiogroup', name: 'a', title: L('(Optional) your role', '(اختياري) دورك'), choices: [
      { value: 'x', text: L('1. First', '1. الأول') }, { value: 'y', text: L('- Second', '- الثاني') }, { value: 'z', text: L('EU delegation', 'EU بعثة الاتحاد') },
      { value: 1, text: L('1 - Low', '1 - منخفض') }, { value: 'w', text: L('MC2CM', 'MC2CM') }] }]);
    assert.deepEqual(of(lint(def), 'i18n.arabic_direction').map((f) => f.path), [
      'pages[0].elements[0].title', 'pages[0].elements[0].choices[0].text', 'pages[0].elements[0].choices[1].text', 'pages[0].elements[0].choices[2].text']);
    assert.ok(lint(def).filter((f) => f.rule === 'i18n.arabic_direction').every((f) => f.severity === 'warning'));
  });
});

describe('questionnaire linter: scales', () => {
  it('warns when likert items of one page differ in points, direction, labels or "don\'t know" code', () => {
    const def = survey([likert('ref'), likert('four', { points: 4 }), likert('rev', { reversed: true }), likert('dk2', { dk: 'dontknow' }),
      likert('lab', { labels: [['Very poor', 'ضعيف جدًا'], ['Poor', 'ضعيف'], ['Average', 'متوسط'], ['Good', 'جيد'], ['Very good', 'جيد جدًا']] }), likert('same')]);
    const found = lint(def).filter((f) => f.rule === 'scales.consistency');
    assert.deepEqual(found.map((f) => [f.severity, f.question]), [['warning', 'four'], ['warning', 'rev'], ['warning', 'dk2'], ['warning', 'lab']]);
    assert.match(found[0].en, /4 points instead of 5/);
    assert.match(found[1].en, /direction 1 = best instead of 5 = best/);
    assert.match(found[2].en, /"don't know" code "dontknow" instead of "dk"/);
    assert.match(found[3].en, /label of 1 is "very poor" instead of "very low"/);
  });

  it('is an error when the items of one composite index disagree, or disagree with the index bounds', () => {
    const def = { title: L('T', 'ع'), pages: [
      { name: 'a', title: L('A', 'أ'), elements: [likert('k1')] },
      { name: 'b', title: L('B', 'ب'), elements: [likert('k2', { reversed: true })] },
      { name: 'c', title: L('C', 'ج'), elements: [{ type: 'rating', name: 'k3', rateMin: 0, rateMax: 10, isRequired: true, title: L('Rate', 'قيّم') }] }] };
    const indicators = [{ code: 'IX', formula: { kind: 'index', items: [{ item: q('k1') }, { item: q('k2') }, { item: q('k3') }], scale: { min: 1, max: 5 }, minAnswered: 2, aggregate: 'mean' } }];
    const found = lint(def, { indicators }).filter((f) => f.rule === 'scales.consistency');
    assert.deepEqual(found.map((f) => [f.severity, f.question]), [['error', 'k2'], ['error', 'k3'], ['error', 'k3']]);
    assert.match(found[0].en, /feeds index IX with a different scale than k1: direction 1 = best/);
    assert.match(found[1].en, /IX reverse-codes on a 1–5 scale but k3 is answered on 0–10/);
    assert.match(found[2].en, /11 points instead of 5/);
  });
});

describe('questionnaire linter: waves, indicators, conditions, glossary', () => {
  it('waves.codes_changed: a code renamed since the published version is an error, a new label a warning, a new code info', () => {
    const before = survey([yesNo('aware'), likert('skill'), { type: 'text', name: 'n', inputType: 'number', title: L('N', 'ع') }]);
    const after = survey([yesNo('aware', { choices: [{ value: 'yes', text: L('Yes', 'نعم') }, { value: 'no', text: L('Not at all', 'إطلاقًا') }, { value: 'unsure', text: L('Unsure', 'غير متأكد') }] }),
      likert('skill', { dk: 'dk' }), { type: 'comment', name: 'n', title: L('N', 'ع') }]);
    (after.pages[0].elements[1] as { choices: unknown[] }).choices.push({ value: 'na', text: L('Not applicable', 'لا ينطبق') });
    const found = lint(after, { previousDefinition: before }).filter((f) => f.rule === 'waves.codes_changed');
    assert.deepEqual(found.map((f) => [f.severity, f.question]), [['error', 'n'], ['error', 'aware'], ['warning', 'aware'], ['info', 'skill']]);
    assert.match(found[0].en, /changed type from text\/number to comment/);
    assert.match(found[1].en, /code "dk" of the previous version was replaced by "unsure"/);
    assert.equal(found[2].en, '"aware" choices: the label of a code changed ("no": "No" → "Not at all"); make sure it still means the same.');
  });

  it('indicators: unknown items and wrong types are errors, unfed indicators warnings, unused questions info', () => {
    const def = survey([yesNo('aware'), { type: 'checkbox', name: 'topics', title: L('Topics', 'المواضيع'), choices: [{ value: 'a', text: L('A', 'أ') }, { value: 'b', text: L('B', 'ب') }] },
      { type: 'matrix', name: 'm', title: L('M', 'م'), columns: [1, 2, 3].map((v) => ({ value: v, text: L(`${v}`, `${v}`) })), rows: [{ value: 'r1', text: L('R1', 'ص1') }] },
      { type: 'comment', name: 'notes', title: L('Notes', 'ملاحظات') }]);
    const indicators = [
      { code: 'A', formula: { kind: 'share', item: q('aware'), condition: { op: 'in', values: ['yes', 'maybe'] } } },
      { code: 'B', formula: { kind: 'mean', item: q('topics') } },
      { code: 'C', formula: { kind: 'count', item: q('aware'), condition: { op: 'anyOf', values: ['yes'] } } },
      { code: 'D', formula: { kind: 'ratio', numerator: { kind: 'sum', item: q('gone') }, denominator: { kind: 'count', item: q('topics'), condition: { op: 'anyOf', values: ['a'] } } } },
      { code: 'E', formula: { kind: 'mean', item: { kind: 'cell', name: 'm', row: 'r9' } } },
      { code: 'F', formula: { kind: 'sum', item: q('activity_participants') } },
      { code: 'G', formula: { kind: 'nonsense' } },
    ];
    const found = lint(def, { indicators });
    assert.deepEqual(found.filter((f) => f.rule === 'indicators.items').map((f) => f.en), [
      'Indicator A reads aware: code "maybe", which "aware" does not offer.',
      'Indicator B reads topics: "topics", a multiple-choice checkbox, with an operation for single values.',
      'Indicator C reads aware: "aware" (radiogroup) with anyOf/allOf, which need a multiple-choice question.',
      'Indicator D reads gone: "gone", which this questionnaire does not have.',
      'Indicator E reads m.r9: row "r9", which "m" does not have.',
      'Indicator G has a formula Marsad cannot read.']);
    assert.ok(found.filter((f) => f.rule === 'indicators.items').every((f) => f.severity === 'error'));
    assert.deepEqual(of(found, 'indicators.unfed'), [{ severity: 'warning', question: undefined, path: '' }]);
    assert.match(found.find((f) => f.rule === 'indicators.unfed')!.en, /indicator F/);
    assert.deepEqual(of(found, 'indicators.unused_question'), [{ severity: 'info', question: 'notes', path: 'pages[0].elements[3]' }]);
    assert.equal(lint(def).filter((f) => f.rule.startsWith('indicators.')).length, 0, 'no indicators given: rules skipped');
  });

  it('conditions: unknown names, unparseable or never-true conditions (error when they hide required questions)', () => {
    const def = survey([yesNo('aware'),
      { ...likert('r1'), visibleIf: "{aware} = 'maybe'" },
      { ...likert('r2'), visibleIf: "{aware} = 'yes' and {aware} = 'no'" },
      { ...likert('r3'), isRequired: false, visibleIf: "{aware} anyof ['maybe', 'perhaps']" },
      { ...likert('r4'), visibleIf: '{awareness} = 1' },
      { ...likert('r5'), visibleIf: "not ({aware} = 'no')" },
      { ...likert('r6'), visibleIf: "{aware} = 'yes' or {r1} >= 4", requiredIf: '{r2} > 7' },
      { type: 'text', name: 'role', title: L('Role', 'الدور') },
      { ...likert('r7'), visibleIf: "{role} = 'x' and {role} = 'y'" }]);
    const found = lint(def).filter((f) => f.rule === 'conditions');
    assert.deepEqual(found.map((f) => [f.severity, f.question, f.path]), [
      ['error', 'r1', 'pages[0].elements[1].visibleIf'], ['error', 'r2', 'pages[0].elements[2].visibleIf'],
      ['error', 'r4', 'pages[0].elements[4].visibleIf'], ['error', 'r5', 'pages[0].elements[5].visibleIf'],
      ['error', 'r7', 'pages[0].elements[8].visibleIf'],
      ['warning', 'r3', 'pages[0].elements[3].visibleIf'], ['warning', 'r6', 'pages[0].elements[6].requiredIf']]);
    assert.match(found[0].en, /can never be true, so it is never shown although it holds required questions/);
    assert.match(found[2].en, /names \{awareness\}, which is not a question/);
    assert.match(found[3].en, /cannot be parsed/);
  });

  it('conditions in survey-level expressions: calculated values, triggers and completion texts are checked for syntax and names', () => {
    const def = survey([yesNo('aware')], {
      calculatedValues: [{ name: 'knows', expression: "{aware} = 'yes'" }, { name: 'bad', expression: '{awareness} = 1' }],
      triggers: [{ type: 'complete', expression: '{knows} = true and' }],
      completedHtmlOnCondition: [{ expression: '{knows} = true', html: L('<p>Thanks</p>', '<p>شكرًا</p>') }],
    });
    assert.deepEqual(lint(def).filter((f) => f.rule === 'conditions').map((f) => [f.severity, f.path]), [
      ['error', 'calculatedValues[1].expression'], ['error', 'triggers[0].expression']]);
  });

  it('conditions on pages and panels: a never-true page condition hiding required questions is an error', () => {
    const def = { title: L('T', 'ع'), pages: [
      { name: 'p1', title: L('P1', 'ص1'), elements: [yesNo('aware')] },
      { name: 'p2', title: L('P2', 'ص2'), visibleIf: "{aware} = 'si'", elements: [{ type: 'panel', name: 'box', visibleIf: "{aware} = 'yes'", elements: [likert('inner')] }] }] };
    assert.deepEqual(of(lint(def), 'conditions'), [{ severity: 'error', question: undefined, path: 'pages[1].visibleIf' }]);
  });

  it('glossary.translation: the English term is used but not the agreed Arabic translation', () => {
    const def = survey([
      { ...yesNo('plan'), title: L('Is there a consular crisis plan?', 'هل توجد خطة لحالات الطوارئ الدبلوماسية؟') },
      { ...yesNo('plan2'), title: L('Are consular crises rehearsed?', 'هل يتم التدرب على الأزمات القنصلية؟') },
      { ...yesNo('cso'), title: L('Do Civil-Society Organisations take part?', 'هل تشارك منظمات المجتمع المدني؟') }]);
    const glossary = [{ termEn: 'consular crisis', termAr: 'الأزمة القنصلية' }, { termEn: 'civil-society organisation', termAr: 'منظمة مجتمع مدني' }];
    const found = lint(def, { glossary }).filter((f) => f.rule === 'glossary.translation');
    assert.deepEqual(found.map((f) => [f.severity, f.question, f.path]), [['warning', 'plan', 'pages[0].elements[0].title']]);
    assert.equal(found[0].en, '"plan" title: "consular crisis" should be translated as "الأزمة القنصلية".');
  });
});
