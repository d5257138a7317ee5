// Bilingual (en/ar) answer-validation messages with {placeholder} interpolation, keyed by stable error codes.

export interface TAnswerError { code: string; en: string; ar: string }

export const ANSWER_MESSAGES = {
  required: { en: 'Please answer this question.', ar: 'يرجى الإجابة عن هذا السؤال.' },
  not_a_choice: { en: 'Choose one of the offered answers.', ar: 'اختر إحدى الإجابات المعروضة.' },
  wrong_type: { en: 'This answer has the wrong format ({expected} expected).', ar: 'صيغة هذه الإجابة غير صحيحة (المتوقع: {expected}).' },
  out_of_range: { en: 'Enter a number between {min} and {max}.', ar: 'أدخل رقمًا بين {min} و{max}.' },
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
} as const;

export type TAnswerErrorCode = keyof typeof ANSWER_MESSAGES;

/** Params may be localised `{en, ar}` (e.g. a choice label). */
const fill = (t: string, params: Record<string, unknown>, lang: 'en' | 'ar') => t.replace(/\{(\w+)\}/g, (m, k: string) => {
  if (!(k in params)) return m;
  const p = params[k];
  return p && typeof p === 'object' && 'en' in p ? String((p as Record<string, unknown>)[lang] ?? (p as Record<string, unknown>).en) : String(p);
});

export function answerError(code: TAnswerErrorCode, params: Record<string, unknown> = {}): TAnswerError {
  const m = ANSWER_MESSAGES[code];
  return { code, en: fill(m.en, params, 'en'), ar: fill(m.ar, params, 'ar') };
}

/** A validator-supplied text (SurveyJS `text`, maybe localised) overrides the default message. */
export function customError(code: TAnswerErrorCode, text: { en: string; ar: string } | null, params: Record<string, unknown> = {}): TAnswerError {
  if (!text || !text.en) return answerError(code, params);
  return { code, en: text.en, ar: text.ar || text.en };
}
