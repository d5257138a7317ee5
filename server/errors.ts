// The one error catalogue: stable codes, HTTP statuses and bilingual messages; domain code throws AppError.
export const ERRORS = {
  // 400 family
  'request.invalid': { status: 400, en: 'The request is not valid.', ar: 'الطلب غير صالح.' },
  'request.malformed_json': { status: 400, en: 'The request body is not valid JSON.', ar: 'نص الطلب ليس JSON صالحًا.' },
  'request.too_deep': { status: 400, en: 'The request body is nested too deeply.', ar: 'نص الطلب متداخل بعمق زائد.' },
  'request.too_large': { status: 413, en: 'The request body is too large.', ar: 'نص الطلب كبير جدًا.' },
  'request.unsupported_media_type': { status: 415, en: 'Send JSON with Content-Type: application/json.', ar: 'أرسل JSON مع Content-Type: application/json.' },
  'questionnaire.invalid_definition': { status: 400, en: 'The questionnaire definition is not a valid SurveyJS survey.', ar: 'تعريف الاستبيان ليس استبيان SurveyJS صالحًا.' },
  'questionnaire.lint_errors': { status: 409, en: 'The questionnaire has errors that block publishing.', ar: 'في الاستبيان أخطاء تمنع نشره.' },
  'questionnaire.type_changed': { status: 409, en: 'A new version may not change the type of an existing question.', ar: 'لا يجوز لإصدار جديد أن يغيّر نوع سؤال موجود.' },
  'questionnaire.no_draft': { status: 409, en: 'There is no draft to publish.', ar: 'لا توجد مسودة للنشر.' },
  'questionnaire.version_immutable': { status: 409, en: 'A published questionnaire version cannot be changed.', ar: 'لا يمكن تغيير إصدار منشور من الاستبيان.' },
  'answers.invalid': { status: 400, en: 'Some answers are not valid.', ar: 'بعض الإجابات غير صالحة.' },
  'indicator.invalid_formula': { status: 400, en: 'The indicator formula is not valid for this questionnaire.', ar: 'صيغة المؤشر غير صالحة لهذا الاستبيان.' },
  // indicator values (#15): a disaggregation key outside the vocabulary; details.allowed lists the valid keys
  'indicator.unknown_dimension': { status: 400, en: 'Unknown disaggregation: use one of the allowed keys (attribute:… or question:…).', ar: 'تصنيف غير معروف: استخدم أحد المفاتيح المسموح بها (attribute:… أو question:…).' },
  'indicator.too_many_disaggregations': { status: 400, en: 'Too many disaggregations: at most 3 per indicator and 8 different ones in a programme.', ar: 'تصنيفات كثيرة جدًا: 3 على الأكثر لكل مؤشر و8 مختلفة على الأكثر في البرنامج.' },
  'indicator.in_use': { status: 409, en: 'The record is in use and cannot be deleted.', ar: 'السجل مستخدم ولا يمكن حذفه.' },
  'import.invalid_rows': { status: 400, en: 'The file has rows that cannot be imported.', ar: 'في الملف صفوف لا يمكن استيرادها.' },
  // report exports (issue 17): the scope of a report
  'report.unknown_period': { status: 400, en: 'The reporting period does not exist in this programme.', ar: 'فترة التقرير غير موجودة في هذا البرنامج.' },
  'report.no_waves': { status: 400, en: 'No wave falls in the chosen period or dates.', ar: 'لا توجد جولة ضمن الفترة أو التواريخ المختارة.' },
  'report.unknown_wave': { status: 400, en: 'A chosen wave does not exist in this programme.', ar: 'إحدى الجولات المختارة غير موجودة في هذا البرنامج.' },
  'report.wave_outside_period': { status: 400, en: 'A chosen wave is outside the chosen period or dates.', ar: 'إحدى الجولات المختارة خارج الفترة أو التواريخ المختارة.' },
  'report.unknown_indicator': { status: 400, en: 'A chosen indicator does not exist in this programme.', ar: 'أحد المؤشرات المختارة غير موجود في هذا البرنامج.' },
  // activities log (#18)
  'activity.dates_order': { status: 400, en: 'The end date is before the start date.', ar: 'تاريخ الانتهاء قبل تاريخ البدء.' },
  'activity.unknown_institution': { status: 400, en: 'An institution is not in the programme\'s registry.', ar: 'إحدى المؤسسات غير مسجلة في سجل مؤسسات البرنامج.' },
  'activity.unknown_result': { status: 400, en: 'The linked result is not in this programme\'s logframe.', ar: 'النتيجة المرتبطة ليست في الإطار المنطقي لهذا البرنامج.' },
  'activity.unknown_period': { status: 400, en: 'The reporting period is not one of this programme\'s periods.', ar: 'فترة التقرير ليست من فترات هذا البرنامج.' },
  'activity.counts_disagree': { status: 400, en: 'The participant numbers disagree with the attached list of participants.', ar: 'أعداد المشاركين لا تتطابق مع قائمة المشاركين المرفقة.' },
  'attachment.too_large': { status: 413, en: 'The file is larger than allowed.', ar: 'الملف أكبر من الحد المسموح.' },
  'attachment.type_not_allowed': { status: 415, en: 'This type of file is not allowed (PDF, DOCX, XLSX, PNG or JPEG only).', ar: 'هذا النوع من الملفات غير مسموح (PDF أو DOCX أو XLSX أو PNG أو JPEG فقط).' },
  // XLSForm import (issue 19)
  'xlsform.unreadable': { status: 400, en: 'The file is not a readable .xlsx workbook.', ar: 'الملف ليس مصنف .xlsx قابلًا للقراءة.' },
  'xlsform.invalid': { status: 400, en: 'The XLSForm has errors; nothing was imported.', ar: 'في نموذج XLSForm أخطاء؛ لم يُستورد شيء.' },
  // auth
  'auth.required': { status: 401, en: 'Please log in.', ar: 'يرجى تسجيل الدخول.' },
  'auth.invalid_credentials': { status: 401, en: 'Wrong email or password.', ar: 'البريد الإلكتروني أو كلمة المرور غير صحيحة.' },
  'auth.forbidden': { status: 403, en: 'You are not allowed to do this.', ar: 'غير مسموح لك بهذا الإجراء.' },
  'auth.csrf': { status: 403, en: 'Missing or wrong CSRF token.', ar: 'رمز CSRF مفقود أو غير صحيح.' },
  'auth.token_invalid': { status: 400, en: 'This link is not valid or has expired.', ar: 'هذا الرابط غير صالح أو منتهي الصلاحية.' },
  'rate.limited': { status: 429, en: 'Too many requests. Please wait and try again.', ar: 'طلبات كثيرة جدًا. يرجى الانتظار ثم المحاولة مرة أخرى.' },
  // 404 / 409
  'resource.not_found': { status: 404, en: 'Not found.', ar: 'غير موجود.' },
  'invitation.not_found': { status: 404, en: 'This link is not valid, has expired or was already used.', ar: 'هذا الرابط غير صالح أو منتهي الصلاحية أو سبق استخدامه.' },
  'resource.conflict': { status: 409, en: 'This conflicts with an existing record.', ar: 'يتعارض هذا مع سجل موجود.' },
  'resource.referenced': { status: 409, en: 'The record is referenced by others.', ar: 'السجل مرتبط بسجلات أخرى.' },
  'resource.stale': { status: 409, en: 'Someone else changed this first. Reload and try again.', ar: 'قام شخص آخر بتغيير هذا أولًا. أعد التحميل وحاول مجددًا.' },
  'response.already_complete': { status: 409, en: 'This questionnaire was already submitted.', ar: 'تم إرسال هذا الاستبيان من قبل.' },
  'response.submission_conflict': { status: 409, en: 'This submission id was already used with different answers.', ar: 'استُخدم معرّف الإرسال هذا من قبل بإجابات مختلفة.' },
  'response.not_complete': { status: 409, en: 'Only a completed response can be corrected.', ar: 'لا يمكن تصحيح إلا استجابة مكتملة.' },
  'response.stale_autosave': { status: 409, en: 'A newer save already arrived.', ar: 'وصل حفظ أحدث من قبل.' },
  'wave.not_open': { status: 403, en: 'This survey is not open for answers at this time.', ar: 'هذا الاستبيان غير مفتوح للإجابة في هذا الوقت.' },
  'wave.closed': { status: 409, en: 'The wave is closed.', ar: 'الجولة مغلقة.' },
  // programmes, institutions, periods, logframe (issue 13: own programme)
  'programme.archived': { status: 409, en: 'This programme is archived and read-only. Restore it to change it.', ar: 'هذا البرنامج مؤرشف وللقراءة فقط. استعده لتغييره.' },
  'programme.dates_order': { status: 400, en: 'The end date must be after the start date.', ar: 'يجب أن يكون تاريخ الانتهاء بعد تاريخ البدء.' },
  'code.taken': { status: 409, en: 'This code is already used. Choose another one.', ar: 'هذا الرمز مستخدم من قبل. اختر رمزًا آخر.' },
  'target.period_unknown': { status: 400, en: 'A target names a reporting period that the programme does not have, or a date outside the programme.', ar: 'يشير هدف إلى فترة تقرير ليست في البرنامج أو إلى تاريخ خارج مدته.' },
  'logframe.cycle': { status: 400, en: 'A result cannot be moved under itself or one of its descendants.', ar: 'لا يمكن نقل نتيجة تحت نفسها أو تحت إحدى النتائج المتفرعة منها.' },
  'logframe.not_empty': { status: 409, en: 'This result still has results or indicators below it. Move or delete them first.', ar: 'ما زالت تحت هذه النتيجة نتائج أو مؤشرات. انقلها أو احذفها أولًا.' },
  // h14: invitations, mail, responses admin
  'stakeholder.archived': { status: 409, en: 'Archived stakeholders cannot be invited.', ar: 'لا يمكن دعوة أصحاب المصلحة المؤرشفين.' },
  'invitation.not_remindable': { status: 409, en: 'This person answered, declined or cannot be reached: no reminder is sent.', ar: 'أجاب هذا الشخص أو اعتذر أو لا يمكن الوصول إليه: لن يُرسل تذكير.' },
  'invitation.no_email': { status: 409, en: 'This stakeholder has no email address.', ar: 'ليس لصاحب المصلحة هذا عنوان بريد إلكتروني.' },
  'mail.not_resendable': { status: 409, en: 'Only a failed, bounced or unsent message can be sent again.', ar: 'لا يمكن إعادة إرسال إلا رسالة فشلت أو ارتدت أو لم تُرسل.' },
  'mail.link_replaced': { status: 409, en: 'The link in this message was replaced; send a new invitation instead.', ar: 'تم استبدال الرابط في هذه الرسالة؛ أرسل دعوة جديدة بدلًا منها.' },
  'respondent.link_replaced': { status: 410, en: 'This link was replaced by a new one. Your answers are kept on this device: open the new link from your latest email to continue.', ar: 'تم استبدال هذا الرابط برابط جديد. إجاباتك محفوظة على هذا الجهاز: افتح الرابط الجديد من أحدث رسالة لمتابعة الإجابة.' },
  'response.excluded': { status: 409, en: 'This response is excluded from the results; restore it first.', ar: 'هذه الاستجابة مستبعدة من النتائج؛ أعدها أولًا.' },
  // 5xx
  'database.unavailable': { status: 503, en: 'The database is unavailable. Please retry shortly.', ar: 'قاعدة البيانات غير متاحة. يرجى إعادة المحاولة بعد قليل.' },
  'database.retry': { status: 503, en: 'A temporary database conflict occurred. Please retry.', ar: 'حدث تعارض مؤقت في قاعدة البيانات. يرجى إعادة المحاولة.' },
  'server.internal': { status: 500, en: 'Something went wrong on our side.', ar: 'حدث خطأ من جهتنا.' },
  'invitation.key_missing': { status: 500, en: 'This server cannot open the invitation link: it was sealed with another key. Every instance needs the same MARSAD_SECRET; the link was not replaced.', ar: 'لا يستطيع هذا الخادم فتح رابط الدعوة لأنه مختوم بمفتاح آخر. تحتاج كل نسخة من الخادم إلى قيمة MARSAD_SECRET نفسها؛ لم يُستبدل الرابط.' },
} as const satisfies Record<string, { status: number; en: string; ar: string }>;

export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  status: number;
  constructor(code: ErrorCode, details?: unknown, message?: string) {
    super(message ?? ERRORS[code].en);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.status = ERRORS[code].status;
  }
}

export function errorBody(code: ErrorCode, details?: unknown, lang: 'en' | 'ar' = 'en', message?: string) {
  const e = ERRORS[code];
  return { code, message: message ?? (lang === 'ar' ? e.ar : e.en), ...(details === undefined ? {} : { details }) };
}

export const notFound = (what?: string) => new AppError('resource.not_found', what ? { resource: what } : undefined);
