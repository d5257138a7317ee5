// A formula in words (English and Arabic), including what a ratio sums over, for the API, the indicator page and exports.
import type { TCondition, TFormula, TItemRef } from './formula';
import type { Lang } from './precision';

const itemName = (i: TItemRef) => (i.kind === 'attribute' ? i.attribute : i.kind === 'question' ? i.name : [i.name, i.row, i.column].filter(Boolean).join('.'));
const cond = (c: TCondition, lang: Lang) => {
  const v = 'value' in c ? String(c.value) : c.values.join(lang === 'ar' ? '، ' : ', ');
  if (c.op === 'in') return lang === 'ar' ? `ضمن [${v}]` : `in [${v}]`;
  if (c.op === 'anyOf') return lang === 'ar' ? `يشمل أيًا من [${v}]` : `includes any of [${v}]`;
  if (c.op === 'allOf') return lang === 'ar' ? `يشمل كل [${v}]` : `includes all of [${v}]`;
  return `${c.op} ${v}`;
};

/** e.g. "share of trust >= 4 among respondents who answered it", "sum of women ÷ sum of men over respondents who answered either". */
export function formulaText(f: TFormula, lang: Lang): string {
  const ar = lang === 'ar';
  switch (f.kind) {
    case 'share': return ar ? `نسبة من أجابوا ${itemName(f.item)} ${cond(f.condition, lang)} بين من أجابوا عنه` : `share of ${itemName(f.item)} ${cond(f.condition, lang)} among respondents who answered it`;
    case 'count': return ar ? `عدد من أجابوا ${itemName(f.item)} ${cond(f.condition, lang)}` : `number of respondents with ${itemName(f.item)} ${cond(f.condition, lang)}`;
    case 'mean': return ar ? `متوسط ${itemName(f.item)} بين من أجابوا عنه` : `mean of ${itemName(f.item)} among respondents who answered it`;
    case 'median': return ar ? `وسيط ${itemName(f.item)} بين من أجابوا عنه` : `median of ${itemName(f.item)} among respondents who answered it`;
    case 'sum': return ar ? `مجموع ${itemName(f.item)} على من أجابوا عنه` : `sum of ${itemName(f.item)} over respondents who answered it`;
    case 'index': {
      const items = f.items.map((i) => `${itemName(i.item)}${i.reverse ? (ar ? ' (معكوس)' : ' (reversed)') : ''}`).join(ar ? '، ' : ', ');
      const agg = f.aggregate === 'mean' ? (ar ? 'المتوسط' : 'mean') : (ar ? `نسبة من بلغ مؤشرهم ${f.aggregate.shareAtLeast} فأكثر` : `share with a score >= ${f.aggregate.shareAtLeast}`);
      return ar ? `مؤشر مركب (متوسط البنود لكل مستجيب أجاب عن ${f.minAnswered} بندًا على الأقل: ${items}؛ سلم ${f.scale.min}–${f.scale.max})، ثم ${agg}`
        : `composite index (each respondent's mean of ${items} when at least ${f.minAnswered} answered; scale ${f.scale.min}–${f.scale.max}), then ${agg}`;
    }
    case 'ratio': {
      const part = (p: typeof f.numerator) => (p.kind === 'sum' ? (ar ? `مجموع ${itemName(p.item)}` : `sum of ${itemName(p.item)}`)
        : (ar ? `عدد ${itemName(p.item)} ${cond(p.condition, lang)}` : `count of ${itemName(p.item)} ${cond(p.condition, lang)}`));
      return ar ? `${part(f.numerator)} ÷ ${part(f.denominator)} على المستجيبين الذين أجابوا عن أيٍّ منهما` : `${part(f.numerator)} ÷ ${part(f.denominator)} over respondents who answered either`;
    }
  }
}
