// Small questionnaire builders for the linter tests (bilingual strings, likert items, the demo glossary).
export const L = (en: string, ar: string) => ({ default: en, ar });

export const LIKERT_LABELS: Array<[string, string]> = [['Very low', 'منخفض جدًا'], ['Low', 'منخفض'], ['Moderate', 'متوسط'], ['High', 'مرتفع'], ['Very high', 'مرتفع جدًا']];

export function likert(name: string, opts: { points?: number; reversed?: boolean; dk?: string | null; labels?: Array<[string, string]> } = {}) {
  const labels = (opts.labels ?? LIKERT_LABELS).slice(0, opts.points ?? 5);
  const choices: unknown[] = labels.map(([en, ar], i) => ({ value: i + 1, text: L(`${i + 1} - ${en}`, `${i + 1} - ${ar}`) }));
  if (opts.reversed) choices.reverse().forEach((c, i) => { (c as { value: number }).value = i + 1; });
  if (opts.dk !== null) choices.push({ value: opts.dk ?? 'dk', text: L("Don't know", 'لا أعرف') });
  return { type: 'radiogroup', name, isRequired: true, title: L(`How do you rate ${name}?`, `كيف تقيّم ${name}؟`), choices };
}

export const yesNo = (name: string, extra: Record<string, unknown> = {}) => ({
  type: 'radiogroup', name, isRequired: true, title: L(`Does ${name} apply?`, `هل ينطبق ${name}؟`),
  choices: [{ value: 'yes', text: L('Yes', 'نعم') }, { value: 'no', text: L('No', 'لا') }, { value: 'dk', text: L("Don't know", 'لا أعرف') }], ...extra,
});

export const survey = (elements: unknown[], extra: Record<string, unknown> = {}) => ({
  title: L('Test survey', 'استبيان تجريبي'), pages: [{ name: 'p1', title: L('First page', 'الصفحة الأولى'), elements }], ...extra,
});

/** the demo programme's glossary, as seeded by server/seed/demo.ts */
export const DEMO_GLOSSARY = [
  { termEn: 'irregular migration', termAr: 'الهجرة غير النظامية' }, { termEn: 'consular crisis', termAr: 'الأزمة القنصلية' },
  { termEn: 'migration dialogue', termAr: 'حوار الهجرة' }, { termEn: 'civil-society organisation', termAr: 'منظمة مجتمع مدني' },
];
