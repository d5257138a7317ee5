// Test fixture: a SurveyJS questionnaire with every supported question type, and a valid answer set for it.
import type { TDefinition } from '../../surveys/definition';

export const ALL_TYPES: TDefinition = {
  title: { default: 'All types', ar: 'كل الأنواع' },
  pages: [
    {
      name: 'p1',
      elements: [
        { type: 'radiogroup', name: 'radio', isRequired: true, choices: [1, 2, 3, { value: 'dk', text: { default: "Don't know", ar: 'لا أعرف' } }], showOtherItem: true },
        { type: 'dropdown', name: 'drop', choices: ['a', 'b'] },
        { type: 'checkbox', name: 'check', choices: ['x', 'y', 'z'], showNoneItem: true, showSelectAllItem: true, hasOther: true, maxSelectedChoices: 3, minSelectedChoices: 2 },
        { type: 'tagbox', name: 'tags', choices: ['t1', 't2'] },
        { type: 'ranking', name: 'rank', choices: ['r1', 'r2', 'r3'] },
        { type: 'boolean', name: 'bool', labelTrue: { default: 'Yes', ar: 'نعم' }, labelFalse: { default: 'No', ar: 'لا' } },
        { type: 'boolean', name: 'bool_yn', valueTrue: 'Y', valueFalse: 'N' },
        { type: 'rating', name: 'rate' },
        { type: 'rating', name: 'rate_step', rateMin: 0, rateMax: 10, rateStep: 2 },
        { type: 'rating', name: 'rate_values', rateValues: [{ value: 10, text: 'ten' }, { value: 20, text: 'twenty' }] },
        { type: 'rating', name: 'rate_count', rateCount: 3 },
      ],
    },
    {
      name: 'p2',
      visibleIf: "{radio} <> 3",
      elements: [
        { type: 'text', name: 'txt', maxLength: 10 },
        { type: 'text', name: 'txt_default' },
        { type: 'text', name: 'num', inputType: 'number', min: 0, max: 100, isRequired: true },
        { type: 'text', name: 'day', inputType: 'date', min: '2020-01-01', max: '2030-12-31' },
        { type: 'text', name: 'mail', inputType: 'email' },
        { type: 'text', name: 'code', validators: [{ type: 'regex', regex: '^[A-Z]{3}-\\d{2}$', text: { default: 'Format ABC-12', ar: 'الصيغة ABC-12' } }] },
        { type: 'text', name: 'score', validators: [{ type: 'numeric', minValue: 1, maxValue: 9 }] },
        { type: 'comment', name: 'note', showCommentArea: false },
        { type: 'expression', name: 'calc', expression: '{num} * 2' },
        { type: 'html', name: 'info', html: '<p>Info</p>' },
        { type: 'dropdown', name: 'cmt', choices: ['a'], showCommentArea: true },
      ],
    },
    {
      name: 'p3',
      elements: [
        { type: 'matrix', name: 'mx', isAllRowRequired: true, rows: ['r1', 'r2'], columns: [1, 2, 3, { value: 'na', text: 'N/A' }] },
        {
          type: 'matrixdropdown', name: 'mdd', rows: ['a', 'b'], choices: [1, 2],
          columns: [{ name: 'c1' }, { name: 'c2', cellType: 'text', inputType: 'number', min: 0 }, { name: 'c3', cellType: 'checkbox', choices: ['u', 'v'] }, { name: 'c4', cellType: 'boolean' }],
        },
        { type: 'matrixdynamic', name: 'mdyn', maxRowCount: 3, columns: [{ name: 'who', cellType: 'text', isRequired: true }, { name: 'n', cellType: 'text', inputType: 'number' }] },
        { type: 'multipletext', name: 'mt', items: [{ name: 'first', isRequired: true }, { name: 'age', inputType: 'number' }] },
        {
          type: 'panel', name: 'pan', visibleIf: '{bool} = true',
          elements: [{ type: 'text', name: 'in_panel', isRequired: true }],
        },
        {
          type: 'paneldynamic', name: 'people', maxPanelCount: 2,
          templateElements: [
            { type: 'text', name: 'person', isRequired: true },
            { type: 'radiogroup', name: 'role', choices: ['lead', 'member'], visibleIf: "{panel.person} notempty" },
          ],
        },
        { type: 'text', name: 'why', requiredIf: "{radio} = 1" },
        { type: 'text', name: 'only_dk', visibleIf: "{radio} = 'dk'" },
      ],
    },
  ],
};

/** A complete valid final answer set for ALL_TYPES. */
export const ALL_VALID: Record<string, unknown> = {
  radio: 1, drop: 'a', check: ['x', 'other'], 'check-Comment': 'something else', tags: ['t2'], rank: ['r2', 'r1', 'r3'],
  bool: true, bool_yn: 'N', rate: 5, rate_step: 4, rate_values: 20, rate_count: 3,
  txt: 'short', txt_default: 'x'.repeat(1000), num: 42, day: '2024-02-29', mail: 'a.b@example.org', code: 'ABC-12', score: '5',
  note: 'y'.repeat(5000), calc: 84, cmt: 'a', 'cmt-Comment': 'a remark',
  mx: { r1: 1, r2: 'na' }, mdd: { a: { c1: 1, c2: 5, c3: ['u', 'v'], c4: false } }, mdyn: [{ who: 'A', n: 1 }, { who: 'B' }],
  mt: { first: 'Ann', age: 30 }, in_panel: 'inside', people: [{ person: 'P', role: 'lead' }, { person: 'Q' }], why: 'because',
};
