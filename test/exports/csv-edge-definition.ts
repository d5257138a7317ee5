// A questionnaire for the CSV export tests: every question shape the codebook flattens (matrices, dynamic rows and
// panels, multi-selects with other, ranking, booleans with custom values), awkward codes and labels, SQL-looking names.
const L = (en: string, ar: string) => ({ default: en, ar });

export const INJECTION = {
  name: "q'); DROP TABLE responses; --",
  code: "x' || pg_sleep(1) || '\\",
  labelAr: "-'); DELETE FROM responses; -- \\ $$ $x$",
  titleAr: 'حقن',
};

export const EDGE_DEFINITION = {
  pages: [{
    name: 'p1',
    elements: [
      { type: 'radiogroup', name: 'level', title: L('Level', 'المستوى'), showOtherItem: true,
        choices: [{ value: 1, text: L('1 - low', '١ - منخفض') }, { value: 2, text: L('=2 "mid", high', 'متوسط،\nمرتفع') }, { value: 1.5, text: L('One and a half', 'واحد ونصف') }] },
      { type: 'dropdown', name: 'odd', title: L('Odd codes', 'رموز غريبة'),
        choices: [{ value: 'a;b', text: L('A or B', 'أ أو ب') }, { value: '[x', text: L('Bracket', 'قوس') }, { value: '=danger', text: L('+Danger', '@خطر') },
          { value: 'true', text: L('Yes text', 'نعم نص') }, { value: 'a', text: L('Plain a', 'أ') }, { value: 'a', text: L('Second a', 'أ ثانية') }] },
      { type: 'checkbox', name: 'topics', title: L('Topics', 'المواضيع'), showOtherItem: true, storeOthersAsComment: false,
        choices: [{ value: 'a', text: L('Alpha', 'ألف') }, { value: 1, text: L('One', 'واحد') }, { value: '01', text: L('Zero one', 'صفر واحد') }] },
      { type: 'tagbox', name: 'tags', title: L('Tags', 'وسوم'), choices: ['x', 'y'] },
      { type: 'ranking', name: 'rank', title: L('Rank', 'ترتيب'), choices: [{ value: 'p', text: L('P', 'ب') }, { value: 'q', text: L('Q', 'ق') }] },
      { type: 'boolean', name: 'agree', title: L('Agree', 'موافق'), labelTrue: L('Agreed', 'موافق'), labelFalse: L('-Refused', 'رافض'), valueTrue: 'yes', valueFalse: 'no', showCommentArea: true },
      { type: 'boolean', name: 'flag', title: L('Flag', 'علم') },
      { type: 'boolean', name: 'numflag', title: L('Numeric flag', 'علم رقمي'), valueTrue: 1, valueFalse: 0 },
      { type: 'rating', name: 'stars', title: L('Stars', 'نجوم'), rateMin: 1, rateMax: 3 },
      { type: 'text', inputType: 'number', name: 'amount', title: L('Amount', 'المبلغ') },
      { type: 'comment', name: 'note', title: L('=Note', 'ملاحظة') },
      { type: 'matrix', name: 'grid', title: L('Grid', 'الشبكة'), columns: [{ value: 1, text: L('Low', 'منخفض') }, { value: 'hi', text: L('High', 'مرتفع') }],
        rows: [{ value: 'r1', text: L('Row', 'صف') }, { value: 2, text: L('Row', 'صف') }] },
      { type: 'matrixdropdown', name: 'md', title: L('Matrix dropdown', 'مصفوفة'), rows: ['a', 'b'],
        columns: [{ name: 'c1', cellType: 'dropdown', choices: [{ value: 1, text: L('One', 'واحد') }] }, { name: 'c2', cellType: 'text' }] },
      { type: 'matrixdynamic', name: 'dyn', title: L('Dynamic', 'ديناميكي'), maxRowCount: 2,
        columns: [{ name: 'k', cellType: 'checkbox', choices: ['u', 'v'] }, { name: 'n', cellType: 'text' }] },
      { type: 'multipletext', name: 'mt', title: L('Multiple text', 'نصوص'), items: [{ name: 'first' }, { name: 'second' }] },
      { type: 'paneldynamic', name: 'people', title: L('People', 'الأشخاص'), maxPanelCount: 2, templateElements: [
        { type: 'radiogroup', name: 'role', title: L('Role', 'الدور'), choices: [{ value: 'lead', text: L('Lead', 'قائد') }], showOtherItem: true },
        { type: 'checkbox', name: 'langs', title: L('Languages', 'اللغات'), choices: ['en', 'ar'] },
        { type: 'text', name: 'age', inputType: 'number', title: L('Age', 'العمر') },
      ] },
      { type: 'imagepicker', name: 'pics', title: L('Pictures', 'صور'), multiSelect: true, choices: [{ value: 'cat', imageLink: 'https://example.org/c.png' }] },
      { type: 'imagepicker', name: 'pic', title: L('Picture', 'صورة'), choices: [{ value: 'dog', imageLink: 'https://example.org/d.png' }] },
      { type: 'html', name: 'info', html: '<b>hi</b>' },
      { type: 'text', name: 'a "quoted" name', title: L('Quoted name', 'اسم') },
      { type: 'radiogroup', name: `long_${'x'.repeat(70)}`, title: L('Long name', 'اسم طويل'), choices: [{ value: 'k', text: L('Kept', 'محفوظ') }, { value: 2, text: L('Two', 'اثنان') }] },
      { type: 'boolean', name: 'strflag', title: L('String flag', 'علم نصي'), valueTrue: 'oui', valueFalse: 'non' },
      { type: 'radiogroup', name: INJECTION.name, title: L('Injection', INJECTION.titleAr), choices: [{ value: INJECTION.code, text: L(INJECTION.labelAr, INJECTION.labelAr) }] },
    ],
  }],
};
