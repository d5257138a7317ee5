// Where a linter finding sits, said in English and in Arabic (no English property names inside Arabic messages).
import type { TextEntry } from './types';

const PROP_AR: Record<string, string> = {
  title: 'عنوان', description: 'وصف', placeholder: 'النص الإرشادي', placeHolder: 'النص الإرشادي', requiredErrorText: 'رسالة الإجابة الإلزامية',
  otherText: 'نص خيار «أخرى»', noneText: 'نص خيار «لا شيء»', refuseText: 'نص خيار «رفض الإجابة»', dontKnowText: 'نص خيار «لا أعرف»',
  selectAllText: 'نص «اختيار الكل»', otherPlaceholder: 'النص الإرشادي لخيار «أخرى»', otherErrorText: 'رسالة خيار «أخرى»',
  commentText: 'عنوان التعليق', commentPlaceholder: 'النص الإرشادي للتعليق', labelTrue: 'تسمية «نعم»', labelFalse: 'تسمية «لا»',
  minRateDescription: 'وصف أدنى التقييم', maxRateDescription: 'وصف أعلى التقييم', html: 'محتوى', minErrorText: 'رسالة الحد الأدنى',
  maxErrorText: 'رسالة الحد الأقصى', addRowText: 'نص إضافة صف', removeRowText: 'نص حذف صف', emptyRowsText: 'نص غياب الصفوف',
  totalText: 'نص المجموع', templateTitle: 'عنوان النموذج المتكرر', panelAddText: 'نص الإضافة', panelRemoveText: 'نص الحذف',
  noEntriesText: 'نص غياب الإدخالات', templateTabTitle: 'عنوان التبويب', choices: 'الخيار', rows: 'الصف', columns: 'العمود',
  rateValues: 'قيمة التقييم', items: 'البند', validator: 'رسالة التحقق', completedHtml: 'رسالة الختام', completedBeforeHtml: 'رسالة الإكمال السابق',
  loadingHtml: 'رسالة التحميل', startSurveyText: 'نص زر البدء', pagePrevText: 'نص زر السابق', pageNextText: 'نص زر التالي',
  completeText: 'نص زر الإرسال', navigationTitle: 'عنوان التنقل', navigationDescription: 'وصف التنقل',
};
const PROP_EN: Record<string, string> = { choices: 'choice', rows: 'row', columns: 'column', rateValues: 'rating value', items: 'item' };

/** 1-based position of the list item a text path ends in (`…rows[1].text` → 2). */
const itemNo = (path: string) => { const m = /\[(\d+)\]\.\w+$/.exec(path); return m ? Number(m[1]) + 1 : undefined; };

export function whereEn(t: TextEntry): string {
  const n = PROP_EN[t.prop] ? itemNo(t.path) : undefined;
  if (t.question) return `"${t.question}" ${PROP_EN[t.prop] ?? t.prop}${n ? ` ${n}` : ''}`;
  return t.path;
}

export function whereAr(t: TextEntry): string {
  const prop = PROP_AR[t.prop] ?? 'نص';
  const n = PROP_EN[t.prop] ? itemNo(t.path) : undefined;
  const item = `${prop}${n ? ` ${n}` : ''}`;
  if (t.question) return `${item} في السؤال "${t.question}"`;
  const page = /^pages\[(\d+)\]/.exec(t.path);
  if (!page) return /\./.test(t.path) ? `${item} في عنصر من الاستبيان` : `${item} الاستبيان`;
  const pageNo = Number(page[1]) + 1;
  return t.path.split('.').length === 2 ? `${item} الصفحة ${pageNo}` : `${item} في مجموعة من الصفحة ${pageNo}`;
}

export const CONDITION_AR: Record<string, string> = { visibleIf: 'شرط الظهور', enableIf: 'شرط التفعيل', requiredIf: 'شرط الإلزام' };
