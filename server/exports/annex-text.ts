// The words of the Word annex in English and Arabic: labels, the generated sentence per indicator (from the data
// only), the notes on suppression and missing codes, and dates; numbers and ranges kept in reading order in Arabic.
import type { Lang } from '../../contracts/common';
import type { IndicatorReport, ValueCell, WaveSummary } from './report-data';
import { displayRange, displayValue } from './precision';

export const tr = (lang: Lang) => (en: string, ar: string) => (lang === 'ar' ? ar : en);

export function formatDate(d: Date | string, lang: Lang): string {
  const date = typeof d === 'string' ? new Date(`${d.slice(0, 10)}T00:00:00Z`) : d;
  return new Intl.DateTimeFormat(lang === 'ar' ? 'ar-LY-u-nu-latn' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** "1 October 2021 – 31 December 2021", kept as one left-to-right-ordered range in Arabic. */
export function dateRange(from: string, to: string, lang: Lang): string {
  return lang === 'ar' ? `${formatDate(from, lang)} \u200F–\u200F ${formatDate(to, lang)}` : `${formatDate(from, lang)} – ${formatDate(to, lang)}`;
}

const nOf = (c: ValueCell, lang: Lang) => (lang === 'ar' ? `ن = ${c.n}` : `n = ${c.n}`);

/** Why a cell has no value, in words. */
export function noValueReason(c: ValueCell | undefined, threshold: number, lang: Lang): string {
  const t = tr(lang);
  if (c?.suppressed) return t(`fewer than ${threshold} respondents (suppressed)`, `أقل من ${threshold} مجيبين (محجوبة)`);
  return t('no respondent answered the questions it uses (n = 0)', 'لم يُجب أي مجيب عن الأسئلة التي يستخدمها (ن = 0)');
}

/**
 * One sentence per indicator, from the numbers only: "SO1.1 rose from 23.1% (n = 13) in Baseline 2021 to 41.0% (n = 17)
 * in Endline 2024; the target is 70.0%." With one wave: its value, interval and the target; with none: why.
 */
export function indicatorSentence(ind: IndicatorReport, waves: WaveSummary[], threshold: number, lang: Lang): string {
  const t = tr(lang);
  const u = ind.valueUnit;
  const v = (c: ValueCell) => displayValue(c.value, u, lang);
  const target = ind.target === null ? '' : t(`; the target is ${displayValue(ind.target, u, lang)}`, `؛ والهدف ${displayValue(ind.target, u, lang)}`);
  const named = waves.map((w) => ({ w, c: ind.waves.find((x) => x.waveId === w.id)?.cell })).filter((x) => x.c && !x.c.suppressed && x.c.value !== null) as Array<{ w: WaveSummary; c: ValueCell }>;
  const wn = (w: WaveSummary) => t(w.nameEn, w.nameAr);
  if (named.length >= 2) {
    const a = named[0], b = named[named.length - 1];
    const da = Number(displayValue(a.c.value, u).replace('%', '')), db = Number(displayValue(b.c.value, u).replace('%', ''));
    const verb = db > da ? t('rose', 'ارتفع') : db < da ? t('fell', 'انخفض') : t('stayed the same', 'بقي كما هو');
    return t(`${ind.code} ${verb} from ${v(a.c)} (${nOf(a.c, lang)}) in ${wn(a.w)} to ${v(b.c)} (${nOf(b.c, lang)}) in ${wn(b.w)}${target}.`,
      `${verb} المؤشر ${ind.code} من ${v(a.c)} (${nOf(a.c, lang)}) في ${wn(a.w)} إلى ${v(b.c)} (${nOf(b.c, lang)}) في ${wn(b.w)}${target}.`);
  }
  if (named.length === 1) {
    const { w, c } = named[0];
    const ci = c.ci ? t(`; 95% confidence interval ${displayRange(c.ci.low, c.ci.high, u, lang)}`, `؛ فاصل الثقة 95%: ${displayRange(c.ci.low, c.ci.high, u, lang)}`) : '';
    const fromBaseline = ind.baseline !== null && w.kind !== 'baseline'
      ? t(` (baseline ${displayValue(ind.baseline, u, lang)})`, ` (خط الأساس ${displayValue(ind.baseline, u, lang)})`) : '';
    return t(`In ${wn(w)}, ${ind.code} stood at ${v(c)}${fromBaseline} (${nOf(c, lang)}${ci})${target}.`,
      `في ${wn(w)}، بلغ المؤشر ${ind.code} ‏${v(c)}${fromBaseline} (${nOf(c, lang)}${ci})${target}.`);
  }
  const first = waves.length ? ind.waves.find((x) => x.waveId === waves[0].id)?.cell : undefined;
  return t(`${ind.code} has no value in this report: ${noValueReason(first, threshold, lang)}.`,
    `لا توجد قيمة للمؤشر ${ind.code} في هذا التقرير: ${noValueReason(first, threshold, lang)}.`);
}

/** "Answers coded dk, 99 are left out of the denominator." or nothing. */
export function missingCodesNote(ind: IndicatorReport, lang: Lang): string | null {
  if (!ind.missingCodes.length) return null;
  const codes = ind.missingCodes.join(lang === 'ar' ? '، ' : ', ');
  return tr(lang)(`Answers coded ${codes} (don't know, not applicable, refused) are left out of the denominator.`,
    `تُستبعد الإجابات ذات الرموز ${codes} (لا أعرف، لا ينطبق، رفض الإجابة) من المقام.`);
}

export function suppressionNote(threshold: number, lang: Lang): string {
  return tr(lang)(
    `Cells based on fewer than ${threshold} respondents are suppressed and marked “suppressed”; where a single suppressed cell could be worked out from the total and the other cells, a second cell is suppressed as well. A cell with no respondent (n = 0) has no value and is marked “no value”, never 0.`,
    `تُحجب الخلايا المبنية على أقل من ${threshold} مجيبين ويُكتب فيها «محجوب»؛ وإذا أمكن استنتاج خلية محجوبة واحدة من المجموع والخلايا الأخرى تُحجب خلية ثانية أيضًا. والخلية التي لا مجيب فيها (ن = 0) لا قيمة لها ويُكتب فيها «لا قيمة»، ولا تُعرض صفرًا أبدًا.`);
}

export function rateDefinitionsNote(lang: Lang): string {
  return tr(lang)(
    'Invited: live invitations of the wave. Opened: opened the link at least once. Started: has a response, draft or complete. Completed: has a complete response. Response rate = completed / invited.',
    'المدعوون: الدعوات السارية للجولة. فتحوا الرابط: فتحوا الرابط مرة واحدة على الأقل. بدأوا: لديهم إجابة، مسودة أو مكتملة. أكملوا: لديهم إجابة مكتملة. معدل الاستجابة = المكتملة ÷ المدعوون.');
}
