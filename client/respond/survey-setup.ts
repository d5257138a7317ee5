// SurveyJS set-up shared by the respondent page and the officer preview: own Arabic messages where survey-core's are
// wrong, questionnaire HTML rendered through the shared sanitiser, and number questions that accept Arabic digits.
import { surveyLocalization, type Question, type SurveyModel } from 'survey-core';
import 'survey-core/i18n/arabic';
import { rangeError } from '../../surveys/messages';
import { textToHtml } from './html';

/** survey-core's shipped Arabic strings that are machine-made, reversed or start with a stray full stop. */
export const ARABIC_SURVEY_STRINGS: Record<string, string> = {
  progressText: 'الصفحة {0} من {1}',
  completeText: 'إرسال',
  requiredError: 'يرجى الإجابة عن هذا السؤال.',
  requiredErrorInPanel: 'يرجى الإجابة عن سؤال واحد على الأقل.',
  requiredInAllRowsError: 'يرجى الإجابة عن كل الصفوف.',
  numericError: 'يجب أن تكون القيمة رقمًا.',
  minError: 'يجب ألا تقل القيمة عن {0}.',
  maxError: 'يجب ألا تزيد القيمة عن {0}.',
  numericMinMax: 'يجب أن تكون قيمة «{0}» بين {1} و{2}.',
  numericMin: 'يجب ألا تقل قيمة «{0}» عن {1}.',
  numericMax: 'يجب ألا تزيد قيمة «{0}» عن {1}.',
  textMinLength: 'يرجى إدخال {0} حرفًا على الأقل.',
  textMaxLength: 'يرجى إدخال {0} حرفًا على الأكثر.',
  textMinMaxLength: 'يرجى إدخال ما بين {0} و{1} حرفًا.',
  minRowCountError: 'يرجى ملء {0} صفوف على الأقل.',
  minSelectError: 'يرجى اختيار {0} خيارات على الأقل.',
  maxSelectError: 'يرجى اختيار {0} خيارات على الأكثر.',
  invalidEmail: 'يرجى إدخال عنوان بريد إلكتروني صحيح.',
  otherRequiredError: 'يرجى وصف إجابتك الأخرى.',
  otherItemText: 'أخرى (يرجى التحديد)',
  placeholder: 'اختر…',
  ratingOptionsCaption: 'اختر…',
  buttongroupOptionsCaption: 'اختر…',
  loadingSurvey: 'جارٍ تحميل الاستبيان…',
  completingSurvey: 'شكرًا لإكمالك الاستبيان.',
  panelDynamicTabTextFormat: 'اللوحة {panelIndex}',
  questionsProgressText: 'تمت الإجابة عن {0} من {1} أسئلة',
  emptySurvey: 'لا يحتوي الاستبيان على أسئلة معروضة.',
  invalidExpression: 'يجب أن يتحقق الشرط: {0}.',
};
Object.assign(surveyLocalization.locales.ar, ARABIC_SURVEY_STRINGS);

/** Arabic-Indic (٠–٩) and Extended Arabic-Indic (۰–۹) digits to ASCII; the Arabic decimal separator ٫ and a comma to "."; the thousands separator ٬ dropped. */
export function normaliseNumber(typed: string): number | undefined {
  const s = typed.trim().replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x660)).replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x6F0))
    .replace(/[\u066B,]/g, '.').replace(/[\u066C\s]/g, '').replace(/^[\u2212\u2013]/, '-').replace(/\u200F|\u200E|\u061C/g, '');
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : undefined;
}

/** What was typed in each number question, to keep showing it as typed (e.g. ١٢) while 12 is stored. */
const TYPED = new WeakMap<Question, string>();

/** Renders texts as sanitised HTML and makes number questions accept Arabic digits; `lang` picks the wording of range errors. */
export function setUpModel(model: SurveyModel, lang: () => 'en' | 'ar'): void {
  model.onTextMarkdown.add((_sender, options) => {
    const html = textToHtml(options.text);
    if (html !== undefined) options.html = html;
  });
  const numeric = new Set<Question>();
  for (const q of model.getAllQuestions(false, false, true) as Question[]) {
    if (q.getType() === 'text' && q.getPropertyValue('inputType') === 'number') {
      numeric.add(q);
      // a text box: the browser's number box silently drops ١٢ and survey-core blocks non-ASCII keys
      q.setPropertyValue('inputType', 'text');
    }
  }
  if (!numeric.size) return;
  model.onAfterRenderQuestion.add((_s, o) => {
    if (!numeric.has(o.question)) return;
    const input = o.htmlElement.querySelector('input');
    input?.setAttribute('inputmode', 'decimal');
    input?.setAttribute('dir', 'auto');
  });
  model.onValueChanging.add((_s, o) => {
    if (!o.question || !numeric.has(o.question as Question) || typeof o.value !== 'string') return;
    if (!o.value.trim()) { o.value = undefined; return; }
    const n = normaliseNumber(o.value);
    if (n === undefined) return; // kept as text: refused below with a clear message
    TYPED.set(o.question as Question, o.value);
    o.value = n;
  });
  model.onValueChanged.add((_s, o) => {
    const q = o.question as Question | undefined;
    const typed = q && TYPED.get(q);
    // show what the respondent typed (١٢), not its ASCII form, while the stored value is the number
    if (q && typed !== undefined && normaliseNumber(typed) === o.value) (q as unknown as { _inputValue: string })._inputValue = typed;
  });
  model.onValidateQuestion.add((_s, o) => {
    if (!numeric.has(o.question as Question) || o.value === undefined || o.value === null || o.value === '') return;
    const q = o.question;
    if (typeof o.value !== 'number') { o.error = lang() === 'ar' ? 'أدخل رقمًا.' : 'Enter a number.'; return; }
    const min = toNum(q.getPropertyValue('min')), max = toNum(q.getPropertyValue('max'));
    if ((min !== undefined && o.value < min) || (max !== undefined && o.value > max)) o.error = rangeError(min, max)[lang()];
  });
}
const toNum = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);
