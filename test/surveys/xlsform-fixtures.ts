// XLSForms for the import tests, written with exceljs as Kobo/ODK users write them (survey, choices, settings sheets).
import ExcelJS from 'exceljs';

export type TCells = (string | number | boolean | null)[][];
export interface TForm { survey: TCells; choices?: TCells; settings?: TCells; extra?: Record<string, TCells> }

/** An .xlsx workbook with the given sheets (row 1 = the header). */
export async function xlsx(form: TForm): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const add = (name: string, rows: TCells | undefined) => {
    if (!rows) return;
    const ws = wb.addWorksheet(name);
    rows.forEach((r) => ws.addRow(r));
  };
  add('survey', form.survey); add('choices', form.choices); add('settings', form.settings);
  for (const [name, rows] of Object.entries(form.extra ?? {})) add(name, rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const H = ['type', 'name', 'label::English (en)', 'label::Arabic (ar)', 'hint::English (en)', 'hint::Arabic (ar)', 'required',
  'required_message::English (en)', 'required_message::Arabic (ar)', 'relevant', 'constraint', 'constraint_message::English (en)',
  'constraint_message::Arabic (ar)', 'calculation', 'appearance', 'default', 'read_only', 'choice_filter', 'repeat_count', 'parameters', 'media::image::English (en)'];
/** A survey row by column name (columns of H). */
export function row(cells: Record<string, string | number>): (string | number | null)[] {
  return H.map((h) => cells[h] ?? (h === 'label::English (en)' ? cells.en : h === 'label::Arabic (ar)' ? cells.ar : null) ?? null);
}

/** Form 1, a household survey: EN+AR labels and hints, every simple type, relevance, constraints, required (yes and expression). */
export const HOUSEHOLD: TForm = {
  survey: [H,
    row({ type: 'start', name: 'start' }),
    row({ type: 'text', name: 'respondent', en: 'Your name', ar: 'اسمك', 'hint::English (en)': 'As on your ID', 'hint::Arabic (ar)': 'كما في هويتك', required: 'yes',
      'required_message::English (en)': 'Please give your name', 'required_message::Arabic (ar)': 'يرجى كتابة اسمك' }),
    row({ type: 'integer', name: 'age', en: 'Age', ar: 'العمر', required: 'true', constraint: '. >= 18 and . <= 99',
      'constraint_message::English (en)': 'Between 18 and 99', 'constraint_message::Arabic (ar)': 'بين 18 و 99' }),
    row({ type: 'decimal', name: 'income', en: 'Monthly income', ar: 'الدخل الشهري', constraint: '. > 0' }),
    row({ type: 'select_one yes_no', name: 'employed', en: 'Are you employed?', ar: 'هل تعمل؟', required: 'yes' }),
    row({ type: 'text', name: 'employer', en: 'Employer', ar: 'جهة العمل', relevant: "${employed} = 'yes'", required: 'yes' }),
    row({ type: 'select_multiple sectors or_other', name: 'sectors', en: 'Sectors', ar: 'القطاعات', relevant: "selected(${employed}, 'yes')",
      constraint: 'count-selected(.) <= 2', 'constraint_message::English (en)': 'At most two', 'constraint_message::Arabic (ar)': 'اثنان على الأكثر' }),
    row({ type: 'select_one agree5', name: 'satisfied', en: 'I am satisfied', ar: 'أنا راضٍ', appearance: 'likert' }),
    row({ type: 'select_one agree5', name: 'trust', en: 'I trust the ministry', ar: 'أثق بالوزارة', appearance: 'minimal', required: '${satisfied} >= 4' }),
    row({ type: 'note', name: 'thanks_note', en: 'Thank you, ${respondent}', ar: 'شكراً، ${respondent}' }),
    row({ type: 'date', name: 'visit', en: 'Visit date', ar: 'تاريخ الزيارة', constraint: '. <= today()', default: '2024-01-15' }),
    row({ type: 'time', name: 'visit_time', en: 'Visit time', ar: 'وقت الزيارة' }),
    row({ type: 'datetime', name: 'visit_at', en: 'Visit date and time', ar: 'تاريخ ووقت الزيارة' }),
    row({ type: 'text', name: 'comments', en: 'Comments', ar: 'ملاحظات', appearance: 'multiline', constraint: 'string-length(.) <= 200' }),
  ],
  choices: [['list_name', 'name', 'label::English (en)', 'label::Arabic (ar)'],
    ['yes_no', 'yes', 'Yes', 'نعم'], ['yes_no', 'no', 'No', 'لا'],
    ['sectors', 'health', 'Health', 'الصحة'], ['sectors', 'education', 'Education', 'التعليم'], ['sectors', 'trade', 'Trade', 'التجارة'],
    ['agree5', '1', 'Strongly disagree', 'أرفض بشدة'], ['agree5', '2', 'Disagree', 'أرفض'], ['agree5', '3', 'Neutral', 'محايد'],
    ['agree5', '4', 'Agree', 'أوافق'], ['agree5', '5', 'Strongly agree', 'أوافق بشدة'], ['agree5', '99', "Don't know", 'لا أعرف'],
  ],
  settings: [['form_title', 'form_title::Arabic (ar)', 'form_id', 'version', 'default_language'], ['Household survey', 'مسح الأسر', 'household_2024', '2024010101', 'English (en)']],
};

/** Form 2, training follow-up: `label::English` / `label::Arabic` headers, field-list group, repeats (repeat_count), calculations, choice filters. */
export const TRAINING: TForm = {
  survey: [['type', 'name', 'label::English', 'label::Arabic', 'appearance', 'required', 'relevant', 'constraint', 'calculation', 'choice_filter', 'repeat_count', 'read_only', 'default'],
    ['begin group', 'institution', 'Your institution', 'مؤسستك', 'field-list'],
    ['select_one country', 'country', 'Country', 'البلد', null, 'yes'],
    ['select_one city', 'city', 'City', 'المدينة', null, null, null, null, null, 'country = ${country}'],
    ['select_one unit', 'unit', 'Unit', 'الوحدة', null, null, null, null, null, "name != 'other' or ${country} = 'jo'"],
    ['end group'],
    ['integer', 'n_trainings', 'How many trainings did you attend?', 'كم دورة تدريبية حضرت؟', null, 'yes', null, '. <= 5'],
    ['begin repeat', 'training', 'Training', 'الدورة', null, null, null, null, null, null, '${n_trainings}'],
    ['text', 'topic', 'Topic of the training', 'موضوع الدورة', null, 'yes'],
    ['integer', 'participants', 'Participants', 'المشاركون', null, null, null, '. > 0'],
    ['integer', 'women', 'Women among them', 'النساء بينهم', null, null, '${participants} > 0', '. <= ${participants}'],
    ['calculate', 'share_women', null, null, null, null, null, null, '${women} div ${participants}'],
    ['select_one yes_no', 'certificate', 'Did the women receive a certificate?', 'هل حصلت النساء على شهادة؟', null, null, '${share_women} >= 0.5'],
    ['end repeat'],
    ['calculate', 'total_trainings', null, null, null, null, null, null, 'count(${training})'],
    ['begin group', 'followup', 'Follow-up', 'المتابعة', null, null, '${total_trainings} > 0'],
    ['select_one yes_no', 'useful', 'Was it useful?', 'هل كانت مفيدة؟', null, '${n_trainings} > 1'],
    ['text', 'why', 'Why not?', 'لماذا لا؟', null, null, "${useful} = '0'"],
    ['text', 'ref_code', 'Reference', 'المرجع', null, null, null, null, null, null, null, 'yes', 'TRN-2024'],
    ['end group'],
    ['begin repeat', 'visit', 'Visit', 'الزيارة', null, null, null, null, null, null, 2],
    ['date', 'visit_date', 'Date of the visit', 'تاريخ الزيارة', null, null, null, '. <= today()'],
    ['note', 'first_note', 'This is the first visit', 'هذه الزيارة الأولى', null, null, 'position(..) = 1'],
    ['end repeat'],
  ],
  choices: [['list_name', 'name', 'label::English', 'label::Arabic', 'country'],
    ['country', 'sy', 'Syria', 'سوريا'], ['country', 'jo', 'Jordan', 'الأردن'], ['country', 'lb', 'Lebanon', 'لبنان'],
    ['city', 'damascus', 'Damascus', 'دمشق', 'sy'], ['city', 'aleppo', 'Aleppo', 'حلب', 'sy'], ['city', 'amman', 'Amman', 'عمّان', 'jo'],
    ['city', 'irbid', 'Irbid', 'إربد', 'jo'], ['city', 'beirut', 'Beirut', 'بيروت', 'lb'],
    ['unit', 'policy', 'Policy', 'السياسات'], ['unit', 'legal', 'Legal', 'الشؤون القانونية'], ['unit', 'other', 'Other', 'أخرى'],
    ['yes_no', '1', 'Yes', 'نعم'], ['yes_no', '0', 'No', 'لا'],
  ],
  settings: [['form_title::English', 'form_title::Arabic', 'form_id', 'default_language'], ['Training follow-up', 'متابعة التدريب', 'training-followup', 'English']],
};

/** Form 3, the other types: plain `label` + `label::ar`, range, rank, acknowledge, hidden, metadata, appearances, style=pages. */
export const MISC: TForm = {
  survey: [['type', 'name', 'label', 'label::ar', 'appearance', 'parameters', 'default', 'required', 'calculation', 'relevant'],
    ['start', 'start'], ['end', 'end'], ['deviceid', 'deviceid'],
    ['range', 'rating', 'Rate the workshop', 'قيّم الورشة', null, 'start=0 end=10 step=2', null, 'yes'],
    ['rank priorities', 'priorities', 'Order the priorities', 'رتّب الأولويات'],
    ['acknowledge', 'consent', 'I agree to take part', 'أوافق على المشاركة', null, null, null, 'yes'],
    ['hidden', 'form_version', null, null, null, null, 'v3'],
    ['select_one yes_no or_other', 'agree', 'Do you agree?', 'هل توافق؟', 'horizontal'],
    ['select_multiple topics', 'topics', 'Topics', 'المواضيع', 'minimal'],
    ['select_one topics', 'main_topic', 'Main topic', 'الموضوع الرئيسي', 'columns-3', 'randomize=true'],
    ['date', 'month', 'Month of the visit', 'شهر الزيارة', 'month-year'],
    ['text', 'signature', 'Signature', 'التوقيع', 'signature'],
    ['decimal', 'weight', 'Weight (kg)', 'الوزن (كغ)'],
    ['decimal', 'height', 'Height (m)', 'الطول (م)'],
    ['calculate', 'bmi', null, null, null, null, null, null, 'round(${weight} div (${height} * ${height}), 1)'],
    ['note', 'bmi_note', 'Your BMI is ${bmi}', 'مؤشر كتلة جسمك ${bmi}', null, null, null, null, null, '${bmi} > 0'],
    ['text', 'opinion', 'Opinion', 'الرأي', null, null, null, null, null, 'if(${agree} = \'yes\', true(), false())'],
  ],
  choices: [['list_name', 'name', 'label', 'label::ar'],
    ['yes_no', 'yes', 'Yes', 'نعم'], ['yes_no', 'no', 'No', 'لا'],
    ['priorities', 'jobs', 'Jobs', 'الوظائف'], ['priorities', 'water', 'Water', 'المياه'], ['priorities', 'schools', 'Schools', 'المدارس'],
    ['topics', 't1', 'Borders', 'الحدود'], ['topics', 't2', 'Migration', 'الهجرة'], ['topics', '3', 'Justice', 'العدالة'],
  ],
  settings: [['form_title', 'form_id', 'style'], ['Workshop', 'workshop', 'pages']],
};

/** Form 4, errors: unknown type, untranslatable expressions, missing choice list, duplicate names, refused types, bad names. */
export const BROKEN: TForm = {
  survey: [['type', 'name', 'label', 'relevant', 'constraint', 'calculation'],
    ['text', 'name1', 'Name'],                                   // row 2
    ['textt', 'typo', 'Typo'],                                   // row 3: unknown type
    ['select_one colours', 'colour', 'Colour'],                  // row 4: missing choice list
    ['text', 'name1', 'Again'],                                  // row 5: duplicate name
    ['integer', 'age', 'Age', "concat(${name1}, 'x') = 'ax'"],   // row 6: untranslatable relevant
    ['integer', 'kids', 'Kids', null, '. < /data/age'],          // row 7: XPath path in constraint
    ['select_one_from_file villages.csv', 'village', 'Village'], // row 8: refused
    ['text', 'other', 'Other', '${nope} = 1'],                   // row 9: unknown reference
    ['text', 'my.name', 'Dotted'],                               // row 10: dotted name
    ['calculate', 'c1', null, null, null, '${age} +'],           // row 11: expression ends early
    ['geopoint', 'where', 'Where'],                              // row 12: refused
    ['text', 'AGE', 'Age again'],                                // row 13: duplicate ignoring case
  ],
  choices: [['list_name', 'name', 'label'], ['yes_no', 'yes', 'Yes'], ['yes_no', 'yes', 'Yes again']],
};

/** Form 5, structure errors: groups that do not close, a repeat closed as a group, a repeat_count expression, a row without type. */
export const BROKEN_STRUCTURE: TForm = {
  survey: [['type', 'name', 'label', 'repeat_count'],
    ['begin group', 'g1', 'Group'],          // row 2: never closed
    ['begin repeat', 'r1', 'Repeat', '${n} * 2'], // row 3: repeat_count expression
    ['integer', 'n', 'N'],
    ['end group'],                           // row 5: closes the repeat as a group
    ['end repeat'],                          // row 6
    [null, 'orphan', 'No type'],             // row 7: no type
  ],
};

/** Form 6, the remaining rows of the support table: regex constraint, default expressions, calculation on a question, read_only expression, ignored columns. */
export const EXTRAS: TForm = {
  survey: [['type', 'name', 'label::English (en)', 'label::Arabic (ar)', 'constraint', 'read_only', 'default', 'calculation', 'guidance_hint', 'trigger', 'colour'],
    ['text', 'phone', 'Phone', 'الهاتف', "regex(., '^[0-9]{8}$')"],
    ['integer', 'base', 'Base', 'الأساس', null, null, '5'],
    ['integer', 'double', 'Double', 'الضعف', null, null, null, '${base} * 2'],
    ['date', 'day', 'Day', 'اليوم', null, null, 'today()'],
    ['text', 'locked', 'Locked when base > 3', 'مقفل', null, '${base} > 3', null, null, 'for the enumerator', null, 'red'],
    ['select_multiple l', 'many', 'Many', 'عدة', null, 'no', 'a c'],
  ],
  choices: [['list_name', 'name', 'label::English (en)', 'label::Arabic (ar)'], ['l', 'a', 'A', 'أ'], ['l', 'b', 'B', 'ب'], ['l', 'c', 'C', 'ج']],
};
