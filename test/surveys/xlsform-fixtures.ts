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
  settings: [['form_title', 'form_id', 'version', 'default_language'], ['Household survey', 'household_2024', '2024010101', 'English (en)']],
};
