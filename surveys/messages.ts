// Bilingual (en/ar) answer-validation messages with {placeholder} interpolation, keyed by stable error codes.

export interface TAnswerError { code: string; en: string; ar: string }

export const ANSWER_MESSAGES = {
  required: { en: 'Please answer this question.', ar: 'يرجى الإجابة عن هذا السؤال.' },
  not_a_choice: { en: 'Choose one of the offered answers.', ar: 'اختر إحدى الإجابات المعروضة.' },
  wrong_type: { en: 'This answer has the wrong format ({expected} expected).', ar: 'صيغة هذه الإجابة غير صحيحة (المتوقع: {expected}).' },
  out_of_range: { en: 'Enter a number between {min} and {max}.', ar: 'أدخل رقمًا بين {min} و{max}.' },
  /** open ranges: one side only (never "between 0 and ∞") */
  out_of_range_min: { en: 'Enter a number of at least {min}.', ar: 'أدخل رقمًا لا يقل عن {min}.' },
  out_of_range_max: { en: 'Enter a number of at most {max}.', ar: 'أدخل رقمًا لا يزيد عن {max}.' },
  date_out_of_range_min: { en: 'Enter a date on or after {min}.', ar: 'أدخل تاريخًا في {min} أو بعده.' },
  date_out_of_range_max: { en: 'Enter a date on or before {max}.', ar: 'أدخل تاريخًا في {max} أو قبله.' },
  date_out_of_range: { en: 'Enter a date between {min} and {max}.', ar: 'أدخل تاريخًا بين {min} و{max}.' },
  invalid_date: { en: 'Enter a valid date (YYYY-MM-DD).', ar: 'أدخل تاريخًا صحيحًا (YYYY-MM-DD).' },
  invalid_email: { en: 'Enter a valid email address.', ar: 'أدخل عنوان بريد إلكتروني صحيحًا.' },
  too_long: { en: 'The answer is too long (at most {max} characters).', ar: 'الإجابة طويلة جدًا (بحد أقصى {max} حرفًا).' },
  too_short: { en: 'The answer is too short (at least {min} characters).', ar: 'الإجابة قصيرة جدًا (بحد أدنى {min} حرفًا).' },
  pattern: { en: 'The answer does not have the expected format.', ar: 'الإجابة ليست بالصيغة المطلوبة.' },
  expression: { en: 'The answer is not valid.', ar: 'الإجابة غير صالحة.' },
  duplicate: { en: 'Each answer may be chosen only once.', ar: 'لا يجوز اختيار الإجابة نفسها أكثر من مرة.' },
  exclusive: { en: '"{choice}" cannot be combined with other answers.', ar: 'لا يمكن الجمع بين "{choice}" وإجابات أخرى.' },
  too_many: { en: 'Choose at most {max}.', ar: 'اختر {max} على الأكثر.' },
  too_few: { en: 'Choose at least {min}.', ar: 'اختر {min} على الأقل.' },
  too_many_rows: { en: 'At most {max} entries are allowed.', ar: 'يُسمح بـ{max} إدخالات على الأكثر.' },
  too_few_rows: { en: 'Add at least {min} entries.', ar: 'أضف {min} إدخالات على الأقل.' },
  other_required: { en: 'Please describe your other answer.', ar: 'يرجى وصف إجابتك الأخرى.' },
  all_rows_required: { en: 'Please answer every row.', ar: 'يرجى الإجابة عن كل صف.' },
  unknown_row: { en: 'The answer refers to a row or item that does not exist.', ar: 'تشير الإجابة إلى صف أو بند غير موجود.' },
  hidden: { en: 'This question is not shown, so it cannot be answered.', ar: 'هذا السؤال غير معروض، لذا لا يمكن الإجابة عنه.' },
  no_value: { en: 'This element does not take an answer.', ar: 'هذا العنصر لا يقبل إجابة.' },
  not_an_object: { en: 'The answers must be a JSON object.', ar: 'يجب أن تكون الإجابات كائن JSON.' },
  unknown_key: { en: 'Unknown answer keys: {keys}.', ar: 'مفاتيح إجابات غير معروفة: {keys}.' },
  comment_not_allowed: { en: 'A comment is only accepted with the "other" answer.', ar: 'لا يُقبل التعليق إلا مع الإجابة "أخرى".' },
} as const;

export type TAnswerErrorCode = keyof typeof ANSWER_MESSAGES;

/** The `{expected}` of wrong_type in both languages (never an English word inside an Arabic message). */
const EXPECTED: Record<string, { en: string; ar: string }> = {
  number: { en: 'a number', ar: 'رقم' }, text: { en: 'text', ar: 'نص' }, list: { en: 'a list of answers', ar: 'قائمة إجابات' },
  object: { en: 'one answer per row or item', ar: 'إجابة لكل صف أو بند' }, 'yes or no': { en: 'yes or no', ar: 'نعم أو لا' },
  date: { en: 'a date (YYYY-MM-DD)', ar: 'تاريخ (YYYY-MM-DD)' }, 'datetime-local': { en: 'a date and time', ar: 'تاريخ ووقت' },
  month: { en: 'a month (YYYY-MM)', ar: 'شهر (YYYY-MM)' }, week: { en: 'a week (YYYY-Www)', ar: 'أسبوع (YYYY-Www)' },
  time: { en: 'a time (HH:MM)', ar: 'وقت (HH:MM)' }, color: { en: 'a colour (#RRGGBB)', ar: 'لون (#RRGGBB)' },
};

/** Params may be localised `{en, ar}` (e.g. a choice label). */
const fill = (t: string, params: Record<string, unknown>, lang: 'en' | 'ar') => t.replace(/\{(\w+)\}/g, (m, k: string) => {
  if (!(k in params)) return m;
  const p = params[k];
  return p && typeof p === 'object' && 'en' in p ? String((p as Record<string, unknown>)[lang] ?? (p as Record<string, unknown>).en) : String(p);
});

export function answerError(code: TAnswerErrorCode, params: Record<string, unknown> = {}): TAnswerError {
  const m = ANSWER_MESSAGES[code];
  if (typeof params.expected === 'string' && Object.hasOwn(EXPECTED, params.expected)) params = { ...params, expected: EXPECTED[params.expected] };
  return { code, en: fill(m.en, params, 'en'), ar: fill(m.ar, params, 'ar') };
}

/** A validator-supplied text (SurveyJS `text`, maybe localised) overrides the default message. */
export function customError(code: TAnswerErrorCode, text: { en: string; ar: string } | null, params: Record<string, unknown> = {}): TAnswerError {
  if (!text || !text.en) return answerError(code, params);
  return { code, en: text.en, ar: text.ar || text.en };
}

/** A number (or date) outside its range; an open side is left out of the message ("at least 0", not "between 0 and ∞"). */
export function rangeError(min: unknown, max: unknown, date = false): TAnswerError {
  if (min !== undefined && max !== undefined) return answerError(date ? 'date_out_of_range' : 'out_of_range', { min, max });
  const code = min !== undefined ? (date ? 'date_out_of_range_min' : 'out_of_range_min') : (date ? 'date_out_of_range_max' : 'out_of_range_max');
  return { ...answerError(code, { min, max }), code: date ? 'date_out_of_range' : 'out_of_range' };
}

/** Same as rangeError for a SurveyJS validator that may carry its own text. */
export function customRangeError(text: { en: string; ar: string } | null, min: unknown, max: unknown): TAnswerError {
  if (text && text.en) return customError('out_of_range', text);
  return rangeError(min, max);
}
